import { AvatarSection } from './AvatarSection';
import { DetailsSection } from './DetailsSection';
import { NotificationsSection } from './NotificationsSection';
import { PasswordSection } from './PasswordSection';
import { TokensSection } from './TokensSection';

/** Profile → Profile: your details, notifications, password and API tokens. */
export function ProfilePage() {
  return (
    <div className="stack">
      <section className="card" aria-labelledby="profile-details">
        <h2 className="card-title" id="profile-details">
          Your details
        </h2>
        <AvatarSection />
        <DetailsSection />
      </section>
      <NotificationsSection />
      <PasswordSection />
      <TokensSection />
    </div>
  );
}
