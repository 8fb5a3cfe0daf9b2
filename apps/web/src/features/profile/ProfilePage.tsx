import { PageHeader } from '../../components/PageHeader';
import { AvatarSection } from './AvatarSection';
import { DetailsSection } from './DetailsSection';
import { PasswordSection } from './PasswordSection';
import { TokensSection } from './TokensSection';
import './profile.css';

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
