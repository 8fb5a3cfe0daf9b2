import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation();
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
      title={t('auth.forgot.title')}
      description={sent ? undefined : t('auth.forgot.description')}
      footer={
        <p>
          {t('auth.remembered')} <Link to="/login">{t('auth.backToSignIn')}</Link>
        </p>
      }
    >
      {!instance?.passwordReset ? (
        <Alert tone="info" title={t('auth.forgot.noMailTitle')}>
          {t('auth.forgot.noMail', { workspace: instance?.workspaceName ?? 'Parley' })}
        </Alert>
      ) : sent ? (
        <Alert tone="success" title={t('auth.forgot.sentTitle')}>
          {t('auth.forgot.sent')}
        </Alert>
      ) : (
        <AuthForm formRef={formRef} formError={formError} onSubmit={onSubmit}>
          <TextField
            label={t('auth.fields.usernameOrEmail')}
            {...bind('usernameOrEmail')}
            error={errors.usernameOrEmail}
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            autoFocus
          />
          <Button type="submit" block busy={busy}>
            {t('auth.forgot.submit')}
          </Button>
        </AuthForm>
      )}
    </AuthLayout>
  );
}
