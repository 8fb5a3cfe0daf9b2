import type { MfaFactorCreated } from '@parley/shared';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [nameTooLong, setNameTooLong] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed.length > 64) {
      setNameTooLong(true);
      return;
    }
    setBusy(true);
    setError(null);
    setNameTooLong(false);
    try {
      const created = await guard(async () => {
        const { options } = await securityApi.passkeyOptions();
        const response = await createPasskey(options);
        return securityApi.addPasskey({ name: trimmed || t('profile.passkey.defaultName'), response });
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
        {t('profile.passkey.title')}
      </h3>
      <p className="card-description">{t('profile.passkey.description')}</p>
      <TextField
        label={t('profile.passkey.name')}
        hint={t('profile.passkey.nameHint')}
        value={name}
        autoComplete="off"
        autoFocus
        placeholder={t('profile.passkey.namePlaceholder')}
        error={nameTooLong ? t('profile.passkey.nameTooLong') : undefined}
        onChange={(event) => setName(event.target.value)}
      />
      {error && (
        <Alert tone="error" className="inline-alert">
          {error}
        </Alert>
      )}
      <div className="form-actions">
        <Button type="submit" busy={busy}>
          {t('profile.passkey.create')}
        </Button>
        <Button variant="ghost" disabled={busy} onClick={onCancel}>
          {t('profile.passkey.cancel')}
        </Button>
      </div>
    </form>
  );
}
