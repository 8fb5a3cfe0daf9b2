import type { MfaFactor, MfaState } from '@parley/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { useSession } from '../../auth/session';
import { useStepUp } from '../../auth/StepUp';
import { passkeysSupported } from '../../auth/webauthn';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { LoadError } from '../../components/LoadError';
import { LoadingBlock } from '../../components/Spinner';
import { formatDate } from '../../lib/forms';
import { useLoad } from '../../lib/useLoad';
import { AddPasskey } from './AddPasskey';
import { RecoveryCodes } from './RecoveryCodes';
import { securityApi } from './security.api';
import { TotpEnrollment } from './TotpEnrollment';

type Adding = null | 'totp' | 'passkey';

/**
 * Second factors: the authenticator app, passkeys and recovery codes. `onEnrolled` runs once someone
 * who had none has one and has put their recovery codes away.
 */
export function SecondFactorSection({ onEnrolled }: { onEnrolled?: () => void }) {
  const { t } = useTranslation();
  const state = useLoad((signal) => securityApi.mfa(signal), []);
  const { mfaSetup, refreshMfaSetup } = useSession();
  const stepUp = useStepUp();
  const [adding, setAdding] = useState<Adding>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [confirming, setConfirming] = useState<null | 'codes' | MfaFactor>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = async () => state.set(await securityApi.mfa());

  /** After a factor was added: show the codes (if new ones came) and tell the session. */
  const added = async (recoveryCodes: string[] | undefined) => {
    setAdding(null);
    if (recoveryCodes && recoveryCodes.length > 0) setCodes(recoveryCodes);
    else await finished();
    await reload().catch(() => state.retry());
  };

  const finished = async () => {
    setCodes(null);
    if (mfaSetup) await refreshMfaSetup().catch(() => undefined);
    onEnrolled?.();
  };

  const guarded = async (label: string, action: () => Promise<void>) => {
    setConfirming(null);
    setBusy(label);
    setError(null);
    try {
      await stepUp.guard(action);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  const remove = (factor: MfaFactor) =>
    guarded(`remove:${factor.id}`, async () => {
      await securityApi.removeFactor(factor.id);
      await reload();
    });

  const newCodes = () =>
    guarded('codes', async () => {
      setCodes(await securityApi.newRecoveryCodes());
      await reload();
    });

  return (
    <section className="card" aria-labelledby="security-mfa">
      <h2 className="card-title" id="security-mfa">
        {t('profile.mfa.title')}
      </h2>
      <p className="card-description">{t('profile.mfa.description')}</p>
      {stepUp.dialog}
      {codes && <RecoveryCodes codes={codes} onDone={() => void finished()} />}
      {state.status === 'loading' && <LoadingBlock label={t('profile.mfa.loading')} />}
      {state.status === 'error' && (
        <LoadError title={t('profile.mfa.loadError')} message={state.message} onRetry={state.retry} />
      )}
      {state.status === 'ready' && (
        <FactorList
          state={state.data}
          adding={adding !== null}
          busy={busy}
          onRemove={(factor) => setConfirming(factor)}
          onNewCodes={() => setConfirming('codes')}
        />
      )}
      {error && (
        <Alert tone="error" className="inline-alert">
          {error}
        </Alert>
      )}
      {state.status === 'ready' && adding === null && (
        <div className="button-row">
          {!state.data.factors.some((f) => f.type === 'totp') && (
            <Button variant="secondary" icon={<Icon name="lock" />} onClick={() => setAdding('totp')}>
              {t('profile.mfa.setUpApp')}
            </Button>
          )}
          {passkeysSupported() && (
            <Button variant="secondary" icon={<Icon name="key" />} onClick={() => setAdding('passkey')}>
              {t('profile.mfa.addPasskey')}
            </Button>
          )}
        </div>
      )}
      {adding === 'totp' && (
        <TotpEnrollment
          guard={stepUp.guard}
          onConfirmed={(recovery) => void added(recovery)}
          onCancel={() => setAdding(null)}
        />
      )}
      {adding === 'passkey' && (
        <AddPasskey
          guard={stepUp.guard}
          onAdded={(created) => void added(created.recoveryCodes)}
          onCancel={() => setAdding(null)}
        />
      )}
      {confirming === 'codes' && (
        <ConfirmDialog
          title={t('profile.mfa.newCodesTitle')}
          confirmLabel={t('profile.mfa.newCodesConfirm')}
          onConfirm={() => void newCodes()}
          onCancel={() => setConfirming(null)}
        >
          <p>{t('profile.mfa.newCodesBody')}</p>
        </ConfirmDialog>
      )}
      {confirming !== null && confirming !== 'codes' && (
        <ConfirmDialog
          title={t('profile.mfa.removeTitle', { name: confirming.name })}
          confirmLabel={t('profile.mfa.remove')}
          tone="danger"
          cancelVariant="ghost"
          onConfirm={() => void remove(confirming)}
          onCancel={() => setConfirming(null)}
        >
          <p>
            {confirming.type === 'totp'
              ? t('profile.mfa.removeTotpBody')
              : t('profile.mfa.removePasskeyBody')}
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function FactorList({
  state,
  adding,
  busy,
  onRemove,
  onNewCodes,
}: {
  state: MfaState;
  /** A factor is being set up below: the empty list need not be said. */
  adding: boolean;
  busy: string | null;
  onRemove: (factor: MfaFactor) => void;
  onNewCodes: () => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      {state.required && state.factors.length === 0 && (
        <Alert tone="warning" title={t('profile.mfa.requiredTitle')}>
          {state.enrollBy
            ? t('profile.mfa.requiredBy', { date: formatDate(state.enrollBy) })
            : t('profile.mfa.requiredNow')}
        </Alert>
      )}
      {state.factors.length === 0 ? (
        !adding && (
          <EmptyState compact icon="shield" title={t('profile.mfa.empty')}>
            {t('profile.mfa.emptyHint')}
          </EmptyState>
        )
      ) : (
        <ul className="token-list" aria-label={t('profile.mfa.listLabel')}>
          {state.factors.map((factor) => (
            <li className="token-row" key={factor.id}>
              <div className="token-text">
                <span className="token-name">
                  {factor.name}
                  {factor.type === 'passkey' && (
                    <span className="badge">{t('profile.mfa.passkeyBadge')}</span>
                  )}
                </span>
                <span className="token-meta">
                  {t('profile.mfa.factorMeta', {
                    added: formatDate(factor.createdAt),
                    lastUsed: formatDate(factor.lastUsedAt, t('profile.mfa.never')),
                  })}
                </span>
              </div>
              <div className="token-actions">
                <Button
                  size="sm"
                  variant="secondary"
                  busy={busy === `remove:${factor.id}`}
                  disabled={busy !== null}
                  onClick={() => onRemove(factor)}
                >
                  <span aria-hidden="true">{t('profile.mfa.remove')}</span>
                  <span className="sr-only">{t('profile.mfa.removeNamed', { name: factor.name })}</span>
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {state.factors.length > 0 && (
        <div className="recovery-row">
          <p className="token-meta">{t('profile.mfa.codesLeft', { count: state.recoveryCodesLeft })}</p>
          <Button
            size="sm"
            variant="secondary"
            busy={busy === 'codes'}
            disabled={busy !== null}
            onClick={onNewCodes}
          >
            {t('profile.mfa.newCodes')}
          </Button>
        </div>
      )}
    </>
  );
}
