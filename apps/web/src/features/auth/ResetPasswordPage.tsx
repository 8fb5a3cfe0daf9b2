import { t as translate } from '../../i18n';
import { useTranslation } from 'react-i18next';
import { PasswordSchema, type PasswordResetInfo } from '@parley/shared';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { z } from 'zod';
import { errorMessage, isApiError } from '../../api/client';
import { authApi } from './auth.api';
import { useSession } from '../../auth/session';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { LoadingBlock } from '../../components/Spinner';
import { TextField } from '../../components/TextField';
import { useDocumentTitle } from '../../components/PageHeader';
import { AuthForm, AuthLayout } from './AuthLayout';
import { formatDateTime, useFields, useSubmission } from '../../lib/forms';

const NewPasswordSchema = z
  .object({ newPassword: PasswordSchema, confirmPassword: z.string() })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ['confirmPassword'],
    error: () => translate('auth.reset.mismatch'),
  });

type LinkState =
  | { status: 'checking' }
  | { status: 'invalid'; message: string }
  | { status: 'usable'; info: PasswordResetInfo };

/** Reads the one-time token from the URL fragment (never sent to the server in the URL) once. */
function takeTokenFromUrl(): string {
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
  // Keep the token out of the address bar and history once read.
  if (window.location.hash) window.history.replaceState(null, '', window.location.pathname);
  return token;
}

/** `/reset-password#token=…`: the link an administrator made; choose a new password, then you're in. */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('auth.reset.title'));
  const { user, instance, signedIn } = useSession();
  const navigate = useNavigate();
  const [token] = useState(takeTokenFromUrl);
  const [link, setLink] = useState<LinkState>({ status: 'checking' });
  const { values, bind } = useFields({ newPassword: '', confirmPassword: '' });
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, formError, busy, submit } = useSubmission(formRef);

  useEffect(() => {
    if (!token) {
      setLink({
        status: 'invalid',
        message: t('auth.reset.noToken'),
      });
      return;
    }
    const controller = new AbortController();
    authApi
      .inspectPasswordReset(token, controller.signal)
      .then((info) => setLink({ status: 'usable', info }))
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        setLink({
          status: 'invalid',
          message:
            isApiError(error) && error.code === 'not_found'
              ? instance?.passwordReset
                ? t('auth.reset.invalidAskNew')
                : t('auth.reset.invalidAskAdmin')
              : errorMessage(error),
        });
      });
    return () => controller.abort();
  }, [token]);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    await submit(NewPasswordSchema, values, async (data) => {
      signedIn(await authApi.completePasswordReset(token, data.newPassword));
      void navigate('/', { replace: true });
    });
  };

  return (
    <AuthLayout
      title={t('auth.reset.title')}
      description={
        link.status === 'usable'
          ? t('auth.reset.for', { name: link.info.displayName, username: link.info.username })
          : t('auth.reset.withLink')
      }
      footer={
        <p>
          {t('auth.remembered')} <Link to="/login">{t('auth.login.submit')}</Link>
        </p>
      }
    >
      {link.status === 'checking' && <LoadingBlock label={t('auth.reset.checking')} />}
      {link.status === 'invalid' && (
        <Alert
          tone="error"
          title={t('auth.reset.unusable')}
          action={
            instance?.passwordReset && !user ? (
              <Link to="/forgot-password">{t('auth.reset.sendNew')}</Link>
            ) : undefined
          }
        >
          {link.message}
        </Alert>
      )}
      {link.status === 'usable' && (
        <>
          {user && user.username !== link.info.username && (
            <Alert tone="info" className="form-alert">
              {t('auth.reset.otherUser', { current: user.username, username: link.info.username })}
            </Alert>
          )}
          <AuthForm formRef={formRef} formError={formError} onSubmit={onSubmit}>
            <input
              type="text"
              name="username"
              value={link.info.username}
              autoComplete="username"
              readOnly
              hidden
            />
            <TextField
              label={t('auth.reset.newPassword')}
              type="password"
              {...bind('newPassword')}
              error={errors.newPassword}
              autoComplete="new-password"
              hint={t('auth.reset.passwordHint')}
              required
              autoFocus
            />
            <TextField
              label={t('auth.reset.confirmPassword')}
              type="password"
              {...bind('confirmPassword')}
              error={errors.confirmPassword}
              autoComplete="new-password"
              required
            />
            <p className="field-hint">
              {t('auth.reset.worksOnce', { expires: formatDateTime(link.info.expiresAt) })}
            </p>
            <Button type="submit" block busy={busy}>
              {t('auth.reset.submit')}
            </Button>
          </AuthForm>
        </>
      )}
    </AuthLayout>
  );
}
