import type { Consultation } from '@parley/shared';
import { Link } from 'react-router-dom';
import { Icon } from '../../components/Icon';
import { FeedbackForm } from './FeedbackForm';
import { otherParty, STATUS_LABELS } from './status';

const ENDINGS: Partial<Record<Consultation['status'], string>> = {
  finished: 'This consultation has finished.',
  canceled: 'This consultation was canceled.',
  late_canceled: 'This consultation was canceled shortly before the start (a late cancellation).',
  no_show_client: 'The client didn’t join this consultation.',
  no_show_provider: 'The provider didn’t join this consultation.',
  expired: 'This time was never confirmed, so it expired.',
};

/** An ended consultation: how it ended, feedback when asked, booking again. */
export function EndedStage({
  consultation: c,
  feedback,
  feedbackSent,
  onFeedback,
}: {
  consultation: Consultation;
  feedback: boolean;
  feedbackSent: boolean;
  onFeedback: (state: 'sent' | 'skipped') => void;
}) {
  const other = otherParty(c);
  return (
    <div className="stage-card">
      <span className="stage-icon" aria-hidden="true">
        <Icon name={c.status === 'finished' ? 'check' : 'info'} />
      </span>
      <h2>{STATUS_LABELS[c.status]}</h2>
      <p>{ENDINGS[c.status]}</p>
      {c.cancelReason && <p className="muted">Reason: {c.cancelReason}</p>}
      {feedbackSent && <p>Thank you for your feedback.</p>}
      {feedback && (
        <div className="stage-feedback">
          <FeedbackForm
            consultationId={c.id}
            otherName={other.displayName}
            onSent={() => onFeedback('sent')}
            onSkip={() => onFeedback('skipped')}
          />
        </div>
      )}
      {c.role === 'client' && (
        <div className="button-row">
          <Link className="btn btn-secondary" to={`/consultations/book/${encodeURIComponent(c.provider.id)}`}>
            <span>Book again with {other.displayName}</span>
          </Link>
        </div>
      )}
      {c.roomId && (
        <p className="muted">The chat is kept for a while after the consultation, then deleted.</p>
      )}
    </div>
  );
}
