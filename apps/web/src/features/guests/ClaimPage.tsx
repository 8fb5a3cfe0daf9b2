import { ClaimAccountRequestSchema } from '@parley/shared';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { useMe, useSession } from '../../auth/session';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { PageHeader } from '../../components/PageHeader';
import { TextField } from '../../components/TextField';
import { optional, useFields, useSubmission } from '../../lib/forms';
import { visitsApi } from './visits.api';

/**
 * `/claim`: a guest turns their personal link into an account (username and password, e-mail if they
 * like). Their consultations stay theirs and this session goes on, now as a member.
 */
export function ClaimPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { instance, refreshUser } = useSession();
  const navigate = useNavigate();
  const formRef = useRef<HTMLFormElement>(null);
  const { values, bind } = useFields({ username: '', email: me.email ?? '', password: '' });
  const { errors, formError, busy, submit } = useSubmission(formRef);
  const [done, setDone] = useState(false);
  const workspace = instance?.workspaceName ?? 'Parley';

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    await submit(
      ClaimAccountRequestSchema,
      { ...values, email: optional(values.email) },
      async (data) => {
        await visitsApi.claim(data);
        setDone(true);
        // The session now belongs to a member: the app frame changes with it, on their consultations.
        void navigate('/consultations', { replace: true });
        await refreshUser();
      },
      (error, failure) => {
        if (isApiError(error) && error.code === 'username_taken') {
          return { message: '', fields: { username: error.message } };
        }
        return failure;
      },
    );
  };

  return (
    <div className="page claim-page">
      <PageHeader
        title={t('guests.claim.title')}
        description={t('guests.claim.description', { workspace })}
      />
      <section className="card" aria-labelledby="claim-form-title">
        <h2 className="card-title" id="claim-form-title">
          {t('guests.claim.formTitle')}
        </h2>
        <p className="card-description">{t('guests.claim.formDescription', { name: me.displayName })}</p>
        {formError && (
          <Alert tone="error" className="form-alert">
            {formError}
          </Alert>
        )}
        {done && !formError && (
          <Alert tone="success" className="form-alert">
            {t('guests.claim.done')}
          </Alert>
        )}
        <form ref={formRef} className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
          <TextField
            label={t('guests.claim.username')}
            {...bind('username')}
            error={errors.username}
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            hint={t('guests.claim.usernameHint')}
          />
          <TextField
            label={t('guests.claim.email')}
            type="email"
            {...bind('email')}
            error={errors.email}
            autoComplete="email"
            hint={t('guests.claim.emailHint')}
          />
          <TextField
            label={t('guests.claim.password')}
            type="password"
            {...bind('password')}
            error={errors.password}
            autoComplete="new-password"
            required
            hint={t('guests.claim.passwordHint')}
          />
          <div className="form-actions">
            <Button type="submit" busy={busy}>
              {t('guests.claim.submit')}
            </Button>
          </div>
        </form>
      </section>
    </div>
  );
}
