import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation();
  const { instance, signedIn, updateInstance } = useSession();
  const { values, bind } = useFields({ username: '', displayName: '', email: '', password: '' });
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, formError, busy, submit } = useSubmission(formRef);

  const workspace = instance?.workspaceName ?? 'Parley';
  const footer = (
    <p>
      {t('auth.register.haveAccount')} <Link to="/login">{t('auth.login.submit')}</Link>
    </p>
  );

  if (!instance?.registrationOpen) {
    return (
      <AuthLayout title={t('auth.register.closedTitle')} footer={footer}>
        <Alert tone="info">{formError ?? t('auth.register.closed', { workspace })}</Alert>
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
    <AuthLayout
      title={t('auth.register.title')}
      description={t('auth.register.join', { workspace })}
      footer={footer}
    >
      <AuthForm formRef={formRef} formError={formError} onSubmit={onSubmit}>
        <AccountFields bind={bind} errors={errors} />
        <Button type="submit" block busy={busy}>
          {t('auth.register.submit')}
        </Button>
      </AuthForm>
    </AuthLayout>
  );
}
