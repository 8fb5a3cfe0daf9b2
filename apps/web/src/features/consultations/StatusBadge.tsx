import type { Consultation } from '@parley/shared';
import { STATUS_LABELS, STATUS_TONES } from './status';

/** A consultation's status in plain words; a proposal awaiting the client is said too. */
export function StatusBadge({ consultation }: { consultation: Consultation }) {
  const { status } = consultation;
  const proposal = status === 'scheduled' && consultation.proposal !== null;
  return (
    <span className="status-badges">
      <span className={`badge status-badge status-${STATUS_TONES[status]}`}>{STATUS_LABELS[status]}</span>
      {proposal && <span className="badge status-badge status-warning">New time proposed</span>}
    </span>
  );
}
