import { useTranslation } from 'react-i18next';
import type { ChangeEvent } from 'react';
import type { FieldErrors } from '../lib/forms';
import { TextField } from './TextField';

type Bind = (name: 'username' | 'displayName' | 'email' | 'password') => {
  name: string;
  value: string;
  onChange: (event: ChangeEvent<HTMLInputElement>) => void;
};

export interface AccountFieldsProps {
  bind: Bind;
  errors: FieldErrors;
  /** Hints differ when an admin creates an account for someone else. */
  forSomeoneElse?: boolean;
  disabled?: boolean;
}

/** Username, display name, email and password: the fields every new account needs. */
export function AccountFields({ bind, errors, forSomeoneElse = false, disabled }: AccountFieldsProps) {
  const { t } = useTranslation();
  return (
    <>
      <TextField
        label={t('auth.fields.username')}
        {...bind('username')}
        error={errors.username}
        autoComplete={forSomeoneElse ? 'off' : 'username'}
        autoCapitalize="none"
        spellCheck={false}
        required
        disabled={disabled}
        hint={t('account.usernameHint')}
      />
      <TextField
        label={t('account.displayName')}
        {...bind('displayName')}
        error={errors.displayName}
        autoComplete={forSomeoneElse ? 'off' : 'name'}
        required
        disabled={disabled}
        hint={forSomeoneElse ? t('account.displayNameHintOther') : t('account.displayNameHint')}
      />
      <TextField
        label={t('account.email')}
        type="email"
        {...bind('email')}
        error={errors.email}
        autoComplete={forSomeoneElse ? 'off' : 'email'}
        disabled={disabled}
        hint={forSomeoneElse ? t('account.emailHintOther') : t('account.emailHint')}
      />
      <TextField
        label={t('auth.fields.password')}
        type="password"
        revealable
        {...bind('password')}
        error={errors.password}
        autoComplete="new-password"
        required
        disabled={disabled}
        hint={forSomeoneElse ? t('account.passwordHintOther') : t('auth.reset.passwordHint')}
      />
    </>
  );
}
