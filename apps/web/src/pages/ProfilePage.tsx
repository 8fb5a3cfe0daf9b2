import { PageHeader } from '../components/PageHeader';
import { AvatarSection } from './profile/AvatarSection';
import { DetailsSection } from './profile/DetailsSection';
import { PasswordSection } from './profile/PasswordSection';
import { TokensSection } from './profile/TokensSection';

export function ProfilePage() {
  return (
    <div className="page">
      <PageHeader title="Profile" description="How you appear to others, and how you sign in." />
      <div className="stack">
        <section className="card" aria-labelledby="profile-details">
          <h2 className="card-title" id="profile-details">
            Your details
          </h2>
          <AvatarSection />
          <DetailsSection />
        </section>
        <PasswordSection />
        <TokensSection />
      </div>
    </div>
  );
}
