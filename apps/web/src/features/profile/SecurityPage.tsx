import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../../components/PageHeader';
import { DevicesSection } from './DevicesSection';
import { LinkedAccountsSection } from './LinkedAccountsSection';
import { PushSection } from './PushSection';
import { SecondFactorSection } from './SecondFactorSection';

/** Profile → Security: second factors, signed-in devices, push on this device and linked accounts. */
export function SecurityPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('profile.security.documentTitle'));
  return (
    <div className="stack">
      <SecondFactorSection />
      <DevicesSection />
      <PushSection />
      <LinkedAccountsSection />
    </div>
  );
}
