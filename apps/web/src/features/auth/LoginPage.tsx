import { LoginRequestSchema } from '@parley/shared';
import { useRef, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { authApi } from './auth.api';
import { useSession } from '../../auth/session';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { TextField } from '../../components/TextField';
import { AuthForm, AuthLayout } from './AuthLayout';
import { useFields, useSubmission } from '../../lib/forms';

export function LoginPage() {
  const { instance, notice, signedIn } = useSession();
  const { values, bind } = useFields({ username: '', password: '' });
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, formError, busy, submit } = useSubmission(formRef);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    await submit(LoginRequestSchema, values, async (data) => signedIn(await authApi.login(data)));
  };

  const workspace = instance?.workspaceName ?? 'Parley';

  return (
    <AuthLayout
      title="Sign in"
      description={`Welcome back to ${workspace}.`}
      footer={
        instance?.registrationOpen ? (
          <p>
            New here? <Link to="/register">Create an account</Link>
          </p>
        ) : (
          <p>Need an account? Ask an administrator of {workspace} to add you.</p>
        )
      }
    >
      {notice && !formError && (
        <Alert tone="info" className="form-alert">
          {notice}
        </Alert>
      )}
      <AuthForm formRef={formRef} formError={formError} onSubmit={onSubmit}>
        <TextField
          label="Username"
          {...bind('username')}
          error={errors.username}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          autoFocus
        />
        <TextField
          label="Password"
          type="password"
          revealable
          {...bind('password')}
          error={errors.password}
          autoComplete="current-password"
          required
        />
        <Button type="submit" block busy={busy}>
          Sign in
        </Button>
      </AuthForm>
    </AuthLayout>
  );
}
