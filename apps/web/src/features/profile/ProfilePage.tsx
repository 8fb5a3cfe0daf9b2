import { useTranslation } from 'react-i18next';
import { AvatarSection } from './AvatarSection';
import { DetailsSection } from './DetailsSection';
import { LanguageSection } from './LanguageSection';
import { NotificationsSection } from './NotificationsSection';
import { PasswordSection } from './PasswordSection';
import { TokensSection } from './TokensSection';

/** Profile → Profile: your details, language, notifications, password and API tokens. */
export function ProfilePage() {
  const { t } = useTranslation();
  return (
    <div className="stack">
      <section className="card" aria-labelledby="profile-details">
        <h2 className="card-title" id="profile-details">
          {t('profile.details.title')}
        </h2>
        <AvatarSection />
        <DetailsSection />
      </section>
      <LanguageSection />
      <NotificationsSection />
      <PasswordSection />
      <TokensSection />
    </div>
  );
}
