import type { Consultation } from '@parley/shared';
import type { Dispatch, SetStateAction } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Alert } from '../../components/Alert';
import { t as translate } from '../../i18n';
import { Avatar } from '../../components/Avatar';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { consultationsApi } from './consultations.api';
import { ConsultationMeeting } from './ConsultationMeeting';
import { EndedStage } from './EndedStage';
import { FeedbackForm } from './FeedbackForm';
import { HeldStage } from './HeldStage';
import { PreJoin } from './PreJoin';
import { daysFromToday, isEnded, joinOpensSentence, joinWindow, otherParty } from './status';
import { clock, longDay } from '../../lib/zonedTime';
import type { ConsultationSession } from './useConsultationSession';

export interface ConsultationStageProps {
  consultation: Consultation;
  onChanged: (c: Consultation) => void;
  session: ConsultationSession;
  /** Whether the join window is open now, not yet or no more. */
  opens: ReturnType<typeof joinWindow>;
  chatOpen: boolean;
  /** The chat is shown beside the stage (open, and the consultation has one). */
  showChat: boolean;
  setChatOpen: Dispatch<SetStateAction<boolean>>;
  /** Where "back" goes: my consultations, or the provider's dashboard. */
  back: string;
}

/** The middle of the consultation page: what to do now, the meeting, or how it ended. */
export function ConsultationStage(props: ConsultationStageProps) {
  const { t } = useTranslation();
  const { consultation: c, onChanged, session, opens, showChat, setChatOpen } = props;
  const client = c.role === 'client';
  const { phase, setPhase, feedback, setFeedback, tookPlace } = session;
  if (c.status === 'held') return <HeldStage consultation={c} onChanged={onChanged} />;
  if (isEnded(c)) {
    return (
      <EndedStage
        consultation={c}
        feedback={client && !c.feedbackGiven && feedback === 'ask' && tookPlace}
        onFeedback={(state) => setFeedback(state)}
        feedbackSent={feedback === 'sent'}
      />
    );
  }
  switch (phase.phase) {
    case 'call':
      return (
        <ConsultationMeeting
          join={phase.join}
          choices={phase.choices}
          chatOpen={showChat}
          onToggleChat={() => setChatOpen((open) => !open)}
          onReport={session.report}
          onReportWhileLeaving={(type) => consultationsApi.reportWhileLeaving(c.id, type)}
          onOtherPresence={session.seeOther}
          onLeft={() => setPhase({ phase: 'left' })}
          othersInClear={session.othersInClear}
          overlay={session.otherIn ? null : <Waiting consultation={c} />}
        />
      );
    case 'chat':
      return <ChatOnlyStage {...props} />;
    case 'left':
      // Feedback only about a session that took place: both of us were in it.
      if (client && !c.feedbackGiven && feedback === 'ask' && tookPlace) {
        return (
          <div className="stage-card stage-feedback">
            <FeedbackForm
              consultationId={c.id}
              otherName={otherParty(c).displayName}
              onSent={() => setFeedback('sent')}
              onSkip={() => setFeedback('skipped')}
            />
          </div>
        );
      }
      return <LeftStage {...props} />;
    case 'prejoin':
    case 'joining':
      return (
        <div className="stage-card stage-prejoin">
          {session.joinError && (
            <Alert tone="error" title={t('consultations.stage.notInCall')}>
              {session.joinError()}
            </Alert>
          )}
          <PreJoin
            key={session.prejoinKey}
            canJoin={opens === 'open'}
            closedText={
              opens === 'before'
                ? t('consultations.stage.opensMeanwhile', { opens: opensText(c) })
                : t('consultations.stage.passed')
            }
            busy={phase.phase === 'joining'}
            onJoin={(choices) => void session.joinVideo(choices)}
            onChatOnly={() => setPhase({ phase: 'chat' })}
          />
        </div>
      );
  }
}

/** Laid over the meeting while the other party is not in it. */
function Waiting({ consultation: c }: { consultation: Consultation }) {
  const { t } = useTranslation();
  const other = otherParty(c);
  const client = c.role !== 'provider';
  return (
    <div className="meeting-waiting" role="status">
      <Avatar user={other} size="md" decorative />
      <p className="meeting-waiting-title">
        {client
          ? t('consultations.stage.waitingProvider')
          : t('consultations.stage.waitingFor', { name: other.displayName })}
      </p>
      <p className="meeting-waiting-text">
        {client
          ? t('consultations.stage.providerSoon', { name: other.displayName })
          : t('consultations.stage.clientNotYet')}
      </p>
    </div>
  );
}

function ChatOnlyStage({ consultation: c, session, chatOpen, setChatOpen }: ConsultationStageProps) {
  const { t } = useTranslation();
  const other = otherParty(c);
  return (
    <div className="stage-card">
      <span className="stage-icon" aria-hidden="true">
        <Icon name="chat" />
      </span>
      <h2>{t('consultations.stage.byChat')}</h2>
      <p className="muted">
        {session.otherIn
          ? t('consultations.stage.otherHere', { name: other.displayName })
          : c.role !== 'provider'
            ? t('consultations.stage.waitingProvider')
            : t('consultations.stage.waitingFor', { name: other.displayName })}{' '}
        {t('consultations.stage.devicesUnused')}
      </p>
      <div className="button-row">
        <Button icon={<Icon name="video" />} onClick={() => session.setPhase({ phase: 'prejoin' })}>
          {t('consultations.joinWithVideo')}
        </Button>
        <Button
          variant="secondary"
          icon={<Icon name="logout" />}
          onClick={() => session.setPhase({ phase: 'left' })}
        >
          {t('consultations.leave')}
        </Button>
        {!chatOpen && (
          <Button variant="ghost" icon={<Icon name="chat" />} onClick={() => setChatOpen(true)}>
            {t('consultations.stage.showChat')}
          </Button>
        )}
      </div>
    </div>
  );
}

function LeftStage({ consultation: c, session, opens, back }: ConsultationStageProps) {
  const { t } = useTranslation();
  return (
    <div className="stage-card">
      <span className="stage-icon" aria-hidden="true">
        <Icon name="check" />
      </span>
      <h2>{t('consultations.stage.left')}</h2>
      {session.feedback === 'sent' && <p>{t('consultations.feedback.thanks')}</p>}
      {opens === 'open' && (
        <p className="muted">{t('consultations.stage.comeBack', { time: clock(c.joinClosesAt) })}</p>
      )}
      <div className="button-row">
        <Button
          icon={<Icon name="video" />}
          disabled={opens !== 'open'}
          onClick={() => session.setPhase({ phase: 'prejoin' })}
        >
          {t('consultations.stage.rejoin')}
        </Button>
        <Link className="btn btn-secondary" to={back}>
          <span>
            {c.role === 'provider' ? t('consultations.dashboard') : t('consultations.myConsultations')}
          </span>
        </Link>
      </div>
    </div>
  );
}

/** "Opens at 14:50 (10 minutes before the start)", with the day when it is not today. */
export function opensText(c: Pick<Consultation, 'start' | 'joinOpensAt'>): string {
  const when = joinOpensSentence(c);
  const days = daysFromToday(c.joinOpensAt);
  if (days === 0) return translate('consultations.opens.today', { when });
  if (days === 1) return translate('consultations.opens.tomorrow', { when });
  return translate('consultations.opens.on', { day: longDay(c.joinOpensAt), when });
}
