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
    message: 'The two passwords don’t match',
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
  useDocumentTitle('Choose a new password');
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
        message: 'This link has no reset code. Open the whole link you were sent.',
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
                ? 'This link is invalid, used or expired. Ask for a new one, or ask an administrator.'
                : 'This link is invalid, used or expired. Ask an administrator for a new one.'
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
      title="Choose a new password"
      description={
        link.status === 'usable'
          ? `For ${link.info.displayName} (@${link.info.username}).`
          : 'With the link you were sent.'
      }
      footer={
        <p>
          Remembered it? <Link to="/login">Sign in</Link>
        </p>
      }
    >
      {link.status === 'checking' && <LoadingBlock label="Checking the link…" />}
      {link.status === 'invalid' && (
        <Alert
          tone="error"
          title="This link can’t be used"
          action={
            instance?.passwordReset && !user ? (
              <Link to="/forgot-password">Send me a new link</Link>
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
              You’re signed in as @{user.username}. Saving signs this browser in as @{link.info.username}
              instead.
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
              label="New password"
              type="password"
              {...bind('newPassword')}
              error={errors.newPassword}
              autoComplete="new-password"
              hint="At least 10 characters."
              required
              autoFocus
            />
            <TextField
              label="Confirm new password"
              type="password"
              {...bind('confirmPassword')}
              error={errors.confirmPassword}
              autoComplete="new-password"
              required
            />
            <p className="field-hint">
              The link works once, until {formatDateTime(link.info.expiresAt)}. Saving signs you out on every
              other device.
            </p>
            <Button type="submit" block busy={busy}>
              Save password and sign in
            </Button>
          </AuthForm>
        </>
      )}
    </AuthLayout>
  );
}
