import { useState } from 'react';
import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation();
  useDocumentTitle(t('profile.mfa.wall.documentTitle'));
  const { signOut, instance } = useSession();
  // The brand, not a word: it stays as it is in every language.
  const workspace = instance?.workspaceName ?? 'Parley';
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
        <span>{workspace}</span>
      </header>
      <div className="mfa-wall-body stack">
        <div>
          <h1 className="page-title" tabIndex={-1} data-page-title>
            {t('profile.mfa.wall.title')}
          </h1>
          <p className="page-description">{t('profile.mfa.wall.description')}</p>
        </div>
        <SecondFactorSection />
        {error && <Alert tone="error">{error}</Alert>}
        <div>
          <Button variant="ghost" busy={signingOut} onClick={() => void leave()}>
            {t('profile.mfa.wall.signOut')}
          </Button>
        </div>
      </div>
    </main>
  );
}
