import type {
  Consultation,
  ConsultationEventType,
  ConsultationPresence,
  JoinConsultationResponse,
} from '@parley/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { errorMessage, isApiError } from '../../api/client';
import { Alert } from '../../components/Alert';
import { Avatar } from '../../components/Avatar';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { LoadError } from '../../components/LoadError';
import { useDocumentTitle } from '../../components/PageHeader';
import { LoadingBlock } from '../../components/Spinner';
import { useSocketEvent } from '../../realtime/useSocketEvent';
import { HoldCountdown } from './HoldCountdown';
import { E2EE_REQUIRED_MESSAGE } from '../calls';
import { consultationsApi, presenceOf } from './consultations.api';
import { ConsultationChat } from './ConsultationChat';
import { CancelDialog, MoveDialog } from './ConsultationDialogs';
import { canceledSentence } from './ConsultationItem';
import { ConsultationMeeting } from './ConsultationMeeting';
import { FeedbackForm } from './FeedbackForm';
import { PreJoin, type JoinChoices } from './PreJoin';
import { StatusBadge } from './StatusBadge';
import {
  awaitsMyAnswer,
  isChangeable,
  isEnded,
  joinOpensSentence,
  joinWindow,
  otherParty,
  STATUS_LABELS,
} from './status';
import { clientZone, clock, longDay, relativeDay, whenText, zoneLabel } from '../../lib/zonedTime';
import './consultations.css';

type Load =
  | { status: 'loading' }
  | { status: 'missing' }
  | { status: 'error'; message: string }
  | { status: 'ready'; consultation: Consultation };

/** The consultation page: `/consultations/:consultationId`. */
export function ConsultationPage() {
  const { consultationId = '' } = useParams();
  return <ConsultationLoader key={consultationId} id={consultationId} />;
}

function ConsultationLoader({ id }: { id: string }) {
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setLoad((current) => (current.status === 'ready' ? current : { status: 'loading' }));
    consultationsApi
      .get(id, controller.signal)
      .then((consultation) => setLoad({ status: 'ready', consultation }))
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        // Not one of mine and missing look the same, as the server says.
        if (isApiError(error) && (error.status === 404 || error.status === 403)) {
          setLoad({ status: 'missing' });
        } else setLoad({ status: 'error', message: errorMessage(error) });
      });
    return () => controller.abort();
  }, [id, attempt]);

  useSocketEvent('consultation:updated', (consultation) => {
    if (consultation.id !== id) return;
    setLoad((current) => (current.status === 'ready' ? { status: 'ready', consultation } : current));
  });

  const set = useCallback((consultation: Consultation) => setLoad({ status: 'ready', consultation }), []);

  switch (load.status) {
    case 'loading':
      return (
        <div className="page">
          <LoadingBlock label="Loading the consultation…" />
        </div>
      );
    case 'missing':
      return <NotFound />;
    case 'error':
      return (
        <div className="page">
          <LoadError
            title="This consultation could not be loaded"
            message={load.message}
            onRetry={() => setAttempt((n) => n + 1)}
          />
        </div>
      );
    case 'ready':
      return <ConsultationView consultation={load.consultation} onChanged={set} />;
  }
}

function NotFound() {
  useDocumentTitle('Consultation not found');
  return (
    <div className="page">
      <div className="card">
        <div className="empty-state">
          <span className="empty-state-icon" aria-hidden="true">
            <Icon name="search" />
          </span>
          <h1 className="empty-state-title" tabIndex={-1} data-page-title>
            Consultation not found
          </h1>
          <div className="empty-state-text">
            This consultation doesn’t exist, or it isn’t yours. Only its client and provider can open it.
          </div>
          <div className="empty-state-action">
            <Link className="btn btn-secondary btn-sm" to="/consultations">
              <span>My consultations</span>
            </Link>
          </div>
        </div>
      </div>
    </div>
  );
}

/** Whether the other party is in the call, from the consultation's own record. */
function otherInFrom(c: Consultation): boolean {
  const joined = c.role === 'client' ? c.providerJoinedAt : c.clientJoinedAt;
  const left = c.role === 'client' ? c.providerLeftAt : c.clientLeftAt;
  return joined !== null && (left === null || left < joined);
}

type Phase =
  | { phase: 'prejoin' }
  | { phase: 'joining'; choices: JoinChoices }
  | { phase: 'call'; join: JoinConsultationResponse; choices: JoinChoices }
  | { phase: 'chat' }
  | { phase: 'left' };

const narrow = () =>
  typeof window.matchMedia === 'function' && window.matchMedia('(max-width: 900px)').matches;

function ConsultationView({
  consultation: c,
  onChanged,
}: {
  consultation: Consultation;
  onChanged: (c: Consultation) => void;
}) {
  const other = otherParty(c);
  const client = c.role === 'client';
  useDocumentTitle(`Consultation with ${other.displayName}`);
  const [phase, setPhase] = useState<Phase>({ phase: 'prejoin' });
  const [joinError, setJoinError] = useState<string | null>(null);
  const [prejoinKey, setPrejoinKey] = useState(0);
  const [otherIn, setOtherIn] = useState(() => otherInFrom(c));
  const [chatOpen, setChatOpen] = useState(() => !narrow());
  const [feedback, setFeedback] = useState<'ask' | 'sent' | 'skipped'>('ask');
  const [dialog, setDialog] = useState<'cancel' | 'reschedule' | 'propose' | null>(null);
  const [notice, setNotice] = useState<{ tone: 'success' | 'warning' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const now = useNow(isEnded(c) ? null : 10_000);
  const opens = joinWindow(c, now);
  const ended = isEnded(c);
  const headingRef = useRef<HTMLHeadingElement>(null);

  /**
   * Who is in, from the freshest source: socket presence, Jitsi's participant events, and the
   * server's answers to reports — an answer is dropped when anything newer arrived meanwhile.
   */
  const presenceVersion = useRef(0);
  const seeOther = useCallback((inCall: boolean) => {
    presenceVersion.current += 1;
    setOtherIn(inCall);
  }, []);
  /** Whether the other party joined from a browser that cannot encrypt (an "offered" session). */
  const [otherInClear, setOtherInClear] = useState(false);
  const seeClear = useCallback(
    (presence: ConsultationPresence) =>
      setOtherInClear(presence.unencrypted?.includes(client ? 'provider' : 'client') ?? false),
    [client],
  );
  const answered = useCallback(
    (presence: ConsultationPresence | null | undefined, version: number) => {
      if (!presence || presence.consultationId !== c.id) return;
      seeClear(presence);
      if (version !== presenceVersion.current) return;
      setOtherIn(client ? presence.providerInCall : presence.clientInCall);
    },
    [c.id, client, seeClear],
  );

  useSocketEvent('consultation:presence', (presence: ConsultationPresence) => {
    if (presence.consultationId !== c.id) return;
    seeClear(presence);
    seeOther(client ? presence.providerInCall : presence.clientInCall);
  });

  // Whether I was in it from this page (the server's clientJoinedAt may not have come back yet).
  const [joinedHere, setJoinedHere] = useState(false);
  const report = useCallback(
    (type: ConsultationEventType) => {
      if (type === 'joined') setJoinedHere(true);
      const version = presenceVersion.current;
      consultationsApi
        .report(c.id, type)
        .then((presence) => answered(presence, version))
        .catch(() => {
          // Best effort: presence also comes from Jitsi's own events and the other browser.
        });
    },
    [c.id, answered],
  );

  // Chat only counts as being there: joined now, left when the page goes.
  const inChat = phase.phase === 'chat';
  useEffect(() => {
    if (!inChat) return;
    report('joined');
    const unloading = () => consultationsApi.reportWhileLeaving(c.id, 'left');
    window.addEventListener('pagehide', unloading);
    return () => {
      window.removeEventListener('pagehide', unloading);
      report('left');
    };
  }, [inChat, report, c.id]);

  const joinVideo = async (choices: JoinChoices) => {
    setPhase({ phase: 'joining', choices });
    setJoinError(null);
    const version = presenceVersion.current;
    try {
      const join = await consultationsApi.join(c.id, choices);
      onChanged(join.consultation);
      answered(presenceOf(join), version);
      setPhase({ phase: 'call', join, choices });
    } catch (error) {
      setJoinError(
        isApiError(error) && error.code === 'join_window_closed'
          ? `${error.message}.`
          : isApiError(error) && error.code === 'e2ee_unsupported'
            ? `${E2EE_REQUIRED_MESSAGE} The chat still works.`
            : `You could not join: ${errorMessage(error)}`,
      );
      setPhase({ phase: 'prejoin' });
      setPrejoinKey((n) => n + 1);
    }
  };

  const act = async (label: string, action: () => Promise<Consultation>, said: string) => {
    setBusy(label);
    setNotice(null);
    try {
      onChanged(await action());
      setNotice({ tone: 'success', text: said });
    } catch (error) {
      setNotice({ tone: 'error', text: errorMessage(error) });
    } finally {
      setBusy(null);
    }
  };

  const erase = client && c.roomId ? () => consultationsApi.eraseMessages(c.id) : undefined;
  const showChat = c.roomId !== null && chatOpen;
  const inCall = phase.phase === 'call';
  const back = c.role === 'provider' ? '/consultations/dashboard' : '/consultations';
  const otherCameBefore = (client ? c.providerJoinedAt : c.clientJoinedAt) !== null;
  const presenceText = otherIn
    ? `${other.displayName} is in the consultation`
    : otherCameBefore
      ? `${other.displayName} isn’t in the consultation now`
      : `${other.displayName} hasn’t joined yet`;

  const waiting = !otherIn ? (
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
  ) : null;

  const tookPlace = c.providerJoinedAt !== null && (c.clientJoinedAt !== null || joinedHere);

  const stage = () => {
    if (c.status === 'held') return <HeldStage consultation={c} onChanged={onChanged} />;
    if (ended) {
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
            onReport={report}
            onReportWhileLeaving={(type) => consultationsApi.reportWhileLeaving(c.id, type)}
            onOtherPresence={seeOther}
            onLeft={() => setPhase({ phase: 'left' })}
            othersInClear={otherInClear && otherIn ? [other.displayName] : []}
            overlay={waiting}
          />
        );
      case 'chat':
        return (
          <div className="stage-card">
            <span className="stage-icon" aria-hidden="true">
              <Icon name="chat" />
            </span>
            <h2>You’re in the consultation by chat</h2>
            <p className="muted">
              {otherIn
                ? `${other.displayName} is here.`
                : client
                  ? 'Waiting for your provider…'
                  : `Waiting for ${other.displayName}…`}{' '}
              Your camera and microphone are not used.
            </p>
            <div className="button-row">
              <Button icon={<Icon name="video" />} onClick={() => setPhase({ phase: 'prejoin' })}>
                Join with video
              </Button>
              <Button
                variant="secondary"
                icon={<Icon name="logout" />}
                onClick={() => setPhase({ phase: 'left' })}
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
      case 'left':
        // Feedback only about a session that took place: both of us were in it.
        if (client && !c.feedbackGiven && feedback === 'ask' && tookPlace) {
          return (
            <div className="stage-card stage-feedback">
              <FeedbackForm
                consultationId={c.id}
                otherName={other.displayName}
                onSent={() => setFeedback('sent')}
                onSkip={() => setFeedback('skipped')}
              />
            </div>
          );
        }
        return (
          <div className="stage-card">
            <span className="stage-icon" aria-hidden="true">
              <Icon name="check" />
            </span>
            <h2>You left the consultation</h2>
            {feedback === 'sent' && <p>Thank you for your feedback.</p>}
            {opens === 'open' && <p className="muted">You can come back until {clock(c.joinClosesAt)}.</p>}
            <div className="button-row">
              <Button
                icon={<Icon name="video" />}
                disabled={opens !== 'open'}
                onClick={() => setPhase({ phase: 'prejoin' })}
              >
                Rejoin
              </Button>
              <Link className="btn btn-secondary" to={back}>
                <span>{c.role === 'provider' ? 'Dashboard' : 'My consultations'}</span>
              </Link>
            </div>
          </div>
        );
      case 'prejoin':
      case 'joining':
        return (
          <div className="stage-card stage-prejoin">
            {joinError && (
              <Alert tone="error" title="You are not in the call yet">
                {joinError}
              </Alert>
            )}
            <PreJoin
              key={prejoinKey}
              canJoin={opens === 'open'}
              closedText={
                opens === 'before'
                  ? `${opensText(c)}. Check your camera and microphone meanwhile.`
                  : 'The time to join this consultation has passed.'
              }
              busy={phase.phase === 'joining'}
              onJoin={(choices) => void joinVideo(choices)}
              onChatOnly={() => setPhase({ phase: 'chat' })}
            />
          </div>
        );
    }
  };

  return (
    <div className={`consultation-view${inCall ? ' is-in-call' : ''}${showChat ? ' has-chat' : ''}`}>
      <header className="consultation-head">
        <Link className="consultation-back" to={back}>
          ← {c.role === 'provider' ? 'Dashboard' : 'My consultations'}
        </Link>
        <div className="consultation-head-main">
          <Avatar user={other} size="md" decorative />
          <div className="consultation-head-text">
            <h1 className="consultation-title" ref={headingRef} tabIndex={-1} data-page-title>
              {client ? `Consultation with ${other.displayName}` : `Session with ${other.displayName}`}
            </h1>
            <p className="consultation-when">
              <time dateTime={c.start}>{whenText(c.start, c.end)}</time>
              <span className="muted"> · your time, {zoneLabel(clientZone())}</span>
            </p>
            <div className="consultation-head-badges">
              <StatusBadge consultation={c} />
              {!ended && c.status !== 'held' && (
                <span className={`presence-pill${otherIn ? ' is-in' : ''}`} role="status">
                  <span className="presence-pill-dot" aria-hidden="true" />
                  {presenceText}
                </span>
              )}
            </div>
          </div>
        </div>
        {!inCall && (
          <div className="consultation-head-actions">
            {(c.status === 'scheduled' || c.status === 'active') && (
              <a className="btn btn-ghost btn-sm" href={consultationsApi.calendarUrl(c.id)} download>
                <Icon name="calendar" />
                <span>Add to calendar</span>
              </a>
            )}
            {isChangeable(c, now) && (
              <>
                <Button size="sm" variant="ghost" onClick={() => setDialog('reschedule')}>
                  Reschedule
                </Button>
                {c.role === 'provider' && !c.proposal && (
                  <Button size="sm" variant="ghost" onClick={() => setDialog('propose')}>
                    Propose new time
                  </Button>
                )}
                <Button size="sm" variant="ghost" onClick={() => setDialog('cancel')}>
                  Cancel
                </Button>
              </>
            )}
          </div>
        )}
      </header>

      {notice && (
        <Alert tone={notice.tone} className="inline-alert">
          {notice.text}
        </Alert>
      )}
      {c.status === 'scheduled' && c.proposal && (
        <Alert
          tone="info"
          title={client ? `${other.displayName} proposes a new time` : 'You proposed a new time'}
          action={
            awaitsMyAnswer(c) ? (
              <div className="button-row">
                <Button
                  size="sm"
                  busy={busy === 'accept'}
                  disabled={busy !== null}
                  onClick={() =>
                    void act('accept', () => consultationsApi.accept(c.id), 'The new time is booked.')
                  }
                >
                  Accept
                </Button>
                <Button
                  size="sm"
                  variant="secondary"
                  busy={busy === 'decline'}
                  disabled={busy !== null}
                  onClick={() =>
                    void act(
                      'decline',
                      () => consultationsApi.decline(c.id),
                      'Declined. The consultation keeps its time.',
                    )
                  }
                >
                  Decline
                </Button>
              </div>
            ) : undefined
          }
        >
          {whenText(c.proposal.start, c.proposal.end)}
          {client ? ' instead of the time above.' : '; waiting for the client’s answer.'}
        </Alert>
      )}

      <div className="consultation-body">
        <div className="consultation-stage">{stage()}</div>
        {showChat && c.roomId && (
          <ConsultationChat
            roomId={c.roomId}
            other={other}
            readOnly={ended}
            onClose={() => setChatOpen(false)}
            onErase={erase}
          />
        )}
        {!showChat && c.roomId && !inCall && (
          <Button
            className="consultation-chat-open"
            variant="secondary"
            icon={<Icon name="chat" />}
            aria-controls="consultation-chat"
            onClick={() => setChatOpen(true)}
          >
            Chat with {other.displayName}
          </Button>
        )}
      </div>

      {dialog === 'cancel' && (
        <CancelDialog
          consultation={c}
          onClose={() => setDialog(null)}
          onDone={(next) => {
            setDialog(null);
            onChanged(next);
            setNotice({
              tone: next.status === 'late_canceled' ? 'warning' : 'success',
              text: canceledSentence(next, c.status === 'held'),
            });
          }}
        />
      )}
      {(dialog === 'reschedule' || dialog === 'propose') && (
        <MoveDialog
          consultation={c}
          mode={dialog}
          onClose={() => setDialog(null)}
          onDone={(next) => {
            setDialog(null);
            onChanged(next);
            setNotice({
              tone: 'success',
              text:
                dialog === 'propose'
                  ? `Proposal sent to ${other.displayName}.`
                  : `Moved to ${whenText(next.start, next.end)}.`,
            });
          }}
        />
      )}
    </div>
  );
}

/** Re-renders every `ms` (null: never), so the join window opens on time without a reload. */
function useNow(ms: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (ms === null) return;
    const timer = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(timer);
  }, [ms]);
  return now;
}

/** A time held for the client to confirm, or proposed by the provider for the client to accept. */
function HeldStage({
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

const ENDINGS: Partial<Record<Consultation['status'], string>> = {
  finished: 'This consultation has finished.',
  canceled: 'This consultation was canceled.',
  late_canceled: 'This consultation was canceled shortly before the start (a late cancellation).',
  no_show_client: 'The client didn’t join this consultation.',
  no_show_provider: 'The provider didn’t join this consultation.',
  expired: 'This time was never confirmed, so it expired.',
};

function EndedStage({
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

/** "Opens at 14:50 (10 minutes before the start)", with the day when it is not today. */
export function opensText(c: Pick<Consultation, 'start' | 'joinOpensAt'>): string {
  const day = relativeDay(c.joinOpensAt);
  if (day === 'Today') return `Opens at ${joinOpensSentence(c)}`;
  if (day === 'Tomorrow') return `Opens tomorrow at ${joinOpensSentence(c)}`;
  return `Opens on ${longDay(c.joinOpensAt)} at ${joinOpensSentence(c)}`;
}
