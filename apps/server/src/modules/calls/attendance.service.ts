import type { Call, CallClientEvent, CallsSettings, JoinCallRequest, JoinCallResponse } from '@parley/shared';
import type { Transaction, UnitOfWork } from '../../db/unit-of-work.js';
import { Errors } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import { joinE2ee } from '../../lib/e2ee.js';
import type { MeetingEvent, MeetingProvider } from '../../meetings/meeting-provider.js';
import type { Actor, ChatRepositories } from '../chat/index.js';
import { accessCall, mayEnd } from './calls.access.js';
import { callEvents } from './calls.events.js';
import {
  LIVE_STATUSES,
  type CallRow,
  type CallsRepository,
  type ParticipantState,
} from './calls.repository.js';
import type { CallViews } from './call-views.js';

/** An answered call nobody has entered yet ends after this (both sides closed the page). */
export const ANSWER_GRACE_MS = 2 * 60_000;
/** A call everyone has left ends after this (a reload or a flaky network is not the end). */
export const EMPTY_GRACE_MS = 60_000;

/** A participant who has not answered yet, and may still. */
const UNANSWERED: ParticipantState[] = ['ringing', 'invited', 'missed', 'declined'];

export interface AttendanceDependencies {
  uow: UnitOfWork<ChatRepositories & { calls: CallsRepository }>;
  views: CallViews;
  meetings: MeetingProvider;
  settings: () => Promise<CallsSettings>;
  clock: Clock;
  /** Where this Parley is reached (`https://chat.example.org`): avatars in tokens are absolute. */
  publicUrl: string;
}

/**
 * Who is in a call: joining (a per-user token; joining answers), and joins and leaves as people's
 * embedded meetings report them, or as Jitsi itself does (event_sync, JaaS webhooks). A call everyone
 * has left ends after its grace period (calls.sweeper.ts).
 */
export class AttendanceService {
  constructor(private readonly deps: AttendanceDependencies) {}

  private nowIso(): string {
    return this.deps.clock.now().toISOString();
  }

  /** A fresh per-user link and token; answering by joining counts as accepting. */
  async join(actor: Actor, callId: string, body: JoinCallRequest = {}): Promise<JoinCallResponse> {
    const { uow, views } = this.deps;
    const { row: seen, role } = await accessCall(uow.repos, actor, callId);
    if (!LIVE_STATUSES.includes(seen.status)) throw Errors.callEnded();
    const settings = await this.deps.settings();
    // Liveness and key from the call's locked row, which an ending takes too (and erases the key in):
    // a join the end overtook since `seen` was read is refused here instead of answering with the
    // erased key and a fresh token. Before any token is made: a browser that cannot encrypt gets
    // nothing from a required call.
    const row = await uow.run((tx) => tx.calls.lockLive(seen.id));
    if (!row) throw Errors.callEnded();
    const e2ee = joinE2ee(row.e2ee_mode, row.e2ee_key, body.e2eeSupported, Errors.callEnded);
    const unencrypted = e2ee.e2ee !== undefined && body.e2eeSupported === false ? 1 : 0;
    const moderator =
      row.created_by === actor.id ||
      (settings.moderators === 'caller-and-room-moderators' && (role === 'owner' || role === 'moderator'));
    const joinInfo = await this.deps.meetings.join({
      callId: row.meeting_id,
      roomName: row.room_name,
      user: {
        id: actor.id,
        displayName: actor.displayName,
        avatarUrl: actor.avatarUrl ? `${this.deps.publicUrl}${actor.avatarUrl}` : null,
        email: null,
      },
      moderator,
      ...(row.title === '' ? {} : { title: row.title }),
      // Calls have no set end, but they do have a maximum length: no token outlives it.
      expiresAt: Date.parse(row.max_until),
    });
    const existing = await uow.repos.calls.participant(row.id, actor.id);
    const answers = !existing || UNANSWERED.includes(existing.state);
    if (!answers && Number(existing.moderator) !== (moderator ? 1 : 0)) {
      await uow.repos.calls.setParticipant(row.id, actor.id, { moderator: moderator ? 1 : 0 });
    }
    // Whether this person is in the call in clear (offered, their browser cannot encrypt): the
    // others see it on the participant (call:updated); a later join from a capable browser clears it.
    const inClearChanges = Number(existing?.unencrypted ?? 0) !== unencrypted;
    let changed = false;
    if (answers || inClearChanges) {
      const now = this.nowIso();
      changed = await uow.run(async (tx) => {
        let changed = answers && (await tx.calls.lockLive(row.id)) !== undefined;
        changed &&= await answerIn(tx, row, actor.id, now, moderator);
        if (inClearChanges) {
          changed = (await tx.calls.setParticipant(row.id, actor.id, { unencrypted })) || changed;
        }
        if (changed) tx.emit(callEvents.updated(row.id));
        return changed;
      });
    }
    return {
      call: changed ? await views.current(row, actor.id) : await views.present(row, actor.id),
      ...joinInfo,
      ...e2ee,
    };
  }

  /**
   * What the actor's embedded meeting saw. People report their own joins and leaves; a participant
   * who vanished (a crashed browser) may be reported as gone by someone still in the call. Once
   * Jitsi itself reports on a call, browsers' reports are ignored.
   */
  async report(actor: Actor, callId: string, event: CallClientEvent): Promise<Call> {
    const { views } = this.deps;
    const { row, role } = await accessCall(this.deps.uow.repos, actor, callId);
    if (!LIVE_STATUSES.includes(row.status) || Number(row.server_events) === 1) {
      return views.present(row, actor.id);
    }
    const now = this.nowIso();
    let changed = false;
    if (event.type === 'videoConferenceJoined') changed = await this.markJoined(row, actor.id, now);
    else if (event.type === 'videoConferenceLeft') changed = await this.markLeft(row, actor.id, now);
    else if (
      event.type === 'participantLeft' &&
      event.userId &&
      event.userId !== actor.id &&
      mayEnd(actor, row, role)
    ) {
      // Only someone who could end the call anyway may say another person has gone.
      changed = await this.markLeft(row, event.userId, now);
    }
    return changed ? views.current(row, actor.id) : views.present(row, actor.id);
  }

  /**
   * Someone's own embedded meeting says they entered or left, for people Parley let into the call
   * without a room membership (a guest, issue 19), already authenticated by the caller. Ignored once
   * Jitsi itself reports on the call, and for calls that are over. True when something changed.
   */
  async reportPresence(callId: string, userId: string, type: 'joined' | 'left'): Promise<boolean> {
    const row = await this.deps.uow.repos.calls.findById(callId);
    if (!row || !LIVE_STATUSES.includes(row.status) || Number(row.server_events) === 1) return false;
    if (!(await this.deps.uow.repos.calls.participant(row.id, userId))) return false;
    const now = this.nowIso();
    return type === 'joined' ? this.markJoined(row, userId, now) : this.markLeft(row, userId, now);
  }

  /** What Jitsi reported (event_sync or JaaS webhook), already authenticated; applied once per key. */
  async providerEvent(event: MeetingEvent): Promise<'applied' | 'duplicate' | 'unknown_room' | 'ignored'> {
    const { calls } = this.deps.uow.repos;
    // The key is recorded only once the event is applied, so a delivery that failed half-way is
    // applied again when Jitsi retries it; applying is idempotent, so two racing copies are harmless.
    if (await calls.hasEvent(event.key)) return 'duplicate';
    const row = await calls.findByRoomName(event.roomName);
    const outcome = row ? await this.applyProviderEvent(row, event) : 'unknown_room';
    await calls.recordEvent(event.key, row?.id ?? null, this.nowIso());
    return outcome;
  }

  private async applyProviderEvent(row: CallRow, event: MeetingEvent): Promise<'applied' | 'ignored'> {
    const { uow } = this.deps;
    if (!LIVE_STATUSES.includes(row.status)) return 'ignored';
    if (Number(row.server_events) === 0) await uow.repos.calls.update(row.id, { server_events: 1 });
    // Jitsi's own time, unless it is implausible (a clock far off, or a malformed value).
    const nowMs = this.deps.clock.now().getTime();
    const at =
      event.at !== null && Math.abs(event.at - nowMs) <= 86_400_000
        ? new Date(event.at).toISOString()
        : this.nowIso();
    if (event.type === 'room.destroyed') {
      const ended = await uow.run(async (tx) => {
        const status = row.status === 'ringing' ? 'canceled' : 'ended';
        if (!(await tx.calls.end(row.id, status, 'destroyed', at))) return false;
        tx.emit(callEvents.ended(row.id));
        return true;
      });
      return ended ? 'applied' : 'ignored';
    }
    if (event.type === 'room.created' || event.userId === null) return 'ignored';
    // Tokens carry Parley's user id. Someone no longer in the room is not recorded as joining, but
    // their leaving is, so a removed member cannot keep the call from ending. Guests let into the
    // call (issue 19) are in no room: their participant row is what lets them in.
    const changed =
      event.type === 'participant.joined'
        ? ((await uow.repos.rooms.roleOf(row.room_id, event.userId)) !== null ||
            (await uow.repos.calls.isGuestParticipant(row.id, event.userId))) &&
          (await this.markJoined(row, event.userId, at))
        : await this.markLeft(row, event.userId, at);
    return changed ? 'applied' : 'ignored';
  }

  private markJoined(row: CallRow, userId: string, at: string): Promise<boolean> {
    return this.deps.uow.run(async (tx) => {
      if (!(await tx.calls.lockLive(row.id))) return false;
      const existing = await tx.calls.participant(row.id, userId);
      if (existing?.state === 'joined') return false;
      if (!existing) {
        await tx.calls.addParticipant({
          call_id: row.id,
          user_id: userId,
          state: 'joined',
          moderator: 0,
          invited_at: at,
          answered_at: at,
          joined_at: at,
          left_at: null,
        });
      } else {
        await tx.calls.setParticipant(row.id, userId, {
          state: 'joined',
          answered_at: existing.answered_at ?? at,
          joined_at: existing.joined_at ?? at,
          left_at: null,
        });
      }
      // Someone is in: the call is not empty. Entering a ringing direct call answers it.
      const answersIt = row.type === 'direct' && row.created_by !== userId;
      await tx.calls.transition(row.id, answersIt ? ['ongoing'] : LIVE_STATUSES, { idle_until: null });
      if (answersIt) {
        await tx.calls.transition(row.id, ['ringing'], {
          status: 'ongoing',
          started_at: at,
          idle_until: null,
        });
      }
      tx.emit(callEvents.updated(row.id));
      return true;
    });
  }

  private markLeft(row: CallRow, userId: string, at: string): Promise<boolean> {
    return this.deps.uow.run(async (tx) => {
      if (!(await tx.calls.lockLive(row.id))) return false;
      if (!(await tx.calls.setParticipant(row.id, userId, { state: 'left', left_at: at }, ['joined']))) {
        return false;
      }
      if ((await tx.calls.countInState(row.id, ['joined'])) === 0) {
        await tx.calls.transition(row.id, ['ongoing'], {
          idle_until: new Date(this.deps.clock.now().getTime() + EMPTY_GRACE_MS).toISOString(),
        });
      }
      tx.emit(callEvents.updated(row.id));
      return true;
    });
  }
}

/**
 * Lets someone into a live call without ringing them (a guest admitted from the lobby, issue 19),
 * inside `tx`: the call's row is locked first, they become an accepted participant (never a
 * moderator) and the call's members are told. False when the call is no longer live.
 */
export async function admitIn(
  tx: Transaction<{ calls: CallsRepository }>,
  callId: string,
  userId: string,
  now: string,
): Promise<boolean> {
  const row = await tx.calls.lockLive(callId);
  if (!row) return false;
  await answerIn(tx, row, userId, now, false);
  tx.emit(callEvents.updated(callId));
  return true;
}

/**
 * The user answers (accept, or join) inside `tx`, the call's row already locked: a direct call becomes
 * ongoing. False when nothing changed.
 */
export async function answerIn(
  tx: Transaction<{ calls: CallsRepository }>,
  row: CallRow,
  userId: string,
  now: string,
  moderator?: boolean,
): Promise<boolean> {
  const existing = await tx.calls.participant(row.id, userId);
  const flags = moderator === undefined ? {} : { moderator: moderator ? 1 : 0 };
  if (!existing) {
    await tx.calls.addParticipant({
      call_id: row.id,
      user_id: userId,
      state: 'accepted',
      moderator: moderator ? 1 : 0,
      invited_at: now,
      answered_at: now,
      joined_at: null,
      left_at: null,
    });
  } else if (
    !(await tx.calls.setParticipant(
      row.id,
      userId,
      { state: 'accepted', answered_at: now, ...flags },
      UNANSWERED,
    ))
  ) {
    return false;
  }
  if (row.type === 'direct' && row.created_by !== userId) {
    await tx.calls.transition(row.id, ['ringing'], {
      status: 'ongoing',
      started_at: now,
      idle_until: new Date(Date.parse(now) + ANSWER_GRACE_MS).toISOString(),
    });
  }
  return true;
}
