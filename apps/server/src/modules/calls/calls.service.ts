import { newCallId } from '@parley/jitsi';
import type {
  Call,
  CallClientEvent,
  CallPreview,
  CallsSettings,
  JoinCallRequest,
  JoinCallResponse,
  NotRung,
  RoomType,
} from '@parley/shared';
import { isUniqueViolation } from '../../db/errors.js';
import { Errors } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import { joinE2ee, newMediaKey } from '../../lib/e2ee.js';
import { newId } from '../../lib/ids.js';
import type { MeetingEvent, MeetingProvider } from '../../meetings/meeting-provider.js';
import type { RealtimePort } from '../../realtime/realtime.port.js';
import type { Actor, MessagesService, RoomsService } from '../chat/index.js';
import {
  LIVE_STATUSES,
  type CallFilters,
  type CallRow,
  type CallsRepository,
  type CallStatus,
  type CallsStore,
  type ParticipantRow,
  type ParticipantState,
  type ParticipantWithUser,
} from './calls.repository.js';
import { presentCall } from './calls.presenter.js';

/** An answered call nobody has entered yet ends after this (both sides closed the page). */
export const ANSWER_GRACE_MS = 2 * 60_000;
/** A call everyone has left ends after this (a reload or a flaky network is not the end). */
export const EMPTY_GRACE_MS = 60_000;
/** A group call the caller never entered ends this long after ringing stops. */
const UNATTENDED_GRACE_MS = 60_000;
/** Most callees listed in the preview. */
const PREVIEW_CALLEES = 50;
/** Participants of live calls kept per call version, at most this long (names and avatars may change). */
const PARTICIPANT_CACHE_MS = 30_000;
const PARTICIPANT_CACHE_SIZE = 2_000;

const ROOM_TYPE_LABEL: Record<RoomType, string> = {
  direct: 'direct messages',
  channel: 'public channels',
  private: 'private channels',
  team: 'teams',
  discussion: 'discussions',
  consultation: 'consultations (they have their own calls)',
};

/** A participant who has not answered yet, and may still. */
const UNANSWERED: ParticipantState[] = ['ringing', 'invited', 'missed', 'declined'];

export interface CallsDependencies {
  store: CallsStore;
  rooms: RoomsService;
  messages: MessagesService;
  meetings: MeetingProvider;
  settings: () => Promise<CallsSettings>;
  realtime: RealtimePort;
  clock: Clock;
  /** Where this Parley is reached (`https://chat.example.org`): avatars in tokens are absolute. */
  publicUrl: string;
  log: { warn(obj: object, msg: string): void };
  /** How often one caller may ring the same person (lib/personal-limits.ts); absent: always ring. */
  rings?: RingGuard;
}

/** Decides whether a caller may ring a callee now, and remembers declines. */
export interface RingGuard {
  /** 'ok' counts as a ring. */
  mayRing(callerId: string, calleeId: string): Promise<'ok' | NotRung['reason']>;
  declined(calleeId: string, callerId: string): Promise<void>;
}

/**
 * Calls in rooms: start (one live call per room), ring, answer, join with a per-user token, who
 * joined, end. State lives in rows; every change is a conditional update committed before anyone is
 * told, so concurrent answers, retries and a second node agree on one outcome.
 */
export class CallsService {
  /**
   * The participants last read for each live call, by the call's version: a join (the hot path)
   * presents the call without reading its participants again while nothing changed. Every change
   * to a call or its participants bumps the version in the row, so another node's change is seen.
   */
  private readonly participantCache = new Map<
    string,
    { version: number; at: number; participants: ParticipantWithUser[] }
  >();

  constructor(private readonly deps: CallsDependencies) {}

  private get calls(): CallsRepository {
    return this.deps.store.calls;
  }

  private nowIso(offsetMs = 0): string {
    return new Date(this.deps.clock.now().getTime() + offsetMs).toISOString();
  }

  /** Who a call would ring, for the caller to check before starting it. */
  async preview(actor: Actor, roomId: string): Promise<CallPreview> {
    const settings = await this.deps.settings();
    const { room, members } = await this.deps.rooms.viewAsMember(actor, roomId, { members: true });
    // A consultation's only call is its own session: nothing to preview (and no one to ring).
    if (room.type === 'consultation') throw Errors.callsDisabled(ROOM_TYPE_LABEL[room.type]);
    const live = await this.calls.findLiveInRoom(roomId);
    const others = members.filter((m) => m.user.id !== actor.id).map((m) => m.user);
    return {
      current: live ? await this.present(live, actor.id) : null,
      type: room.type === 'direct' ? 'direct' : 'group',
      ringing: settings.ringing && others.length > 0 && members.length <= settings.ringMaxMembers,
      callees: others.slice(0, PREVIEW_CALLEES),
      total: others.length,
    };
  }

  async start(
    actor: Actor,
    roomId: string,
    title = '',
    e2eeSupported?: boolean,
  ): Promise<{ call: Call; created: boolean; messageId: string | null; notRung: NotRung[] }> {
    const settings = await this.deps.settings();
    const { room, members } = await this.deps.rooms.viewAsMember(actor, roomId, { members: true });
    if (room.archived) throw Errors.roomArchived();
    if (room.type === 'consultation' || !settings.enabledIn[room.type]) {
      throw Errors.callsDisabled(ROOM_TYPE_LABEL[room.type]);
    }
    const live = await this.calls.findLiveInRoom(roomId);
    if (live) {
      return {
        call: await this.present(live, actor.id),
        created: false,
        messageId: live.message_id,
        notRung: [],
      };
    }
    // A new call would require encryption: a caller whose browser cannot encrypt could not join it,
    // so it must not ring the others into it either. (A call already going on keeps its own mode.)
    if (settings.e2ee === 'required' && e2eeSupported === false) throw Errors.e2eeUnsupported();
    if ((await this.deps.meetings.problems()).length > 0) throw Errors.meetingsNotConfigured();

    const meetingId = newCallId();
    const others = members.filter((m) => m.user.id !== actor.id);
    const type = room.type === 'direct' ? 'direct' : 'group';
    // The call starts either way; only the ring is held back for whom this caller has rung as often as
    // the limit allows in the last few minutes, or who declined this caller a short while ago (a start
    // every 2 s must not ring someone all day).
    const notRung: NotRung[] = [];
    if (
      settings.ringing &&
      others.length > 0 &&
      members.length <= settings.ringMaxMembers &&
      this.deps.rings
    ) {
      for (const m of others) {
        const verdict = await this.deps.rings.mayRing(actor.id, m.user.id);
        if (verdict !== 'ok') notRung.push({ userId: m.user.id, reason: verdict });
      }
    }
    const quiet = new Set(notRung.map((n) => n.userId));
    const ringing =
      settings.ringing &&
      others.some((m) => !quiet.has(m.user.id)) &&
      members.length <= settings.ringMaxMembers;
    const now = this.nowIso();
    const ringUntil = ringing ? this.nowIso(settings.ringTimeoutSeconds * 1000) : null;
    const status: CallStatus = type === 'direct' && ringing ? 'ringing' : 'ongoing';
    const row: CallRow = {
      id: newId(this.deps.clock.now().getTime()),
      room_id: roomId,
      type,
      status,
      title,
      created_by: actor.id,
      provider: this.deps.meetings.name,
      meeting_id: meetingId,
      room_name: await this.deps.meetings.roomNameFor(meetingId),
      ringing: ringing ? 1 : 0,
      message_id: null,
      created_at: now,
      started_at: status === 'ongoing' ? now : null,
      ended_at: null,
      end_reason: null,
      ring_until: ringUntil,
      // A call nobody enters does not stay "ongoing": the caller has until ringing stops, plus a minute.
      idle_until:
        status === 'ongoing'
          ? this.nowIso((ringing ? settings.ringTimeoutSeconds * 1000 : 0) + UNATTENDED_GRACE_MS)
          : null,
      max_until: this.nowIso(settings.maxDurationMinutes * 60_000),
      server_events: 0,
      version: 0,
      // Fixed for the call's life, so everyone in it uses the same key (a settings change applies to
      // calls started after it); the key is erased when the call ends.
      e2ee_mode: settings.e2ee,
      e2ee_key: settings.e2ee === 'off' ? null : newMediaKey(),
    };
    const participant = (userId: string, state: ParticipantState): ParticipantRow => ({
      call_id: row.id,
      user_id: userId,
      state,
      moderator: 0,
      invited_at: now,
      answered_at: state === 'accepted' ? now : null,
      joined_at: null,
      left_at: null,
      unencrypted: 0,
    });
    // Everyone in a DM takes part; in other rooms, those rung (others join as they come).
    const callees = type === 'direct' || ringing ? others : [];
    const participants = [
      participant(actor.id, 'accepted'),
      ...callees.map((m) => participant(m.user.id, ringing && !quiet.has(m.user.id) ? 'ringing' : 'invited')),
    ];
    try {
      await this.deps.store.transaction((tx) => tx.insert(row, participants));
    } catch (err) {
      // Someone else's call in this room committed first (the partial unique index): that is the call.
      if (!isUniqueViolation(err)) throw err;
      const winner = await this.calls.findLiveInRoom(roomId);
      if (!winner) throw err;
      return {
        call: await this.present(winner, actor.id),
        created: false,
        messageId: winner.message_id,
        notRung: [],
      };
    }

    const text = title === '' ? 'started a call' : `started a call: ${title}`;
    let messageId: string | null = null;
    try {
      const message = await this.deps.messages.postSystemMessage({
        roomId,
        authorId: actor.id,
        text,
        callId: row.id,
      });
      if (message) {
        messageId = message.id;
        await this.calls.setMessage(row.id, message.id);
      }
    } catch (err) {
      // The call stands without its message; say so rather than fail the start.
      this.deps.log.warn({ err, callId: row.id }, 'the call message could not be posted');
    }
    const call = await this.announce(row.id, 'call:updated');
    if (ringing) {
      for (const callee of callees) {
        if (quiet.has(callee.user.id)) continue;
        this.deps.realtime.toUser(callee.user.id, 'call:ringing', {
          call: await this.present(row, callee.user.id, call),
          caller: actor,
        });
      }
    }
    return { call: await this.present(row, actor.id, call), created: true, messageId, notRung };
  }

  async get(actor: Actor, callId: string): Promise<Call> {
    const { row } = await this.forMember(actor, callId);
    return this.present(row, actor.id);
  }

  /** A fresh per-user link and token; answering by joining counts as accepting. */
  async join(actor: Actor, callId: string, body: JoinCallRequest = {}): Promise<JoinCallResponse> {
    const { row: seen, role } = await this.forMember(actor, callId);
    if (!LIVE_STATUSES.includes(seen.status)) throw Errors.callEnded();
    const settings = await this.deps.settings();
    // Liveness and key from the call's locked row, which an ending takes too (and erases the key in):
    // a join the end overtook since `seen` was read is refused here instead of answering with the
    // erased key and a fresh token. Before any token is made: a browser that cannot encrypt gets
    // nothing from a required call.
    const row = await this.deps.store.transaction((tx) => tx.lockLive(seen.id));
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
    const existing = await this.calls.participant(row.id, actor.id);
    let changed = false;
    if (!existing || UNANSWERED.includes(existing.state)) {
      changed = await this.answer(row, actor.id, moderator);
    } else if (Number(existing.moderator) !== (moderator ? 1 : 0)) {
      await this.calls.setParticipant(row.id, actor.id, { moderator: moderator ? 1 : 0 });
    }
    // Whether this person is in the call in clear (offered, their browser cannot encrypt): the
    // others see it on the participant (call:updated); a later join from a capable browser clears it.
    const current = await this.calls.participant(row.id, actor.id);
    if (current && Number(current.unencrypted) !== unencrypted) {
      changed = (await this.calls.setParticipant(row.id, actor.id, { unencrypted })) || changed;
    }
    const call = changed ? await this.announce(row.id, 'call:updated') : null;
    return {
      call: await this.present(row, actor.id, call),
      ...joinInfo,
      ...e2ee,
    };
  }

  async accept(actor: Actor, callId: string): Promise<Call> {
    const { row } = await this.forMember(actor, callId);
    if (!LIVE_STATUSES.includes(row.status)) throw Errors.callEnded();
    if (await this.answer(row, actor.id)) {
      return this.present(row, actor.id, await this.announce(row.id, 'call:updated'));
    }
    return this.present(row, actor.id);
  }

  async decline(actor: Actor, callId: string): Promise<Call> {
    const { row } = await this.forMember(actor, callId);
    if (row.created_by === actor.id) throw Errors.conflict('You started this call: cancel it instead');
    if (!LIVE_STATUSES.includes(row.status)) return this.present(row, actor.id);
    const now = this.nowIso();
    const outcome = await this.deps.store.transaction(async (tx) => {
      const live = await tx.lockLive(row.id);
      if (!live) return 'unchanged';
      const declined = await tx.setParticipant(row.id, actor.id, { state: 'declined', answered_at: now }, [
        'ringing',
        'invited',
        'missed',
      ]);
      if (!declined) return 'unchanged';
      // A direct call ends declined once nobody it rang may still pick up.
      if (live.type === 'direct' && live.status === 'ringing') {
        const stillPossible = await tx.countInState(row.id, ['ringing', 'joined']);
        const others = (await tx.countInState(row.id, ['accepted'])) - 1;
        if (stillPossible === 0 && others <= 0) {
          const ended = await tx.transition(row.id, ['ringing'], {
            status: 'declined',
            ended_at: now,
            end_reason: 'declined',
            ring_until: null,
            idle_until: null,
          });
          if (ended) return 'ended';
        }
      }
      return 'updated';
    });
    if (outcome === 'unchanged') return this.present(row, actor.id);
    // No ring from this caller for a while (the callee said no; a new start must not ring them again).
    if (row.created_by !== null) await this.deps.rings?.declined(actor.id, row.created_by);
    const call = await this.announce(row.id, outcome === 'ended' ? 'call:ended' : 'call:updated');
    return this.present(row, actor.id, call);
  }

  /** The caller stops ringing; a call nobody has entered yet ends canceled. */
  async cancel(actor: Actor, callId: string): Promise<Call> {
    const { row } = await this.forMember(actor, callId);
    if (row.created_by !== actor.id) throw Errors.forbidden('Only the caller can cancel a call');
    if (!LIVE_STATUSES.includes(row.status)) return this.present(row, actor.id);
    if (row.type === 'direct' && row.status === 'ongoing') {
      throw Errors.conflict('This call was answered: end it instead');
    }
    const now = this.nowIso();
    const outcome = await this.deps.store.transaction(async (tx) => {
      if (!(await tx.lockLive(row.id))) return 'unchanged';
      await tx.setParticipantsWhere(row.id, ['ringing'], { state: 'missed' });
      const entered = await tx.countInState(row.id, ['joined', 'left']);
      if (entered === 0) {
        const ended = await tx.transition(row.id, LIVE_STATUSES, {
          status: 'canceled',
          ended_at: now,
          end_reason: 'canceled',
          ring_until: null,
          idle_until: null,
        });
        if (ended) return 'ended';
      }
      await tx.update(row.id, { ring_until: null });
      return 'updated';
    });
    if (outcome === 'unchanged') return this.present(row, actor.id);
    const call = await this.announce(row.id, outcome === 'ended' ? 'call:ended' : 'call:updated');
    return this.present(row, actor.id, call);
  }

  /** Ends the call for everyone: the caller, and the room's owners and moderators. */
  async end(actor: Actor, callId: string): Promise<Call> {
    const { row, role } = await this.forMember(actor, callId);
    if (!this.mayEnd(actor, row, role)) {
      throw Errors.forbidden(
        "Only the caller and the room's owners and moderators can end a call for everyone",
      );
    }
    if (!LIVE_STATUSES.includes(row.status)) return this.present(row, actor.id);
    const ended = await this.deps.store.transaction((tx) =>
      this.finish(tx, row, row.status === 'ringing' ? 'canceled' : 'ended', 'hangup'),
    );
    if (!ended) return this.present(row, actor.id);
    await this.deps.meetings.end(row.meeting_id);
    return this.present(row, actor.id, await this.announce(row.id, 'call:ended'));
  }

  /**
   * What the actor's embedded meeting saw. People report their own joins and leaves; a participant
   * who vanished (a crashed browser) may be reported as gone by someone still in the call. Once
   * Jitsi itself reports on a call, browsers' reports are ignored.
   */
  async report(actor: Actor, callId: string, event: CallClientEvent): Promise<Call> {
    const { row, role } = await this.forMember(actor, callId);
    if (!LIVE_STATUSES.includes(row.status) || Number(row.server_events) === 1) {
      return this.present(row, actor.id);
    }
    const now = this.nowIso();
    let changed = false;
    if (event.type === 'videoConferenceJoined') changed = await this.markJoined(row, actor.id, now);
    else if (event.type === 'videoConferenceLeft') changed = await this.markLeft(row, actor.id, now);
    else if (
      event.type === 'participantLeft' &&
      event.userId &&
      event.userId !== actor.id &&
      this.mayEnd(actor, row, role)
    ) {
      // Only someone who could end the call anyway may say another person has gone.
      changed = await this.markLeft(row, event.userId, now);
    }
    if (!changed) return this.present(row, actor.id);
    return this.present(row, actor.id, await this.announce(row.id, 'call:updated'));
  }

  /** What Jitsi reported (event_sync or JaaS webhook), already authenticated; applied once per key. */
  async providerEvent(event: MeetingEvent): Promise<'applied' | 'duplicate' | 'unknown_room' | 'ignored'> {
    // The key is recorded only once the event is applied, so a delivery that failed half-way is
    // applied again when Jitsi retries it; applying is idempotent, so two racing copies are harmless.
    if (await this.calls.hasEvent(event.key)) return 'duplicate';
    const row = await this.calls.findByRoomName(event.roomName);
    const outcome = row ? await this.applyProviderEvent(row, event) : 'unknown_room';
    await this.calls.recordEvent(event.key, row?.id ?? null, this.nowIso());
    return outcome;
  }

  private async applyProviderEvent(row: CallRow, event: MeetingEvent): Promise<'applied' | 'ignored'> {
    if (!LIVE_STATUSES.includes(row.status)) return 'ignored';
    if (Number(row.server_events) === 0) await this.calls.update(row.id, { server_events: 1 });
    // Jitsi's own time, unless it is implausible (a clock far off, or a malformed value).
    const nowMs = this.deps.clock.now().getTime();
    const at =
      event.at !== null && Math.abs(event.at - nowMs) <= 86_400_000
        ? new Date(event.at).toISOString()
        : this.nowIso();
    if (event.type === 'room.destroyed') {
      const ended = await this.deps.store.transaction((tx) =>
        this.finish(tx, row, row.status === 'ringing' ? 'canceled' : 'ended', 'destroyed', at),
      );
      if (ended) await this.announce(row.id, 'call:ended');
      return ended ? 'applied' : 'ignored';
    }
    if (event.type === 'room.created' || event.userId === null) return 'ignored';
    // Tokens carry Parley's user id. Someone no longer in the room is not recorded as joining, but
    // their leaving is, so a removed member cannot keep the call from ending.
    const changed =
      event.type === 'participant.joined'
        ? (await this.deps.rooms.roleOf(row.room_id, event.userId)) !== null &&
          (await this.markJoined(row, event.userId, at))
        : await this.markLeft(row, event.userId, at);
    if (changed) await this.announce(row.id, 'call:updated');
    return changed ? 'applied' : 'ignored';
  }

  async listForRoom(actor: Actor, roomId: string, before: string | undefined, limit: number) {
    await this.deps.rooms.viewAsMember(actor, roomId);
    return this.page(await this.calls.list({ roomId, before, limit }), limit, actor.id);
  }

  async listMine(
    actor: Actor,
    direction: 'all' | 'incoming' | 'outgoing' | 'missed',
    before: string | undefined,
    limit: number,
  ) {
    return this.page(await this.calls.listForUser(actor.id, direction, before, limit), limit, actor.id);
  }

  /** The admin call log (any room; DMs named after all their members). */
  async listAll(filters: CallFilters) {
    return this.page(await this.calls.list(filters), filters.limit, null);
  }

  /**
   * One pass of the call timers: ringing that is due stops (the unanswered are missed; a direct call
   * nobody answered is missed), calls empty for their grace period end, and so do calls past the
   * maximum length. Each row is claimed inside the transaction that changes it, so one node acts on
   * it once, and a pass interrupted by a restart is redone by the next one.
   */
  async sweep(): Promise<number> {
    const now = this.nowIso();
    let handled = 0;
    for (const row of await this.calls.dueRinging(now)) {
      const outcome = await this.deps.store.transaction(async (tx) => {
        if (!(await tx.claimTimer(row.id, 'ring_until', row.ring_until!))) return null;
        await tx.setParticipantsWhere(row.id, ['ringing'], { state: 'missed' });
        if (row.status !== 'ringing') return 'updated';
        const missed = await tx.transition(row.id, ['ringing'], {
          status: 'missed',
          ended_at: now,
          end_reason: 'timeout',
          idle_until: null,
        });
        return missed ? 'ended' : 'updated';
      });
      if (outcome) {
        handled++;
        await this.announce(row.id, outcome === 'ended' ? 'call:ended' : 'call:updated');
      }
    }
    for (const row of await this.calls.dueIdle(now)) {
      const ended = await this.deps.store.transaction(async (tx) => {
        if (!(await tx.claimTimer(row.id, 'idle_until', row.idle_until!))) return false;
        if ((await tx.countInState(row.id, ['joined'])) > 0) return false;
        // The call ended when its last person left, not when the grace period ran out: its
        // duration is the time people spent in it. A call nobody entered ends now.
        const lastLeft = await tx.lastLeftAt(row.id);
        const at = lastLeft && row.started_at && lastLeft < row.started_at ? row.started_at : lastLeft;
        return this.finish(tx, row, 'ended', 'empty', at ?? now);
      });
      if (ended) {
        handled++;
        await this.deps.meetings.end(row.meeting_id);
        await this.announce(row.id, 'call:ended');
      }
    }
    for (const row of await this.calls.dueMaxDuration(now)) {
      const ended = await this.deps.store.transaction((tx) =>
        this.finish(tx, row, row.status === 'ringing' ? 'missed' : 'ended', 'max_duration'),
      );
      if (ended) {
        handled++;
        await this.deps.meetings.end(row.meeting_id);
        await this.announce(row.id, 'call:ended');
      }
    }
    return handled;
  }

  /** Forgets delivered event keys after a day (JaaS refuses older replays by their timestamp). */
  sweepEventKeys(): Promise<number> {
    return this.calls.forgetEventsBefore(this.nowIso(-24 * 3_600_000));
  }

  // ---------------------------------------------------------------------------------------------

  /** The caller, the room's owners and moderators, and administrators in the room. */
  private mayEnd(actor: Actor, row: CallRow, role: string): boolean {
    return row.created_by === actor.id || role === 'owner' || role === 'moderator' || actor.role === 'admin';
  }

  /** The call if the actor is in its room now; otherwise the same 404 as a call that does not exist. */
  private async forMember(actor: Actor, callId: string) {
    const row = await this.calls.findById(callId);
    if (!row) throw Errors.callNotFound();
    const role = await this.deps.rooms.roleOf(row.room_id, actor.id);
    if (role === null) throw Errors.callNotFound();
    return { row, role };
  }

  /** The user answers (accept or join). A direct call becomes ongoing. False when nothing changed. */
  private answer(row: CallRow, userId: string, moderator?: boolean): Promise<boolean> {
    const now = this.nowIso();
    return this.deps.store.transaction(async (tx) => {
      if (!(await tx.lockLive(row.id))) return false;
      const existing = await tx.participant(row.id, userId);
      const flags = moderator === undefined ? {} : { moderator: moderator ? 1 : 0 };
      if (!existing) {
        await tx.addParticipant({
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
        !(await tx.setParticipant(
          row.id,
          userId,
          { state: 'accepted', answered_at: now, ...flags },
          UNANSWERED,
        ))
      ) {
        return false;
      }
      if (row.type === 'direct' && row.created_by !== userId) {
        await tx.transition(row.id, ['ringing'], {
          status: 'ongoing',
          started_at: now,
          idle_until: new Date(Date.parse(now) + ANSWER_GRACE_MS).toISOString(),
        });
      }
      return true;
    });
  }

  private markJoined(row: CallRow, userId: string, at: string): Promise<boolean> {
    return this.deps.store.transaction(async (tx) => {
      if (!(await tx.lockLive(row.id))) return false;
      const existing = await tx.participant(row.id, userId);
      if (existing?.state === 'joined') return false;
      if (!existing) {
        await tx.addParticipant({
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
        await tx.setParticipant(row.id, userId, {
          state: 'joined',
          answered_at: existing.answered_at ?? at,
          joined_at: existing.joined_at ?? at,
          left_at: null,
        });
      }
      // Someone is in: the call is not empty. Entering a ringing direct call answers it.
      const answersIt = row.type === 'direct' && row.created_by !== userId;
      await tx.transition(row.id, answersIt ? ['ongoing'] : LIVE_STATUSES, { idle_until: null });
      if (answersIt) {
        await tx.transition(row.id, ['ringing'], { status: 'ongoing', started_at: at, idle_until: null });
      }
      return true;
    });
  }

  private markLeft(row: CallRow, userId: string, at: string): Promise<boolean> {
    return this.deps.store.transaction(async (tx) => {
      if (!(await tx.lockLive(row.id))) return false;
      if (!(await tx.setParticipant(row.id, userId, { state: 'left', left_at: at }, ['joined']))) {
        return false;
      }
      if ((await tx.countInState(row.id, ['joined'])) === 0) {
        await tx.transition(row.id, ['ongoing'], {
          idle_until: new Date(this.deps.clock.now().getTime() + EMPTY_GRACE_MS).toISOString(),
        });
      }
      return true;
    });
  }

  /** Ends a live call inside `tx`: whoever is in has left, whoever still rings missed it. */
  private async finish(
    tx: CallsRepository,
    row: CallRow,
    status: CallStatus,
    reason: NonNullable<Call['endReason']>,
    at = this.nowIso(),
  ): Promise<boolean> {
    const ended = await tx.transition(row.id, LIVE_STATUSES, {
      status,
      ended_at: at,
      end_reason: reason,
      ring_until: null,
      idle_until: null,
    });
    if (!ended) return false;
    await tx.setParticipantsWhere(row.id, ['joined'], { state: 'left', left_at: at });
    await tx.setParticipantsWhere(row.id, ['ringing'], { state: 'missed' });
    return true;
  }

  /**
   * Tells the room's members about the call as it is now. A DM is named differently for each of its
   * members, so they are told one by one; other rooms get one emit.
   */
  private async announce(callId: string, event: 'call:updated' | 'call:ended'): Promise<Call | null> {
    const row = await this.calls.findById(callId);
    if (!row) return null;
    const participants = (await this.participantsFor([row])).get(row.id) ?? [];
    if (row.type === 'direct') {
      const names = new Map<string, string>();
      for (const p of participants) {
        const name = (await this.deps.rooms.displayNames(p.user_id, [row.room_id])).get(row.room_id) ?? '';
        names.set(p.user_id, name);
        this.deps.realtime.toUser(p.user_id, event, presentCall(row, participants, name));
      }
      return presentCall(row, participants, '');
    }
    const name = (await this.deps.rooms.displayNames(null, [row.room_id])).get(row.room_id) ?? '';
    const call = presentCall(row, participants, name);
    this.deps.realtime.toRoom(row.room_id, event, call);
    return call;
  }

  /** The call as `viewerId` sees it (`fresh`: an already presented current state to reuse). */
  private async present(row: CallRow, viewerId: string, fresh?: Call | null): Promise<Call> {
    if (fresh) {
      const name =
        (await this.deps.rooms.displayNames(viewerId, [fresh.roomId])).get(fresh.roomId) ??
        fresh.roomDisplayName;
      return { ...fresh, roomDisplayName: name };
    }
    const [call] = await this.presentMany([row], viewerId);
    return call!;
  }

  private async presentMany(rows: CallRow[], viewerId: string | null): Promise<Call[]> {
    const [participants, names] = await Promise.all([
      this.participantsFor(rows),
      this.deps.rooms.displayNames(
        viewerId,
        rows.map((r) => r.room_id),
      ),
    ]);
    return rows.map((r) => presentCall(r, participants.get(r.id) ?? [], names.get(r.room_id) ?? ''));
  }

  private async participantsFor(rows: CallRow[]): Promise<Map<string, ParticipantWithUser[]>> {
    const now = this.deps.clock.now().getTime();
    const found = new Map<string, ParticipantWithUser[]>();
    const missing: CallRow[] = [];
    for (const row of rows) {
      const cached = this.participantCache.get(row.id);
      if (cached && cached.version === Number(row.version) && now - cached.at < PARTICIPANT_CACHE_MS) {
        found.set(row.id, cached.participants);
      } else missing.push(row);
    }
    if (missing.length === 0) return found;
    const fetched = await this.calls.participantsOf(missing.map((r) => r.id));
    for (const row of missing) {
      const participants = fetched.get(row.id) ?? [];
      found.set(row.id, participants);
      if (!LIVE_STATUSES.includes(row.status)) {
        this.participantCache.delete(row.id);
        continue;
      }
      if (this.participantCache.size >= PARTICIPANT_CACHE_SIZE) {
        this.participantCache.delete(this.participantCache.keys().next().value!);
      }
      this.participantCache.set(row.id, { version: Number(row.version), at: now, participants });
    }
    return found;
  }

  private async page(rows: CallRow[], limit: number, viewerId: string | null) {
    const hasMore = rows.length > limit;
    const kept = rows.slice(0, limit);
    return {
      calls: await this.presentMany(kept, viewerId),
      nextBefore: hasMore ? kept[kept.length - 1]!.id : null,
    };
  }
}
