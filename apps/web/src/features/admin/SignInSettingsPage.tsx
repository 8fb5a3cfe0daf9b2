import { useDocumentTitle } from '../../components/PageHeader';
import { IdentityProvidersSection } from './IdentityProvidersSection';
import { SecuritySettingsForm } from './SecuritySettingsForm';
import { SettingsSectionLoader } from './SettingsSectionLoader';

/** Administration → Sign-in: second factor policy, password sign-in, and single sign-on providers. */
export function SignInSettingsPage() {
  useDocumentTitle('Sign-in');
  return (
    <div className="stack">
      <SettingsSectionLoader section="security" label="Second factor and passwords">
        {(saved, onSaved) => <SecuritySettingsForm saved={saved} onSaved={onSaved} />}
      </SettingsSectionLoader>
      <IdentityProvidersSection />
    </div>
  );
}
