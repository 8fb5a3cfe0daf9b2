import type { Consultation } from '@parley/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { HoldCountdown } from './HoldCountdown';
import { consultationsApi } from './consultations.api';
import { otherParty, statusLabel } from './status';

/** A time held for the client to confirm, or proposed by the provider for the client to accept. */
export function HeldStage({
  consultation: c,
  onChanged,
}: {
  consultation: Consultation;
  onChanged: (c: Consultation) => void;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const other = otherParty(c);
  const run = async (label: string, action: () => Promise<Consultation>) => {
    setBusy(label);
    setError(null);
    try {
      onChanged(await action());
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  const proposal = c.bookedBy === 'provider';
  return (
    <div className="stage-card">
      <span className="stage-icon" aria-hidden="true">
        <Icon name="clock" />
      </span>
      <h2>{statusLabel('held')}</h2>
      {c.role === 'client' && !proposal && <p>{t('consultations.held.confirmToKeep')}</p>}
      {c.role === 'client' && proposal && (
        <p>{t('consultations.theyProposeSession', { name: other.displayName })}</p>
      )}
      {c.role === 'provider' && proposal && (
        <p>{t('consultations.held.youProposed', { name: other.displayName })}</p>
      )}
      {c.role === 'provider' && !proposal && (
        <p>{t('consultations.held.booking', { name: other.displayName })}</p>
      )}
      <HoldCountdown until={c.heldUntil} onExpired={() => undefined} />
      {error && <Alert tone="error">{error}</Alert>}
      {c.role === 'client' && (
        <div className="button-row">
          {proposal ? (
            <>
              <Button
                busy={busy === 'accept'}
                disabled={busy !== null}
                onClick={() => void run('accept', () => consultationsApi.accept(c.id))}
              >
                {t('consultations.accept')}
              </Button>
              <Button
                variant="secondary"
                busy={busy === 'decline'}
                disabled={busy !== null}
                onClick={() => void run('decline', () => consultationsApi.decline(c.id))}
              >
                {t('consultations.decline')}
              </Button>
            </>
          ) : (
            <Button
              busy={busy === 'confirm'}
              disabled={busy !== null}
              onClick={() => void run('confirm', () => consultationsApi.confirm(c.id))}
            >
              {t('consultations.confirmBooking')}
            </Button>
          )}
        </div>
      )}
    </div>
  );
}
