import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { useSession } from '../../auth/session';
import { Alert } from '../../components/Alert';
import { BrandMark } from '../../components/BrandMark';
import { Button } from '../../components/Button';
import { useDocumentTitle } from '../../components/PageHeader';
import { SecondFactorSection } from './SecondFactorSection';
import './profile.css';
import './mfaSetup.css';

/**
 * What a session sees when the organisation requires a second factor and the grace period is over:
 * set one up (the same enrollment as Profile → Security) or sign out. Nothing else works until then.
 */
export function MfaSetupPage() {
  useDocumentTitle('Set up a second factor');
  const { signOut, instance } = useSession();
  const [signingOut, setSigningOut] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const leave = async () => {
    setSigningOut(true);
    setError(null);
    try {
      await signOut();
    } catch (err) {
      setError(errorMessage(err));
      setSigningOut(false);
    }
  };

  return (
    <main className="mfa-wall">
      <header className="mfa-wall-header">
        <BrandMark />
        <span>{instance?.workspaceName ?? 'Parley'}</span>
      </header>
      <div className="mfa-wall-body stack">
        <div>
          <h1 className="page-title" tabIndex={-1} data-page-title>
            Set up a second factor to continue
          </h1>
          <p className="page-description">
            Your organisation requires a second factor for your account, and the time to set one up is over.
            Set one up now to continue, or sign out.
          </p>
        </div>
        <SecondFactorSection />
        {error && <Alert tone="error">{error}</Alert>}
        <div>
          <Button variant="ghost" busy={signingOut} onClick={() => void leave()}>
            Sign out
          </Button>
        </div>
      </div>
    </main>
  );
}
