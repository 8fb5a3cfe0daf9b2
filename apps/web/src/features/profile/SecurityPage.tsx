import { useDocumentTitle } from '../../components/PageHeader';
import { DevicesSection } from './DevicesSection';
import { LinkedAccountsSection } from './LinkedAccountsSection';
import { PushSection } from './PushSection';
import { SecondFactorSection } from './SecondFactorSection';

/** Profile → Security: second factors, signed-in devices, push on this device and linked accounts. */
export function SecurityPage() {
  useDocumentTitle('Security');
  return (
    <div className="stack">
      <SecondFactorSection />
      <DevicesSection />
      <PushSection />
      <LinkedAccountsSection />
    </div>
  );
}
