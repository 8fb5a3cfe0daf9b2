import { PasswordChangeRequestSchema } from '@parley/shared';
import { useRef, useState, type FormEvent } from 'react';
import { isApiError } from '../../api/client';
import { api } from '../../api/endpoints';
import { useMe } from '../../auth/session';
import { FormFooter } from '../../components/FormFooter';
import { TextField } from '../../components/TextField';
import {
  describeFailure,
  useFields,
  useFocusFirstInvalid,
  validate,
  type FieldErrors,
} from '../../lib/forms';

export function PasswordSection() {
  const me = useMe();
  const { values, bind, reset } = useFields({ currentPassword: '', newPassword: '', confirmPassword: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, errors);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const checked = validate(PasswordChangeRequestSchema, {
      currentPassword: values.currentPassword,
      newPassword: values.newPassword,
    });
    const fieldErrors: FieldErrors = checked.ok ? {} : { ...checked.errors };
    if (!values.currentPassword) fieldErrors.currentPassword = 'Enter your current password';
    if (!fieldErrors.newPassword && values.confirmPassword !== values.newPassword) {
      fieldErrors.confirmPassword = 'The two new passwords don’t match';
    }
    if (!checked.ok || Object.keys(fieldErrors).length > 0) {
      setStatus(null);
      setErrors(fieldErrors);
      return;
    }
    setBusy(true);
    setErrors({});
    setStatus(null);
    try {
      await api.changePassword(checked.data);
      reset();
      setStatus({
        tone: 'success',
        text: 'Password changed. Any other devices you were signed in on were signed out.',
      });
    } catch (error) {
      const failure = describeFailure(error);
      if (isApiError(error) && error.code === 'invalid_credentials') {
        setErrors({ currentPassword: 'That isn’t your current password' });
      } else {
        setErrors(failure.fields);
      }
      setStatus({ tone: 'error', text: failure.message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="profile-password">
      <h2 className="card-title" id="profile-password">
        Change password
      </h2>
      <p className="card-description">Changing your password signs you out everywhere else.</p>
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
        <FormFooter status={status} busy={busy} submitLabel="Change password" />
      </form>
    </section>
  );
}
