import type { Consultation } from '@parley/shared';
import type { Dispatch, SetStateAction } from 'react';
import { Link } from 'react-router-dom';
import { Alert } from '../../components/Alert';
import { Avatar } from '../../components/Avatar';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { consultationsApi } from './consultations.api';
import { ConsultationMeeting } from './ConsultationMeeting';
import { EndedStage } from './EndedStage';
import { FeedbackForm } from './FeedbackForm';
import { HeldStage } from './HeldStage';
import { PreJoin } from './PreJoin';
import { isEnded, joinOpensSentence, joinWindow, otherParty } from './status';
import { clock, longDay, relativeDay } from '../../lib/zonedTime';
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
            <Alert tone="error" title="You are not in the call yet">
              {session.joinError}
            </Alert>
          )}
          <PreJoin
            key={session.prejoinKey}
            canJoin={opens === 'open'}
            closedText={
              opens === 'before'
                ? `${opensText(c)}. Check your camera and microphone meanwhile.`
                : 'The time to join this consultation has passed.'
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
  const other = otherParty(c);
  const client = c.role !== 'provider';
  return (
    <div className="meeting-waiting" role="status">
      <Avatar user={other} size="md" decorative />
      <p className="meeting-waiting-title">
        {client ? 'Waiting for your provider…' : `Waiting for ${other.displayName}…`}
      </p>
      <p className="meeting-waiting-text">
        {client
          ? `${other.displayName} will be with you shortly. You can write in the chat meanwhile.`
          : `Your client hasn’t joined yet. They see that you are here.`}
      </p>
    </div>
  );
}

function ChatOnlyStage({ consultation: c, session, chatOpen, setChatOpen }: ConsultationStageProps) {
  const other = otherParty(c);
  return (
    <div className="stage-card">
      <span className="stage-icon" aria-hidden="true">
        <Icon name="chat" />
      </span>
      <h2>You’re in the consultation by chat</h2>
      <p className="muted">
        {session.otherIn
          ? `${other.displayName} is here.`
          : c.role !== 'provider'
            ? 'Waiting for your provider…'
            : `Waiting for ${other.displayName}…`}{' '}
        Your camera and microphone are not used.
      </p>
      <div className="button-row">
        <Button icon={<Icon name="video" />} onClick={() => session.setPhase({ phase: 'prejoin' })}>
          Join with video
        </Button>
        <Button
          variant="secondary"
          icon={<Icon name="logout" />}
          onClick={() => session.setPhase({ phase: 'left' })}
        >
          Leave
        </Button>
        {!chatOpen && (
          <Button variant="ghost" icon={<Icon name="chat" />} onClick={() => setChatOpen(true)}>
            Show the chat
          </Button>
        )}
      </div>
    </div>
  );
}

function LeftStage({ consultation: c, session, opens, back }: ConsultationStageProps) {
  return (
    <div className="stage-card">
      <span className="stage-icon" aria-hidden="true">
        <Icon name="check" />
      </span>
      <h2>You left the consultation</h2>
      {session.feedback === 'sent' && <p>Thank you for your feedback.</p>}
      {opens === 'open' && <p className="muted">You can come back until {clock(c.joinClosesAt)}.</p>}
      <div className="button-row">
        <Button
          icon={<Icon name="video" />}
          disabled={opens !== 'open'}
          onClick={() => session.setPhase({ phase: 'prejoin' })}
        >
          Rejoin
        </Button>
        <Link className="btn btn-secondary" to={back}>
          <span>{c.role === 'provider' ? 'Dashboard' : 'My consultations'}</span>
        </Link>
      </div>
    </div>
  );
}

/** "Opens at 14:50 (10 minutes before the start)", with the day when it is not today. */
export function opensText(c: Pick<Consultation, 'start' | 'joinOpensAt'>): string {
  const day = relativeDay(c.joinOpensAt);
  if (day === 'Today') return `Opens at ${joinOpensSentence(c)}`;
  if (day === 'Tomorrow') return `Opens tomorrow at ${joinOpensSentence(c)}`;
  return `Opens on ${longDay(c.joinOpensAt)} at ${joinOpensSentence(c)}`;
}
