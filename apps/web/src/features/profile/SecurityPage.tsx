import { useDocumentTitle } from '../../components/PageHeader';
import { DevicesSection } from './DevicesSection';
import { LinkedAccountsSection } from './LinkedAccountsSection';
import { SecondFactorSection } from './SecondFactorSection';

/** Profile → Security: second factors, signed-in devices and linked accounts. */
export function SecurityPage() {
  useDocumentTitle('Security');
  return (
    <div className="stack">
      <SecondFactorSection />
      <DevicesSection />
      <LinkedAccountsSection />
    </div>
  );
}
