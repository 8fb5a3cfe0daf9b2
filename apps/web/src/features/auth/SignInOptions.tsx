import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { LoadError } from '../../components/LoadError';
import { safeNextPath } from '../../lib/nextPath';
import { useLoad } from '../../lib/useLoad';
import { authApi } from './auth.api';
import { passkeysSupported } from './passkeys';
import { useFinishSignIn } from './useFinishSignIn';
import { usePasskeyStep } from './usePasskeyStep';

/**
 * The sign-in page's other ways in: "Sign in with <provider>" (plain links to the provider's start
 * route, which comes back to `next`) and "Sign in with a passkey" where the browser can. Renders
 * nothing when there is neither; `separated` puts an "or" above them (after the password form).
 */
export function SignInOptions({ next, separated }: { next: string | null; separated: boolean }) {
  const { t } = useTranslation();
  const finish = useFinishSignIn(next);
  const returnTo = safeNextPath(next);
  const providers = useLoad((signal) => authApi.providers(signal), []);
  const passkey = usePasskeyStep();
  const withPasskey = passkeysSupported();
  const list = providers.status === 'ready' ? providers.data.providers : [];

  if (providers.status === 'ready' && list.length === 0 && !withPasskey) return null;

  return (
    <div className="sign-in-options">
      {separated && (
        <p className="auth-divider">
          <span>{t('auth.or')}</span>
        </p>
      )}
      {passkey.error && (
        <Alert tone="error" className="form-alert">
          {passkey.error}
        </Alert>
      )}
      {providers.status === 'loading' && (
        <p className="sign-in-options-loading" role="status">
          {t('auth.options.loading')}
        </p>
      )}
      {providers.status === 'error' && (
        <LoadError
          title={t('auth.options.unavailable')}
          message={providers.message}
          onRetry={providers.retry}
        />
      )}
      {list.length > 0 && (
        <ul className="sign-in-providers" aria-label={t('auth.options.sso')}>
          {list.map((provider) => (
            <li key={provider.id}>
              <a
                className="btn btn-secondary btn-block"
                href={authApi.providerStartUrl(provider.id, returnTo)}
              >
                {t('auth.options.withProvider', { provider: provider.name })}
              </a>
            </li>
          ))}
        </ul>
      )}
      {withPasskey && (
        <Button
          variant="secondary"
          block
          icon={<Icon name="key" />}
          busy={passkey.busy}
          onClick={() =>
            void passkey.run({
              options: authApi.passkeyOptions,
              verify: (assertion) => authApi.passkeySignIn({ assertion }),
              done: finish,
            })
          }
        >
          {t('auth.options.withPasskey')}
        </Button>
      )}
    </div>
  );
}
