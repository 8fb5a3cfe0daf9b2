import type { MfaFactorCreated } from '@parley/shared';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/client';
import type { StepUp } from '../../auth/StepUp';
import { createPasskey } from '../../auth/webauthn';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { TextField } from '../../components/TextField';
import { securityApi } from './security.api';

/** Names a new passkey, lets the browser create it, and registers it. */
export function AddPasskey({
  guard,
  onAdded,
  onCancel,
}: {
  /** Asks for an existing second factor again when the server wants a recent one. */
  guard: StepUp['guard'];
  onAdded: (created: MfaFactorCreated) => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed.length > 64) {
      setNameError('Use at most 64 characters.');
      return;
    }
    setBusy(true);
    setError(null);
    setNameError(null);
    try {
      const created = await guard(async () => {
        const { options } = await securityApi.passkeyOptions();
        const response = await createPasskey(options);
        return securityApi.addPasskey({ name: trimmed || 'Passkey', response });
      });
      onAdded(created);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <form
      className="form enroll-panel"
      noValidate
      aria-labelledby="passkey-add-title"
      onSubmit={(event) => void onSubmit(event)}
    >
      <h3 className="subsection-title" id="passkey-add-title">
        Add a passkey
      </h3>
      <p className="card-description">
        A passkey lives on this device or your phone, or on a security key, and is unlocked with your
        fingerprint, face or PIN.
      </p>
      <TextField
        label="Passkey name"
        hint="So you can tell your passkeys apart, such as “Work laptop”."
        value={name}
        autoComplete="off"
        autoFocus
        placeholder="Passkey"
        error={nameError ?? undefined}
        onChange={(event) => setName(event.target.value)}
      />
      {error && (
        <Alert tone="error" className="inline-alert">
          {error}
        </Alert>
      )}
      <div className="form-actions">
        <Button type="submit" busy={busy}>
          Create passkey
        </Button>
        <Button variant="ghost" disabled={busy} onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
