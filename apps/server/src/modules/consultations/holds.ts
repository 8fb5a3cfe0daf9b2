import type { Transaction } from '../../db/unit-of-work.js';
import { claimBuckets } from '../providers/index.js';
import type { ConsultationRow, ConsultationsRepository } from './consultations.repository.js';
import { consultationEvents } from './consultations.events.js';
import type { ConsultationTiming } from './consultations.presenter.js';
import { assertTransition } from './lifecycle.js';

/** Stale holds expired per pass (the rest wait for the next, 5 s later). */
export const SWEEP_BATCH = 100;

type Tx = Transaction<{ consultations: ConsultationsRepository }>;

/**
 * Inside the caller's transaction: held → expired, or a lapsed proposal dropped (its claims back to
 * the current time's), announced after the commit; false when the row had moved on.
 */
export async function expireOne(
  tx: Tx,
  row: ConsultationRow,
  nowIso: string,
  timing: ConsultationTiming,
): Promise<boolean> {
  let done: boolean;
  if (row.status === 'held') {
    assertTransition(row.status, 'expired', 'expired');
    done = await tx.consultations.transition({
      id: row.id,
      from: 'held',
      to: 'expired',
      by: null,
      at: nowIso,
      reason: row.booked_by === 'provider' ? 'proposal_expired' : 'hold_expired',
      version: row.version,
    });
  } else {
    done = await tx.consultations.transition({
      id: row.id,
      from: 'scheduled',
      to: 'scheduled',
      by: null,
      at: nowIso,
      reason: 'proposal_expired',
      version: row.version,
      patch: { proposal_start: null, proposal_end: null, proposal_at: null },
    });
    if (done) {
      const buffer = await tx.consultations.bufferMinutesOf(row.provider_id);
      await tx.consultations.keepClaims(
        row.id,
        claimBuckets(Date.parse(row.start_at), Date.parse(row.end_at), buffer),
      );
    }
  }
  if (done) tx.emit(consultationEvents.changed(row.id, timing));
  return done;
}

/** Inside a booking's transaction: the provider's lapsed holds and proposals stop blocking. */
export async function expireStale(
  tx: Tx,
  nowIso: string,
  providerId: string,
  timing: ConsultationTiming,
): Promise<void> {
  for (const row of await tx.consultations.stale(nowIso, SWEEP_BATCH, providerId)) {
    await expireOne(tx, row, nowIso, timing);
  }
}
