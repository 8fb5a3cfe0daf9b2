import type { TotpSetup } from '@parley/shared';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
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

/** Marks a typed code that is not six digits; its words are looked up while rendering. */
const INVALID_CODE = Symbol('invalid code');

/** The otpauth URI as a QR code image (the `qrcode` package loads only here). */
function QrCode({ uri }: { uri: string }) {
  const { t } = useTranslation();
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
  if (failed) return <p className="field-hint">{t('profile.totp.qrFailed')}</p>;
  if (!src) return <LoadingBlock label={t('profile.totp.qrLoading')} />;
  return <img className="totp-qr" src={src} width={200} height={200} alt={t('profile.totp.qrAlt')} />;
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
  const { t } = useTranslation();
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [startError, setStartError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [code, setCode] = useState('');
  // The server's message, or INVALID_CODE for a code that is not six digits (said while rendering).
  const [error, setError] = useState<string | typeof INVALID_CODE | null>(null);
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
      setError(INVALID_CODE);
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
        {t('profile.totp.title')}
      </h3>
      {startError && (
        <Alert
          tone="error"
          title={t('profile.totp.startError')}
          action={
            <Button size="sm" variant="secondary" onClick={() => setAttempt((n) => n + 1)}>
              {t('profile.totp.tryAgain')}
            </Button>
          }
        >
          {startError}
        </Alert>
      )}
      {!setup && !startError && <LoadingBlock label={t('profile.totp.making')} />}
      {setup && (
        <>
          <ol className="enroll-steps">
            <li>{t('profile.totp.stepOpen')}</li>
            <li>{t('profile.totp.stepScan')}</li>
          </ol>
          <div className="totp-key">
            <QrCode uri={setup.otpauthUri} />
            <div className="totp-secret">
              <span className="field-label" id="totp-secret-label">
                {t('profile.totp.key')}
              </span>
              <code
                className="totp-secret-value"
                aria-labelledby="totp-secret-label"
                data-secret={setup.secret}
              >
                {groupedSecret(setup.secret)}
              </code>
              <p className="field-hint">{t('profile.totp.keyHint')}</p>
            </div>
          </div>
          <form className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
            <TextField
              label={t('profile.totp.code')}
              hint={t('profile.totp.codeHint')}
              value={code}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={7}
              error={error === INVALID_CODE ? t('profile.totp.codeInvalid') : (error ?? undefined)}
              onChange={(event) => {
                setCode(event.target.value);
                setError(null);
              }}
            />
            <div className="form-actions">
              <Button type="submit" busy={busy}>
                {t('profile.totp.turnOn')}
              </Button>
              <Button variant="ghost" disabled={busy} onClick={onCancel}>
                {t('profile.totp.cancel')}
              </Button>
            </div>
          </form>
        </>
      )}
      {!setup && (
        <div className="form-actions">
          <Button variant="ghost" onClick={onCancel}>
            {t('profile.totp.cancel')}
          </Button>
        </div>
      )}
    </div>
  );
}
