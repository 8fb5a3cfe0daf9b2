import { ProfileUpdateRequestSchema } from '@parley/shared';
import { useRef, type FormEvent } from 'react';
import { profileApi } from './profile.api';
import { useMe, useSession } from '../../auth/session';
import { FormFooter } from '../../components/FormFooter';
import { TextField } from '../../components/TextField';
import { useFields, useSubmission } from '../../lib/forms';

export function DetailsSection() {
  const me = useMe();
  const { setUser } = useSession();
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, status, busy, submit, clearSaved } = useSubmission(formRef);
  const { values, bind } = useFields({ displayName: me.displayName, email: me.email ?? '' }, clearSaved);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const email = values.email.trim();
    await submit(
      ProfileUpdateRequestSchema,
      { displayName: values.displayName, email: email === '' ? null : email },
      async (data) => {
        setUser(await profileApi.updateProfile(data));
        return 'Profile saved.';
      },
    );
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
