import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation();
  const me = useMe();
  const { instance } = useSession();
  const workspace = instance?.workspaceName ?? 'Parley';
  return (
    <div className="page">
      <PageHeader
        title={t('home.welcome', { name: firstName(me.displayName) })}
        description={t('home.signedInAs', { workspace, username: me.username })}
      />
      <RecentRooms />
      <section aria-labelledby="home-next">
        <h2 className="section-title" id="home-next">
          {t('home.next.title')}
        </h2>
        <ul className="action-grid">
          <ActionCard
            to="/profile"
            icon="user"
            title={t('home.next.profile')}
            text={t('home.next.profileText')}
          />
          <ActionCard
            to="/people"
            icon="users"
            title={t('home.next.people')}
            text={t('home.next.peopleText', { workspace })}
          />
          {me.role === 'admin' && (
            <ActionCard
              to="/admin"
              icon="shield"
              title={t('home.next.admin')}
              text={t('home.next.adminText')}
            />
          )}
        </ul>
      </section>
    </div>
  );
}
