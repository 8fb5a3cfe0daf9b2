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
  return (
    <>
      <TextField
        label="Username"
        {...bind('username')}
        error={errors.username}
        autoComplete={forSomeoneElse ? 'off' : 'username'}
        autoCapitalize="none"
        spellCheck={false}
        required
        disabled={disabled}
        hint="2–32 letters, digits, dots, dashes or underscores, starting with a letter or digit. It can’t be changed later."
      />
      <TextField
        label="Display name"
        {...bind('displayName')}
        error={errors.displayName}
        autoComplete={forSomeoneElse ? 'off' : 'name'}
        required
        disabled={disabled}
        hint={forSomeoneElse ? 'How their name appears to others.' : 'How your name appears to others.'}
      />
      <TextField
        label="Email"
        type="email"
        {...bind('email')}
        error={errors.email}
        autoComplete={forSomeoneElse ? 'off' : 'email'}
        disabled={disabled}
        hint={
          forSomeoneElse
            ? 'Optional. Only they and administrators can see it.'
            : 'Optional. Only you and administrators can see it.'
        }
      />
      <TextField
        label="Password"
        type="password"
        revealable
        {...bind('password')}
        error={errors.password}
        autoComplete="new-password"
        required
        disabled={disabled}
        hint={
          forSomeoneElse
            ? 'At least 10 characters. Share it with them privately; they can change it from their profile.'
            : 'At least 10 characters.'
        }
      />
    </>
  );
}
