import { PasswordChangeRequestSchema } from '@parley/shared';
import { useRef, useState, type FormEvent } from 'react';
import { errorMessage, isApiError } from '../../api/client';
import { profileApi } from './profile.api';
import { useMe } from '../../auth/session';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { CheckboxField } from '../../components/CheckboxField';
import { FormFooter } from '../../components/FormFooter';
import { TextField } from '../../components/TextField';
import { z } from 'zod';
import { useFields, useSubmission } from '../../lib/forms';

/** The API's request plus the confirmation field, checked together before anything is sent. */
const PasswordFormSchema = PasswordChangeRequestSchema.extend({
  currentPassword: z.string().min(1, 'Enter your current password').max(256),
  confirmPassword: z.string(),
}).refine((v) => v.newPassword === v.confirmPassword, {
  path: ['confirmPassword'],
  message: 'The two new passwords don’t match',
});

export function PasswordSection() {
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
      PasswordFormSchema,
      { ...values, revokeTokens },
      async ({ confirmPassword: _confirm, ...request }) => {
        await profileApi.changePassword(request);
        reset();
        setRevokeTokens(false);
        return request.revokeTokens
          ? 'Password changed. Your other devices were signed out and all your API tokens were revoked.'
          : 'Password changed. Your other devices were signed out; your API tokens still work.';
      },
      (error, failure) =>
        isApiError(error) && error.code === 'invalid_credentials'
          ? { message: failure.message, fields: { currentPassword: 'That isn’t your current password' } }
          : failure,
    );
  };

  return (
    <section className="card" aria-labelledby="profile-password">
      <h2 className="card-title" id="profile-password">
        Change password
      </h2>
      <p className="card-description">
        Changing your password signs you out on every other device. API tokens keep working unless you revoke
        them too.
      </p>
      <form ref={formRef} className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
        {/* Lets password managers file the new password under the right account. */}
        <input type="text" name="username" value={me.username} autoComplete="username" readOnly hidden />
        <TextField
          label="Current password"
          type="password"
          revealable
          {...bind('currentPassword')}
          error={errors.currentPassword}
          autoComplete="current-password"
          required
        />
        <TextField
          label="New password"
          type="password"
          revealable
          {...bind('newPassword')}
          error={errors.newPassword}
          autoComplete="new-password"
          hint="At least 10 characters."
          required
        />
        <TextField
          label="Confirm new password"
          type="password"
          {...bind('confirmPassword')}
          error={errors.confirmPassword}
          autoComplete="new-password"
          required
        />
        <CheckboxField
          label="Also revoke all my API tokens"
          description="Scripts and integrations using them stop working until you create new tokens."
          checked={revokeTokens}
          onChange={(on) => {
            setRevokeTokens(on);
            clearSaved();
          }}
        />
        <FormFooter status={status} busy={busy} submitLabel="Change password" />
      </form>
      <SignOutEverywhere />
    </section>
  );
}

/** Ends every other session and revokes every API token, after a confirmation. */
function SignOutEverywhere() {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);

  const run = async () => {
    setBusy(true);
    setStatus(null);
    try {
      await profileApi.signOutEverywhere();
      setConfirming(false);
      setStatus({
        tone: 'success',
        text: 'Done. Only this browser is still signed in, and no API token works.',
      });
    } catch (error) {
      setStatus({ tone: 'error', text: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="danger-zone">
      <h3 className="subsection-title">Sign out everywhere</h3>
      <p className="field-hint">
        Lost a device or shared a token by mistake? This signs out every other browser and app and revokes all
        your API tokens. You stay signed in here.
      </p>
      {confirming ? (
        <div className="form-actions">
          <Button variant="danger" busy={busy} onClick={() => void run()}>
            Sign out everywhere and revoke tokens
          </Button>
          <Button variant="ghost" disabled={busy} onClick={() => setConfirming(false)}>
            Cancel
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
            Sign out everywhere…
          </Button>
        </div>
      )}
      {status && (
        <Alert tone={status.tone} className="inline-alert">
          {status.text}
        </Alert>
      )}
    </div>
  );
}
