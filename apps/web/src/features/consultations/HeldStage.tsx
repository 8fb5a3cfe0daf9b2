import type { Consultation } from '@parley/shared';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { HoldCountdown } from './HoldCountdown';
import { consultationsApi } from './consultations.api';
import { otherParty, STATUS_LABELS } from './status';

/** A time held for the client to confirm, or proposed by the provider for the client to accept. */
export function HeldStage({
  consultation: c,
  onChanged,
}: {
  consultation: Consultation;
  onChanged: (c: Consultation) => void;
}) {
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
      <h2>{STATUS_LABELS.held}</h2>
      {c.role === 'client' && !proposal && <p>Confirm your booking to keep this time.</p>}
      {c.role === 'client' && proposal && (
        <p>{other.displayName} proposes this session. Accept it to book it.</p>
      )}
      {c.role === 'provider' && proposal && (
        <p>You proposed this session. {other.displayName} is asked to accept it.</p>
      )}
      {c.role === 'provider' && !proposal && (
        <p>{other.displayName} is booking this time; it is held until they confirm.</p>
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
                Accept
              </Button>
              <Button
                variant="secondary"
                busy={busy === 'decline'}
                disabled={busy !== null}
                onClick={() => void run('decline', () => consultationsApi.decline(c.id))}
              >
                Decline
              </Button>
            </>
          ) : (
            <Button
              busy={busy === 'confirm'}
              disabled={busy !== null}
              onClick={() => void run('confirm', () => consultationsApi.confirm(c.id))}
            >
              Confirm booking
            </Button>
          )}
        </div>
      )}
    </div>
  );
}
