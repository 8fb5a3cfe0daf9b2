import type { TotpSetup } from '@parley/shared';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/client';
import type { StepUp } from '../../auth/StepUp';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { LoadingBlock } from '../../components/Spinner';
import { TextField } from '../../components/TextField';
import { securityApi } from './security.api';

/** The secret in groups of four, as authenticator apps ask for it when typed by hand. */
export function groupedSecret(secret: string): string {
  return (secret.replace(/\s+/g, '').match(/.{1,4}/g) ?? []).join(' ');
}

/** The otpauth URI as a QR code image (the `qrcode` package loads only here). */
function QrCode({ uri }: { uri: string }) {
  const [src, setSrc] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    import('qrcode')
      .then((qr) => qr.toDataURL(uri, { margin: 1, width: 200, errorCorrectionLevel: 'M' }))
      .then((url) => live && setSrc(url))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [uri]);
  if (failed) return <p className="field-hint">The QR code couldn’t be drawn: type the key below instead.</p>;
  if (!src) return <LoadingBlock label="Drawing the QR code…" />;
  return (
    <img
      className="totp-qr"
      src={src}
      width={200}
      height={200}
      alt="QR code to scan with your authenticator app"
    />
  );
}

/**
 * Setting up an authenticator app: a new secret as a QR code and as text, then the first code from
 * the app confirms it. `onConfirmed` gets the recovery codes the server made (empty when it kept the
 * old ones).
 */
export function TotpEnrollment({
  guard,
  onConfirmed,
  onCancel,
}: {
  /** Asks for an existing second factor again when the server wants a recent one. */
  guard: StepUp['guard'];
  onConfirmed: (recoveryCodes: string[]) => void;
  onCancel: () => void;
}) {
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [startError, setStartError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let live = true;
    setStartError(null);
    guard(() => securityApi.startTotp()).then(
      (result) => {
        if (!live) return;
        setSetup(result);
        headingRef.current?.focus();
      },
      (err: unknown) => live && setStartError(errorMessage(err)),
    );
    return () => {
      live = false;
    };
    // A new key only when the panel opens or on Try again.
  }, [attempt]);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const digits = code.replace(/\s+/g, '');
    if (!/^\d{6}$/.test(digits)) {
      setError('Enter the six-digit code your app shows.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onConfirmed(await guard(() => securityApi.confirmTotp(digits)));
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <div className="enroll-panel" role="region" aria-labelledby="totp-setup-title">
      <h3 className="subsection-title" id="totp-setup-title" tabIndex={-1} ref={headingRef}>
        Set up an authenticator app
      </h3>
      {startError && (
        <Alert
          tone="error"
          title="The setup couldn’t start"
          action={
            <Button size="sm" variant="secondary" onClick={() => setAttempt((n) => n + 1)}>
              Try again
            </Button>
          }
        >
          {startError}
        </Alert>
      )}
      {!setup && !startError && <LoadingBlock label="Making a new key…" />}
      {setup && (
        <>
          <ol className="enroll-steps">
            <li>
              Open your authenticator app (such as 1Password, Google Authenticator or Aegis) and add an
              account.
            </li>
            <li>Scan this QR code, or type the key by hand.</li>
          </ol>
          <div className="totp-key">
            <QrCode uri={setup.otpauthUri} />
            <div className="totp-secret">
              <span className="field-label" id="totp-secret-label">
                Key
              </span>
              <code
                className="totp-secret-value"
                aria-labelledby="totp-secret-label"
                data-secret={setup.secret}
              >
                {groupedSecret(setup.secret)}
              </code>
              <p className="field-hint">Time-based, six digits, every 30 seconds.</p>
            </div>
          </div>
          <form className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
            <TextField
              label="Code from the app"
              hint="Enter the six digits it shows now to finish."
              value={code}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={7}
              error={error ?? undefined}
              onChange={(event) => {
                setCode(event.target.value);
                setError(null);
              }}
            />
            <div className="form-actions">
              <Button type="submit" busy={busy}>
                Turn on
              </Button>
              <Button variant="ghost" disabled={busy} onClick={onCancel}>
                Cancel
              </Button>
            </div>
          </form>
        </>
      )}
      {!setup && (
        <div className="form-actions">
          <Button variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
        </div>
      )}
    </div>
  );
}
