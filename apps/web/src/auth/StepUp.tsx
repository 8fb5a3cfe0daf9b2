import { t as translate } from '../i18n';
import { useTranslation } from 'react-i18next';
import { useCallback, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ApiRequestError, errorMessage, isApiError } from '../api/client';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';
import { Dialog } from '../components/Dialog';
import { TextField } from '../components/TextField';
import { useLoad } from '../lib/useLoad';
import { stepUpApi } from './stepUp.api';
import { passkeysSupported, getPasskeyAssertion } from './webauthn';

/** What a guarded action throws when the person closes the "confirm it is you" dialog. */
export const STEP_UP_CANCELLED = 'step_up_cancelled';

export interface StepUp {
  /**
   * Runs `action`; when the server answers that it needs a recent second factor
   * (`mfa_recent_required`), asks for one and runs `action` again once it is given.
   */
  guard: <T>(action: () => Promise<T>) => Promise<T>;
  /** The dialog while it asks; render it where the component renders. */
  dialog: ReactNode;
}

interface Asking {
  confirmed: () => void;
  cancelled: () => void;
}

/** Step-up: sensitive changes ask for the second factor again when it was not given recently. */
export function useStepUp(): StepUp {
  const [asking, setAsking] = useState<Asking | null>(null);
  const askingRef = useRef(asking);
  askingRef.current = asking;

  const guard = useCallback(async <T,>(action: () => Promise<T>): Promise<T> => {
    try {
      return await action();
    } catch (error) {
      if (!isApiError(error) || error.code !== 'mfa_recent_required') throw error;
      return new Promise<T>((resolve, reject) => {
        setAsking({
          confirmed: () => {
            setAsking(null);
            action().then(resolve, reject);
          },
          cancelled: () => {
            setAsking(null);
            reject(new ApiRequestError(403, STEP_UP_CANCELLED, translate('stepUp.cancelled')));
          },
        });
      });
    }
  }, []);

  const dialog = asking ? <StepUpDialog onConfirmed={asking.confirmed} onCancel={asking.cancelled} /> : null;
  return { guard, dialog };
}

/** Asks for a code (authenticator app or recovery code) or a passkey, and tells the server. */
export function StepUpDialog({ onConfirmed, onCancel }: { onConfirmed: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const state = useLoad((signal) => stepUpApi.state(signal), []);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [passkeyError, setPasskeyError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'code' | 'passkey' | null>(null);
  const hasPasskey =
    state.status === 'ready' && state.data.factors.some((f) => f.type === 'passkey') && passkeysSupported();

  const prove = async (kind: 'code' | 'passkey', proof: () => Promise<void>) => {
    setBusy(kind);
    setError(null);
    setPasskeyError(null);
    try {
      await proof();
      onConfirmed();
    } catch (err) {
      (kind === 'code' ? setError : setPasskeyError)(errorMessage(err));
      setBusy(null);
    }
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (code.trim().length < 6) {
      setError(t('stepUp.codeInvalid'));
      return;
    }
    void prove('code', () => stepUpApi.verify({ code: code.trim() }));
  };

  const withPasskey = () =>
    prove('passkey', async () => {
      const { options } = await stepUpApi.options();
      await stepUpApi.verify({ assertion: await getPasskeyAssertion(options) });
    });

  return (
    <Dialog
      title={t('stepUp.title')}
      onClose={onCancel}
      initialFocus="input"
      actions={
        <>
          <Button variant="secondary" disabled={busy !== null} onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" form="step-up-form" busy={busy === 'code'} disabled={busy !== null}>
            {t('common.confirm')}
          </Button>
        </>
      }
    >
      <p>{t('stepUp.description')}</p>
      <form id="step-up-form" className="form" noValidate onSubmit={onSubmit}>
        <TextField
          label={t('stepUp.code')}
          hint={t('stepUp.codeHint')}
          value={code}
          inputMode="text"
          autoComplete="one-time-code"
          spellCheck={false}
          error={error ?? undefined}
          onChange={(event) => {
            setCode(event.target.value);
            setError(null);
          }}
        />
      </form>
      {hasPasskey && (
        <div className="button-row">
          <Button
            variant="secondary"
            busy={busy === 'passkey'}
            disabled={busy !== null}
            onClick={() => void withPasskey()}
          >
            {t('stepUp.usePasskey')}
          </Button>
        </div>
      )}
      {passkeyError && (
        <Alert tone="error" className="inline-alert">
          {passkeyError}
        </Alert>
      )}
      {state.status === 'error' && (
        <Alert tone="warning" className="inline-alert">
          {t('stepUp.passkeysUnlisted')}
        </Alert>
      )}
    </Dialog>
  );
}
