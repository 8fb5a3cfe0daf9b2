import type { Consultation } from '@parley/shared';
import { useTranslation } from 'react-i18next';
import { STATUS_TONES, statusLabel } from './status';

/** A consultation's status in plain words; a proposal awaiting the client is said too. */
export function StatusBadge({ consultation }: { consultation: Consultation }) {
  const { t } = useTranslation();
  const { status } = consultation;
  const proposal = status === 'scheduled' && consultation.proposal !== null;
  return (
    <span className="status-badges">
      <span className={`badge status-badge status-${STATUS_TONES[status]}`}>{statusLabel(status)}</span>
      {proposal && (
        <span className="badge status-badge status-warning">{t('consultations.status.newTimeProposed')}</span>
      )}
    </span>
  );
}
