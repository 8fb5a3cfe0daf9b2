import { ProfileUpdateRequestSchema } from '@parley/shared';
import { useRef, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { profileApi } from './profile.api';
import { useMe, useSession } from '../../auth/session';
import { FormFooter } from '../../components/FormFooter';
import { TextField } from '../../components/TextField';
import { useFields, useSubmission } from '../../lib/forms';

export function DetailsSection() {
  const { t } = useTranslation();
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
        return t('profile.details.saved');
      },
    );
  };

  return (
    <form ref={formRef} className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
      <TextField
        label={t('profile.details.username')}
        name="username"
        value={me.username}
        readOnly
        hint={t('profile.details.usernameHint')}
      />
      <TextField
        label={t('profile.details.displayName')}
        {...bind('displayName')}
        error={errors.displayName}
        autoComplete="name"
        required
      />
      <TextField
        label={t('profile.details.email')}
        type="email"
        {...bind('email')}
        error={errors.email}
        autoComplete="email"
        hint={t('profile.details.emailHint')}
      />
      <FormFooter status={status} busy={busy} submitLabel={t('profile.details.save')} />
    </form>
  );
}
