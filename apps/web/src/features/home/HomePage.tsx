import { Link } from 'react-router-dom';
import { useMe, useSession } from '../../auth/session';
import { Icon, type IconName } from '../../components/Icon';
import { PageHeader } from '../../components/PageHeader';
import { RecentRooms } from '../chat';
import './home.css';

function firstName(displayName: string): string {
  return displayName.trim().split(/\s+/)[0] ?? displayName;
}

function ActionCard({ to, icon, title, text }: { to: string; icon: IconName; title: string; text: string }) {
  return (
    <li>
      <Link to={to} className="action-card">
        <span className="action-card-icon" aria-hidden="true">
          <Icon name={icon} />
        </span>
        <span className="action-card-title">{title}</span>
        <span className="action-card-text">{text}</span>
      </Link>
    </li>
  );
}

export function HomePage() {
  const me = useMe();
  const { instance } = useSession();
  const workspace = instance?.workspaceName ?? 'Parley';
  return (
    <div className="page">
      <PageHeader
        title={`Welcome, ${firstName(me.displayName)}`}
        description={`You’re signed in to ${workspace} as @${me.username}.`}
      />
      <RecentRooms />
      <section aria-labelledby="home-next">
        <h2 className="section-title" id="home-next">
          Get started
        </h2>
        <ul className="action-grid">
          <ActionCard
            to="/profile"
            icon="user"
            title="Complete your profile"
            text="Add a photo and check how your name appears to others."
          />
          <ActionCard
            to="/people"
            icon="users"
            title="Find people"
            text={`See who else is in ${workspace}.`}
          />
          {me.role === 'admin' && (
            <ActionCard
              to="/admin"
              icon="shield"
              title="Manage the workspace"
              text="Rename the workspace, open registration or add people."
            />
          )}
        </ul>
      </section>
    </div>
  );
}
