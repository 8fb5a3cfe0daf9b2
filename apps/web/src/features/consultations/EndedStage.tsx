import type { Consultation } from '@parley/shared';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Icon } from '../../components/Icon';
import { FeedbackForm } from './FeedbackForm';
import { otherParty, statusLabel } from './status';

/** How it ended, in words: the catalogue keys (said while rendering). */
const ENDINGS: Partial<Record<Consultation['status'], string>> = {
  finished: 'consultations.ended.finished',
  canceled: 'consultations.ended.canceled',
  late_canceled: 'consultations.ended.lateCanceled',
  no_show_client: 'consultations.ended.noShowClient',
  no_show_provider: 'consultations.ended.noShowProvider',
  expired: 'consultations.ended.expired',
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
  const { t } = useTranslation();
  const other = otherParty(c);
  const ending = ENDINGS[c.status];
  return (
    <div className="stage-card">
      <span className="stage-icon" aria-hidden="true">
        <Icon name={c.status === 'finished' ? 'check' : 'info'} />
      </span>
      <h2>{statusLabel(c.status)}</h2>
      <p>{ending ? t(ending) : null}</p>
      {c.cancelReason && <p className="muted">{t('consultations.reason', { reason: c.cancelReason })}</p>}
      {feedbackSent && <p>{t('consultations.feedback.thanks')}</p>}
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
            <span>{t('consultations.ended.bookAgain', { name: other.displayName })}</span>
          </Link>
        </div>
      )}
      {c.roomId && <p className="muted">{t('consultations.ended.chatKept')}</p>}
    </div>
  );
}
