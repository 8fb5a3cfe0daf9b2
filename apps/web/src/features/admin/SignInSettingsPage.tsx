import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../../components/PageHeader';
import { IdentityProvidersSection } from './IdentityProvidersSection';
import { SecuritySettingsForm } from './SecuritySettingsForm';
import { SettingsSectionLoader } from './SettingsSectionLoader';

/** Administration → Sign-in: second factor policy, password sign-in, and single sign-on providers. */
export function SignInSettingsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('settings.signIn.documentTitle'));
  return (
    <div className="stack">
      <SettingsSectionLoader section="security" label={t('settings.signIn.label')}>
        {(saved, onSaved) => <SecuritySettingsForm saved={saved} onSaved={onSaved} />}
      </SettingsSectionLoader>
      <IdentityProvidersSection />
    </div>
  );
}
