import type {
  Consultation,
  ConsultationEventType,
  ConsultationPresence,
  JoinConsultationResponse,
} from '@parley/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage, isApiError } from '../../api/client';
import { t } from '../../i18n';
import { useSocketEvent } from '../../realtime/useSocketEvent';
import { e2eeRequiredMessage } from '../calls';
import { consultationsApi, presenceOf } from './consultations.api';
import type { JoinChoices } from './PreJoin';
import { otherParty, type Words } from './status';

export type Phase =
  | { phase: 'prejoin' }
  | { phase: 'joining'; choices: JoinChoices }
  | { phase: 'call'; join: JoinConsultationResponse; choices: JoinChoices }
  | { phase: 'chat' }
  | { phase: 'left' };

export type FeedbackState = 'ask' | 'sent' | 'skipped';

/** Whether the other party is in the call, from the consultation's own record. */
function otherInFrom(c: Consultation): boolean {
  // A client, or a third participant (issue 19), waits for the provider; the provider for the client.
  const joined = c.role !== 'provider' ? c.providerJoinedAt : c.clientJoinedAt;
  const left = c.role !== 'provider' ? c.providerLeftAt : c.clientLeftAt;
  return joined !== null && (left === null || left < joined);
}

/**
 * Where I am in a consultation on its page (before joining, joining, in the call, by chat only, left),
 * whether the other party is in, and what this page reports to the server: joining and leaving by
 * video or chat, and what the meeting sees.
 */
export function useConsultationSession(c: Consultation, onChanged: (c: Consultation) => void) {
  /** Seen from the client's side: the client, or a third participant. */
  const client = c.role !== 'provider';
  const [phase, setPhase] = useState<Phase>({ phase: 'prejoin' });
  /** Why joining failed, said while rendering (it follows the interface's language). */
  const [joinError, setJoinErrorWords] = useState<Words | null>(null);
  const setJoinError = (words: Words | null) => setJoinErrorWords(() => words);
  const [prejoinKey, setPrejoinKey] = useState(0);
  const [otherIn, setOtherIn] = useState(() => otherInFrom(c));
  const [feedback, setFeedback] = useState<FeedbackState>('ask');

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
      const failure = errorMessage(error);
      setJoinError(
        isApiError(error) && error.code === 'join_window_closed'
          ? () => t('consultations.join.closed', { error: failure })
          : isApiError(error) && error.code === 'e2ee_unsupported'
            ? () => `${e2eeRequiredMessage()} ${t('consultations.meeting.chatStillWorks')}`
            : () => t('consultations.join.failed', { error: failure }),
      );
      setPhase({ phase: 'prejoin' });
      setPrejoinKey((n) => n + 1);
    }
  };

  const other = otherParty(c);
  return {
    phase,
    setPhase,
    joinVideo,
    joinError,
    /** Changes after a failed join: the pre-join checks start again. */
    prejoinKey,
    otherIn,
    seeOther,
    /** The other party's name, when they are in without encryption in an "offered" session. */
    othersInClear: otherInClear && otherIn ? [other.displayName] : [],
    report,
    /** Whether the session took place: both of us were in it (feedback is asked only then). */
    tookPlace: c.providerJoinedAt !== null && (c.clientJoinedAt !== null || joinedHere),
    feedback,
    setFeedback,
  };
}

export type ConsultationSession = ReturnType<typeof useConsultationSession>;

/** Re-renders every `ms` (null: never), so the join window opens on time without a reload. */
export function useNow(ms: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (ms === null) return;
    const timer = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(timer);
  }, [ms]);
  return now;
}
