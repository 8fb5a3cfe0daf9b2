import { t as translate } from '../../i18n';
import { useTranslation } from 'react-i18next';
import type { MfaMethod } from '@parley/shared';
import { useRef, useState, type FormEvent } from 'react';
import { Link, Navigate, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { useSession } from '../../auth/session';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { TextField } from '../../components/TextField';
import { useFields, useSubmission, type ValidatingSchema } from '../../lib/forms';
import { safeNextPath } from '../../lib/nextPath';
import { authApi } from './auth.api';
import { AuthForm, AuthLayout } from './AuthLayout';
import './auth.css';
import type { LoginPageState } from './LoginPage';
import type { MfaStepState } from './useFinishSignIn';
import { passkeysSupported } from './passkeys';
import { usePasskeyStep } from './usePasskeyStep';

const ALL_METHODS: readonly MfaMethod[] = ['totp', 'passkey', 'recovery'];

/** The server no longer has this sign-in (expired, ended by too many wrong codes, or never begun). */
const EXPIRED = 'mfa_sign_in_expired';

/** A code field's check: `clean` tidies what was typed, `valid` says whether it can be a code at all. */
function codeCheck(
  clean: (typed: string) => string,
  valid: (code: string) => boolean,
  message: () => string,
): ValidatingSchema<{ code: string }> {
  return {
    safeParse(data) {
      const typed = (data as { code?: unknown }).code;
      const code = clean(typeof typed === 'string' ? typed : '');
      return valid(code)
        ? { success: true, data: { code } }
        : { success: false, error: { issues: [{ path: ['code'], message: message() }] } };
    },
  };
}

/** Six digits; spaces are forgiven, as people copy "123 456" from their app. */
const TotpCode = codeCheck(
  (typed) => typed.replace(/\s/g, ''),
  (code) => /^\d{6}$/.test(code),
  () => translate('auth.mfa.totpInvalid'),
);

/** A recovery code (`xxxxx-xxxxx`), as the person saved it. */
const RecoveryCode = codeCheck(
  (typed) => typed.trim(),
  (code) => code.replace(/[\s-]/g, '').length >= 10,
  () => translate('auth.mfa.recoveryInvalid'),
);

/** The methods the sign-in offered (router state from the password form); else every method there is. */
function offeredMethods(state: unknown): readonly MfaMethod[] {
  const methods = (state as Partial<MfaStepState> | null)?.methods;
  if (!Array.isArray(methods)) return ALL_METHODS;
  const known = ALL_METHODS.filter((m) => methods.includes(m));
  return known.length > 0 ? known : ALL_METHODS;
}

/**
 * `/login/mfa`: the second step of a sign-in whose first factor was right (password, or an identity
 * provider without its own MFA): a code from the authenticator app, a recovery code, or a passkey.
 */
export function MfaPage() {
  const { t } = useTranslation();
  const { signedIn } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const methods = offeredMethods(location.state);
  const canPasskey = methods.includes('passkey') && passkeysSupported();
  const codeMethods = methods.filter((m): m is 'totp' | 'recovery' => m !== 'passkey');
  // The app's code first; else the passkey where this browser can; a recovery code is the fallback.
  const [mode, setMode] = useState<'totp' | 'recovery' | null>(
    methods.includes('totp') ? 'totp' : canPasskey ? null : (codeMethods[0] ?? null),
  );
  const { values, bind, reset } = useFields({ code: '' });
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, formError, busy, submit } = useSubmission(formRef);
  const passkey = usePasskeyStep();
  const next = params.get('next');
  const returnTo = params.get('returnTo');

  /** An expired sign-in goes back to the start with a word why; other failures are shown here. */
  const expired = (error: unknown): boolean => {
    if (!(isApiError(error) && error.code === EXPIRED)) return false;
    const state: LoginPageState = { notice: t('auth.mfa.expired') };
    void navigate(next ? `/login?${new URLSearchParams({ next }).toString()}` : '/login', {
      replace: true,
      state,
    });
    return true;
  };

  const switchTo = (to: 'totp' | 'recovery') => {
    setMode(to);
    // The field is a new one (its key changes), and takes the focus: the keyboard carries on from it.
    reset();
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    await submit(
      mode === 'recovery' ? RecoveryCode : TotpCode,
      values,
      async (data) => signedIn(await authApi.mfa({ code: data.code })),
      (error, failure) => (expired(error) ? null : failure),
    );
  };

  // Where a single sign-on says to go on to (`returnTo`) becomes `next`, which the app follows once
  // signed in (App.tsx), as after the password form.
  if (returnTo !== null && next === null) {
    const search = new URLSearchParams({ next: safeNextPath(returnTo) }).toString();
    return <Navigate to={`/login/mfa?${search}`} replace state={location.state as unknown} />;
  }

  const other = mode === 'totp' ? 'recovery' : 'totp';
  const canSwitch = mode !== null && codeMethods.includes(other);

  return (
    <AuthLayout
      title={t('auth.mfa.title')}
      description={
        mode === 'recovery'
          ? t('auth.mfa.recoveryDescription')
          : mode === 'totp'
            ? t('auth.mfa.totpDescription')
            : t('auth.mfa.passkeyDescription')
      }
      footer={
        <p>
          {t('auth.mfa.notYou')} <Link to="/login">{t('auth.backToSignIn')}</Link>
        </p>
      }
    >
      {passkey.error && (
        <Alert tone="error" className="form-alert">
          {passkey.error}
        </Alert>
      )}
      {mode !== null && (
        <AuthForm formRef={formRef} formError={formError} onSubmit={onSubmit}>
          {mode === 'totp' ? (
            <TextField
              key="totp"
              label={t('auth.mfa.totpLabel')}
              {...bind('code')}
              error={errors.code}
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9 ]*"
              maxLength={7}
              spellCheck={false}
              required
              autoFocus
            />
          ) : (
            <TextField
              key="recovery"
              label={t('auth.mfa.recoveryLabel')}
              {...bind('code')}
              error={errors.code}
              hint={t('auth.mfa.recoveryHint')}
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              maxLength={32}
              required
              autoFocus
            />
          )}
          <Button type="submit" block busy={busy}>
            {t('auth.mfa.verify')}
          </Button>
          {canSwitch && (
            <button type="button" className="auth-link-button" onClick={() => switchTo(other)}>
              {other === 'recovery' ? t('auth.mfa.useRecovery') : t('auth.mfa.useTotp')}
            </button>
          )}
        </AuthForm>
      )}
      {canPasskey && (
        <div className="sign-in-options">
          {mode !== null && (
            <p className="auth-divider">
              <span>{t('auth.or')}</span>
            </p>
          )}
          <Button
            variant={mode === null ? 'primary' : 'secondary'}
            block
            icon={<Icon name="key" />}
            busy={passkey.busy}
            onClick={() =>
              void passkey.run({
                options: authApi.mfaOptions,
                verify: (assertion) => authApi.mfa({ assertion }),
                done: signedIn,
                handled: expired,
              })
            }
          >
            {t('auth.mfa.usePasskey')}
          </Button>
          {mode === null && codeMethods.includes('recovery') && (
            <button type="button" className="auth-link-button" onClick={() => switchTo('recovery')}>
              {t('auth.mfa.useRecovery')}
            </button>
          )}
        </div>
      )}
      {mode === null && !canPasskey && (
        <Alert tone="warning" title={t('auth.mfa.noPasskeysTitle')}>
          {t('auth.mfa.noPasskeys')}
        </Alert>
      )}
    </AuthLayout>
  );
}
