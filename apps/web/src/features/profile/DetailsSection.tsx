import { ProfileUpdateRequestSchema } from '@parley/shared';
import { useRef, useState, type FormEvent } from 'react';
import { api } from '../../api/endpoints';
import { useMe, useSession } from '../../auth/session';
import { FormFooter } from '../../components/FormFooter';
import { TextField } from '../../components/TextField';
import {
  describeFailure,
  useFields,
  useFocusFirstInvalid,
  validate,
  type FieldErrors,
} from '../../lib/forms';

export function DetailsSection() {
  const me = useMe();
  const { setUser } = useSession();
  const [status, setStatus] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);
  // An old "saved" message goes as soon as a new change begins.
  const clearSaved = () => setStatus((current) => (current?.tone === 'success' ? null : current));
  const { values, bind } = useFields({ displayName: me.displayName, email: me.email ?? '' }, clearSaved);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, errors);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const email = values.email.trim();
    const checked = validate(ProfileUpdateRequestSchema, {
      displayName: values.displayName,
      email: email === '' ? null : email,
    });
    if (!checked.ok) {
      setStatus(null);
      setErrors(checked.errors);
      return;
    }
    setBusy(true);
    setErrors({});
    setStatus(null);
    try {
      setUser(await api.updateProfile(checked.data));
      setStatus({ tone: 'success', text: 'Profile saved.' });
    } catch (error) {
      const failure = describeFailure(error);
      setErrors(failure.fields);
      setStatus({ tone: 'error', text: failure.message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
      <TextField
        label="Username"
        name="username"
        value={me.username}
        readOnly
        hint="Your username is how people find and mention you. It can’t be changed."
      />
      <TextField
        label="Display name"
        {...bind('displayName')}
        error={errors.displayName}
        autoComplete="name"
        required
      />
      <TextField
        label="Email"
        type="email"
        {...bind('email')}
        error={errors.email}
        autoComplete="email"
        hint="Optional. Only you and administrators can see it. Leave empty to remove it."
      />
      <FormFooter status={status} busy={busy} submitLabel="Save profile" />
    </form>
  );
}
