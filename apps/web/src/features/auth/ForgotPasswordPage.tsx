import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useSession } from '../../auth/session';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { TextField } from '../../components/TextField';
import { useFields, useSubmission } from '../../lib/forms';
import { authApi } from './auth.api';
import { AuthForm, AuthLayout } from './AuthLayout';
import './auth.css';

/**
 * `/forgot-password`: asks for a reset link by e-mail. The answer is the same whether or not an account
 * matches, so the page never says which; the link leads to `/reset-password`.
 */
export function ForgotPasswordPage() {
  const { instance } = useSession();
  const { values, bind } = useFields({ usernameOrEmail: '' });
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, formError, busy, submit } = useSubmission(formRef);
  const [sent, setSent] = useState(false);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    await submit(
      (s) => s.PasswordForgotRequestSchema,
      values,
      async (data) => {
        await authApi.passwordForgot(data);
        setSent(true);
      },
    );
  };

  return (
    <AuthLayout
      title="Reset your password"
      description={
        sent
          ? undefined
          : 'Enter your username or e-mail address and we’ll send you a link to choose a new password.'
      }
      footer={
        <p>
          Remembered it? <Link to="/login">Back to sign in</Link>
        </p>
      }
    >
      {!instance?.passwordReset ? (
        <Alert tone="info" title="Reset links by e-mail are not available here">
          This workspace does not send e-mail. Ask an administrator of {instance?.workspaceName ?? 'Parley'}{' '}
          for a reset link.
        </Alert>
      ) : sent ? (
        <Alert tone="success" title="Check your e-mail">
          If an account matches, we’ve sent a link to its e-mail address; it works for an hour. Nothing
          arrived? Look in your spam folder, or ask an administrator.
        </Alert>
      ) : (
        <AuthForm formRef={formRef} formError={formError} onSubmit={onSubmit}>
          <TextField
            label="Username or e-mail address"
            {...bind('usernameOrEmail')}
            error={errors.usernameOrEmail}
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            autoFocus
          />
          <Button type="submit" block busy={busy}>
            Send reset link
          </Button>
        </AuthForm>
      )}
    </AuthLayout>
  );
}
