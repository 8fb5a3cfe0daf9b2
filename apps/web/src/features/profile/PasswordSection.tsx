import { PasswordChangeRequestSchema } from '@parley/shared';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, isApiError } from '../../api/client';
import { profileApi } from './profile.api';
import { useMe } from '../../auth/session';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { CheckboxField } from '../../components/CheckboxField';
import { FormFooter } from '../../components/FormFooter';
import { TextField } from '../../components/TextField';
import { z } from 'zod';
import { t } from '../../i18n';
import { useFields, useSubmission } from '../../lib/forms';

/**
 * The API's request plus the confirmation field, checked together before anything is sent. Made when
 * the form is sent, so its messages are in the language shown then.
 */
const passwordFormSchema = () =>
  PasswordChangeRequestSchema.extend({
    currentPassword: z.string().min(1, t('profile.password.currentRequired')).max(256),
    confirmPassword: z.string(),
  }).refine((v) => v.newPassword === v.confirmPassword, {
    path: ['confirmPassword'],
    message: t('profile.password.mismatch'),
  });

export function PasswordSection() {
  const { t } = useTranslation();
  const me = useMe();
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, status, busy, submit, clearSaved } = useSubmission(formRef);
  const { values, bind, reset } = useFields(
    { currentPassword: '', newPassword: '', confirmPassword: '' },
    clearSaved,
  );
  const [revokeTokens, setRevokeTokens] = useState(false);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    await submit(
      passwordFormSchema(),
      { ...values, revokeTokens },
      async ({ confirmPassword: _confirm, ...request }) => {
        await profileApi.changePassword(request);
        reset();
        setRevokeTokens(false);
        return request.revokeTokens
          ? t('profile.password.changedRevoked')
          : t('profile.password.changedKept');
      },
      (error, failure) =>
        isApiError(error) && error.code === 'invalid_credentials'
          ? { message: failure.message, fields: { currentPassword: t('profile.password.wrongCurrent') } }
          : failure,
    );
  };

  return (
    <section className="card" aria-labelledby="profile-password">
      <h2 className="card-title" id="profile-password">
        {t('profile.password.title')}
      </h2>
      <p className="card-description">{t('profile.password.description')}</p>
      <form ref={formRef} className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
        {/* Lets password managers file the new password under the right account. */}
        <input type="text" name="username" value={me.username} autoComplete="username" readOnly hidden />
        <TextField
          label={t('profile.password.current')}
          type="password"
          revealable
          {...bind('currentPassword')}
          error={errors.currentPassword}
          autoComplete="current-password"
          required
        />
        <TextField
          label={t('profile.password.new')}
          type="password"
          revealable
          {...bind('newPassword')}
          error={errors.newPassword}
          autoComplete="new-password"
          hint={t('profile.password.newHint')}
          required
        />
        <TextField
          label={t('profile.password.confirm')}
          type="password"
          {...bind('confirmPassword')}
          error={errors.confirmPassword}
          autoComplete="new-password"
          required
        />
        <CheckboxField
          label={t('profile.password.revokeTokens')}
          description={t('profile.password.revokeTokensHint')}
          checked={revokeTokens}
          onChange={(on) => {
            setRevokeTokens(on);
            clearSaved();
          }}
        />
        <FormFooter status={status} busy={busy} submitLabel={t('profile.password.submit')} />
      </form>
      <SignOutEverywhere />
    </section>
  );
}

/** Ends every other session and revokes every API token, after a confirmation. */
function SignOutEverywhere() {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  // Done is said while rendering, in the language shown; a failure is the server's message.
  const [status, setStatus] = useState<{ tone: 'success' } | { tone: 'error'; text: string } | null>(null);

  const run = async () => {
    setBusy(true);
    setStatus(null);
    try {
      await profileApi.signOutEverywhere();
      setConfirming(false);
      setStatus({ tone: 'success' });
    } catch (error) {
      setStatus({ tone: 'error', text: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="danger-zone">
      <h3 className="subsection-title">{t('profile.password.everywhere.title')}</h3>
      <p className="field-hint">{t('profile.password.everywhere.hint')}</p>
      {confirming ? (
        <div className="form-actions">
          <Button variant="danger" busy={busy} onClick={() => void run()}>
            {t('profile.password.everywhere.confirm')}
          </Button>
          <Button variant="ghost" disabled={busy} onClick={() => setConfirming(false)}>
            {t('profile.password.everywhere.cancel')}
          </Button>
        </div>
      ) : (
        <div className="form-actions">
          <Button
            variant="secondary"
            onClick={() => {
              setStatus(null);
              setConfirming(true);
            }}
          >
            {t('profile.password.everywhere.start')}
          </Button>
        </div>
      )}
      {status && (
        <Alert tone={status.tone} className="inline-alert">
          {status.tone === 'success' ? t('profile.password.everywhere.done') : status.text}
        </Alert>
      )}
    </div>
  );
}
