import { useTranslation } from 'react-i18next';
import { LoginRequestSchema } from '@parley/shared';
import { useId, useRef, useState, type FormEvent } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router-dom';
import { authApi } from './auth.api';
import { useSession } from '../../auth/session';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { TextField } from '../../components/TextField';
import { AuthForm, AuthLayout } from './AuthLayout';
import './auth.css';
import { SignInOptions } from './SignInOptions';
import { ssoErrorMessage } from './ssoErrors';
import { useFinishSignIn } from './useFinishSignIn';
import { useFields, useSubmission } from '../../lib/forms';

/** What another page leaves for this one (router state): e.g. "your sign-in expired". */
export interface LoginPageState {
  notice?: string;
}

/** `/login`: the password form (or, when it is off, behind "Administrator sign-in"), single sign-on and passkeys. */
export function LoginPage() {
  const { t } = useTranslation();
  const { instance, notice } = useSession();
  const [params] = useSearchParams();
  const state = useLocation().state as LoginPageState | null;
  const ssoError = params.get('sso_error');
  const next = params.get('next');
  const passwordSignIn = instance?.passwordSignIn ?? true;
  const workspace = instance?.workspaceName ?? 'Parley';
  const shownNotice = state?.notice ?? notice;

  return (
    <AuthLayout
      title={t('auth.login.title')}
      description={t('auth.login.welcome', { workspace })}
      footer={
        instance?.registrationOpen ? (
          <p>
            {t('auth.login.newHere')} <Link to="/register">{t('auth.login.createAccount')}</Link>
          </p>
        ) : (
          <p>{t('auth.login.askAdmin', { workspace })}</p>
        )
      }
    >
      {ssoError ? (
        <Alert tone="error" title={t('auth.login.notSignedIn')} className="form-alert">
          {ssoErrorMessage(ssoError)}
        </Alert>
      ) : (
        shownNotice && (
          <Alert tone="info" className="form-alert">
            {shownNotice}
          </Alert>
        )
      )}
      {passwordSignIn ? (
        <>
          <PasswordForm next={next} />
          <SignInOptions next={next} separated />
        </>
      ) : (
        <>
          <SignInOptions next={next} separated={false} />
          <AdministratorSignIn next={next} />
        </>
      )}
    </AuthLayout>
  );
}

/** The password form behind a disclosure, for break-glass administrators when password sign-in is off. */
function AdministratorSignIn({ next }: { next: string | null }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div className="admin-sign-in">
      <button
        type="button"
        className="auth-link-button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((value) => !value)}
      >
        {t('auth.login.adminSignIn')}
      </button>
      <div id={id} hidden={!open}>
        {open && (
          <>
            <p className="field-hint admin-sign-in-hint">{t('auth.login.adminSignInHint')}</p>
            <PasswordForm next={next} />
          </>
        )}
      </div>
    </div>
  );
}

/** Username and password; a sign-in that needs a second factor goes on to `/login/mfa`. */
function PasswordForm({ next }: { next: string | null }) {
  const { t } = useTranslation();
  const { instance } = useSession();
  const finish = useFinishSignIn(next);
  const { values, bind } = useFields({ username: '', password: '' });
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, formError, busy, submit } = useSubmission(formRef);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    await submit(LoginRequestSchema, values, async (data) => finish(await authApi.login(data)));
  };

  return (
    <AuthForm formRef={formRef} formError={formError} onSubmit={onSubmit}>
      <TextField
        label={t('auth.fields.username')}
        {...bind('username')}
        error={errors.username}
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        required
        autoFocus
      />
      <TextField
        label={t('auth.fields.password')}
        type="password"
        revealable
        {...bind('password')}
        error={errors.password}
        autoComplete="current-password"
        required
      />
      {instance?.passwordReset && (
        <p className="forgot-password">
          <Link to="/forgot-password">{t('auth.login.forgot')}</Link>
        </p>
      )}
      <Button type="submit" block busy={busy}>
        {t('auth.login.submit')}
      </Button>
    </AuthForm>
  );
}
