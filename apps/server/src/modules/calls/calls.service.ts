import { newCallId } from '@parley/jitsi';
import type { Call, CallPreview, CallsSettings, NotRung } from '@parley/shared';
import { isUniqueViolation } from '../../db/errors.js';
import type { UnitOfWork } from '../../db/unit-of-work.js';
import { Errors } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import { newMediaKey } from '../../lib/e2ee.js';
import { newId } from '../../lib/ids.js';
import type { MeetingProvider } from '../../meetings/meeting-provider.js';
import {
  postSystemMessage,
  type Actor,
  type ChatRepositories,
  type MembershipService,
} from '../chat/index.js';
import { answerIn } from './attendance.service.js';
import { accessCall, mayEnd } from './calls.access.js';
import { callEvents } from './calls.events.js';
import {
  LIVE_STATUSES,
  type CallRow,
  type CallsRepository,
  type CallStatus,
  type ParticipantRow,
  type ParticipantState,
} from './calls.repository.js';
import type { CallViews } from './call-views.js';

/** A group call the caller never entered ends this long after ringing stops. */
const UNATTENDED_GRACE_MS = 60_000;
/** Most callees listed in the preview. */
const PREVIEW_CALLEES = 50;

type CallsRepositories = ChatRepositories & { calls: CallsRepository };

export interface CallsDependencies {
  uow: UnitOfWork<CallsRepositories>;
  membership: MembershipService;
  views: CallViews;
  meetings: MeetingProvider;
  settings: () => Promise<CallsSettings>;
  clock: Clock;
  /** Where this Parley is reached (`https://chat.example.org`): avatars in tokens are absolute. */
  publicUrl: string;
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
 * A call's life in a room: start (one live call per room, its message committed with it), ring,
 * answer, join with a per-user token, decline, cancel, end; and the room's and a person's call lists.
 * State lives in rows; every change is a conditional update committed before anyone is told
 * (calls.events.ts), so concurrent answers, retries and a second node agree on one outcome. Who is in
 * a call is attendance.service.ts; the timers are calls.sweeper.ts.
 */
export class CallsService {
  constructor(private readonly deps: CallsDependencies) {}

  private get calls(): CallsRepository {
    return this.deps.uow.repos.calls;
  }

  private nowIso(offsetMs = 0): string {
    return new Date(this.deps.clock.now().getTime() + offsetMs).toISOString();
  }

  /** Who a call would ring, for the caller to check before starting it. */
  async preview(actor: Actor, roomId: string): Promise<CallPreview> {
    const settings = await this.deps.settings();
    const { room, members } = await this.deps.membership.viewAsMember(actor, roomId, { members: true });
    // A consultation's only call is its own session: nothing to preview (and no one to ring).
    if (room.type === 'consultation') throw Errors.callsDisabled(room.type);
    const live = await this.calls.findLiveInRoom(roomId);
    const others = members.filter((m) => m.user.id !== actor.id).map((m) => m.user);
    return {
      current: live ? await this.deps.views.present(live, actor.id) : null,
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
    const { views } = this.deps;
    const settings = await this.deps.settings();
    const { room, members } = await this.deps.membership.viewAsMember(actor, roomId, { members: true });
    if (room.archived) throw Errors.roomArchived();
    if (room.type === 'consultation' || !settings.enabledIn[room.type]) {
      throw Errors.callsDisabled(room.type);
    }
    const live = await this.calls.findLiveInRoom(roomId);
    if (live) {
      return {
        call: await views.present(live, actor.id),
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
    const rung = ringing ? callees.filter((m) => !quiet.has(m.user.id)).map((m) => m.user.id) : [];
    const text = title === '' ? 'started a call' : `started a call: ${title}`;
    let messageId: string;
    try {
      // The call, its participants and its message commit together: the room's members see the
      // message (and the callees' phones ring) only for a call that exists.
      messageId = await this.deps.uow.run(async (tx) => {
        await tx.calls.insert(row, participants);
        const message = await postSystemMessage(tx, {
          roomId,
          authorId: actor.id,
          text,
          callId: row.id,
          nowIso: now,
        });
        // Archived since it was read above: no call in a room that takes no messages.
        if (!message) throw Errors.roomArchived();
        await tx.calls.setMessage(row.id, message.id);
        tx.emit(callEvents.updated(row.id));
        if (rung.length > 0) tx.emit(callEvents.ringing(row.id, actor, rung));
        return message.id;
      });
    } catch (err) {
      // Someone else's call in this room committed first (the partial unique index): that is the
      // call. Caught outside the unit of work: on PostgreSQL the violation aborted its transaction.
      if (!isUniqueViolation(err)) throw err;
      const winner = await this.calls.findLiveInRoom(roomId);
      if (!winner) throw err;
      return {
        call: await views.present(winner, actor.id),
        created: false,
        messageId: winner.message_id,
        notRung: [],
      };
    }
    return { call: await views.current(row, actor.id), created: true, messageId, notRung };
  }

  async accept(actor: Actor, callId: string): Promise<Call> {
    const { row } = await accessCall(this.deps.uow.repos, actor, callId);
    if (!LIVE_STATUSES.includes(row.status)) throw Errors.callEnded();
    if (await this.answer(row, actor.id)) return this.deps.views.current(row, actor.id);
    return this.deps.views.present(row, actor.id);
  }

  async decline(actor: Actor, callId: string): Promise<Call> {
    const { views } = this.deps;
    const { row } = await accessCall(this.deps.uow.repos, actor, callId);
    if (row.created_by === actor.id) throw Errors.conflict('cancelOwnCall');
    if (!LIVE_STATUSES.includes(row.status)) return views.present(row, actor.id);
    const now = this.nowIso();
    const outcome = await this.deps.uow.run(async (tx) => {
      const live = await tx.calls.lockLive(row.id);
      if (!live) return 'unchanged';
      const declined = await tx.calls.setParticipant(
        row.id,
        actor.id,
        { state: 'declined', answered_at: now },
        ['ringing', 'invited', 'missed'],
      );
      if (!declined) return 'unchanged';
      // A direct call ends declined once nobody it rang may still pick up.
      let ended = false;
      if (live.type === 'direct' && live.status === 'ringing') {
        const stillPossible = await tx.calls.countInState(row.id, ['ringing', 'joined']);
        const others = (await tx.calls.countInState(row.id, ['accepted'])) - 1;
        if (stillPossible === 0 && others <= 0) {
          ended = await tx.calls.transition(row.id, ['ringing'], {
            status: 'declined',
            ended_at: now,
            end_reason: 'declined',
            ring_until: null,
            idle_until: null,
          });
        }
      }
      tx.emit(callEvents.changed(row.id, ended ? 'ended' : 'updated'));
      return 'changed';
    });
    if (outcome === 'unchanged') return views.present(row, actor.id);
    // No ring from this caller for a while (the callee said no; a new start must not ring them again).
    if (row.created_by !== null) await this.deps.rings?.declined(actor.id, row.created_by);
    return views.current(row, actor.id);
  }

  /** The caller stops ringing; a call nobody has entered yet ends canceled. */
  async cancel(actor: Actor, callId: string): Promise<Call> {
    const { views } = this.deps;
    const { row } = await accessCall(this.deps.uow.repos, actor, callId);
    if (row.created_by !== actor.id) throw Errors.forbidden('callerCancels');
    if (!LIVE_STATUSES.includes(row.status)) return views.present(row, actor.id);
    if (row.type === 'direct' && row.status === 'ongoing') {
      throw Errors.conflict('callAnswered');
    }
    const now = this.nowIso();
    const changed = await this.deps.uow.run(async (tx) => {
      if (!(await tx.calls.lockLive(row.id))) return false;
      await tx.calls.setParticipantsWhere(row.id, ['ringing'], { state: 'missed' });
      const entered = await tx.calls.countInState(row.id, ['joined', 'left']);
      const ended =
        entered === 0 &&
        (await tx.calls.transition(row.id, LIVE_STATUSES, {
          status: 'canceled',
          ended_at: now,
          end_reason: 'canceled',
          ring_until: null,
          idle_until: null,
        }));
      if (!ended) await tx.calls.update(row.id, { ring_until: null });
      tx.emit(callEvents.changed(row.id, ended ? 'ended' : 'updated'));
      return true;
    });
    return changed ? views.current(row, actor.id) : views.present(row, actor.id);
  }

  /** Ends the call for everyone: the caller, and the room's owners and moderators. */
  async end(actor: Actor, callId: string): Promise<Call> {
    const { views } = this.deps;
    const { row, role } = await accessCall(this.deps.uow.repos, actor, callId);
    if (!mayEnd(actor, row, role)) {
      throw Errors.forbidden('endCallForEveryone');
    }
    if (!LIVE_STATUSES.includes(row.status)) return views.present(row, actor.id);
    const ended = await this.deps.uow.run(async (tx) => {
      const status = row.status === 'ringing' ? 'canceled' : 'ended';
      if (!(await tx.calls.end(row.id, status, 'hangup', this.nowIso()))) return false;
      tx.emit(callEvents.ended(row.id));
      return true;
    });
    if (!ended) return views.present(row, actor.id);
    await this.deps.meetings.end(row.meeting_id);
    return views.current(row, actor.id);
  }

  /** The user answers (accept or join). A direct call becomes ongoing. False when nothing changed. */
  private answer(row: CallRow, userId: string, moderator?: boolean): Promise<boolean> {
    const now = this.nowIso();
    return this.deps.uow.run(async (tx) => {
      if (!(await tx.calls.lockLive(row.id))) return false;
      if (!(await answerIn(tx, row, userId, now, moderator))) return false;
      tx.emit(callEvents.updated(row.id));
      return true;
    });
  }
}
