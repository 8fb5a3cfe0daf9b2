import { RegisterRequestSchema } from '@parley/shared';
import { useRef, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { authApi } from './auth.api';
import { useSession } from '../../auth/session';
import { AccountFields } from '../../components/AccountFields';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { AuthForm, AuthLayout } from './AuthLayout';
import { optional, useFields, useSubmission } from '../../lib/forms';

export function RegisterPage() {
  const { instance, signedIn, updateInstance } = useSession();
  const { values, bind } = useFields({ username: '', displayName: '', email: '', password: '' });
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, formError, busy, submit } = useSubmission(formRef);

  const workspace = instance?.workspaceName ?? 'Parley';
  const footer = (
    <p>
      Already have an account? <Link to="/login">Sign in</Link>
    </p>
  );

  if (!instance?.registrationOpen) {
    return (
      <AuthLayout title="Registration is closed" footer={footer}>
        <Alert tone="info">
          {formError ?? `New accounts for ${workspace} are created by an administrator. Ask one to add you.`}
        </Alert>
      </AuthLayout>
    );
  }

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    await submit(
      RegisterRequestSchema,
      { ...values, email: optional(values.email) },
      async (data) => signedIn(await authApi.register(data)),
      (error, failure) => {
        if (isApiError(error) && error.code === 'registration_closed') {
          updateInstance({ registrationOpen: false });
        }
        if (isApiError(error) && error.code === 'username_taken') {
          // Said once, on the field it is about.
          return { message: '', fields: { username: error.message } };
        }
        return failure;
      },
    );
  };

  return (
    <AuthLayout title="Create your account" description={`Join ${workspace}.`} footer={footer}>
      <AuthForm formRef={formRef} formError={formError} onSubmit={onSubmit}>
        <AccountFields bind={bind} errors={errors} />
        <Button type="submit" block busy={busy}>
          Create account
        </Button>
      </AuthForm>
    </AuthLayout>
  );
}
