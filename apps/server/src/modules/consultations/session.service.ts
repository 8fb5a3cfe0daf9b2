import {
  ENDED_CONSULTATION_STATUSES,
  type AccessLogQuerySchema,
  type Consultation,
  type ConsultationEventResponse,
  type ConsultationEventType,
  type ConsultationPresence,
  type ConsultationRole,
  type ConsultationsSettings,
  type ConsultationStatus,
  type FeedbackListQuerySchema,
  type FeedbackListResponse,
  type FeedbackRequest,
  type JoinConsultationResponse,
} from '@parley/shared';
import { DateTime } from 'luxon';
import type { z } from 'zod';
import { isUniqueViolation } from '../../db/errors.js';
import { AppError, Errors } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import { joinE2ee, newMediaKey } from '../../lib/e2ee.js';
import { newId } from '../../lib/ids.js';
import type { MeetingEvent, MeetingProvider } from '../../meetings/meeting-provider.js';
import type { RealtimePort } from '../../realtime/realtime.port.js';
import type { Actor, MessagesService } from '../chat/index.js';
import type { ConsultationPatch, ConsultationRow } from './consultations.repository.js';
import { presentConsultation } from './consultations.presenter.js';
import { otherRole } from './lifecycle.js';
import type { AccessAction, SessionStateRow, SessionStore } from './session.repository.js';

/** The statuses in which there is a call to be in. */
export const LIVE_STATUSES: readonly ConsultationStatus[] = ['scheduled', 'active'];
/** Feedback is for sessions that took place or were due: not for held, scheduled or called-off ones. */
const FEEDBACK_STATUSES: readonly ConsultationStatus[] = [
  'active',
  'finished',
  'no_show_client',
  'no_show_provider',
];
/** The same person opening the same consultation again within this is logged once. */
export const ACCESS_LOG_REPEAT_MS = 60_000;
/** Jitsi times further than this from ours are implausible (a clock far off): ours is used. */
const PLAUSIBLE_SKEW_MS = 24 * 3_600_000;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The admin lists' `from`/`to`: an ISO instant as it is, a bare date as that UTC day's start (`from`)
 * or the next day's start (`to`, so the whole day counts). `from` after `to` is a 400.
 */
export function adminRange(
  from: string | undefined,
  to: string | undefined,
): { fromIso?: string; toIso?: string } {
  const instant = (value: string, field: 'from' | 'to') => {
    const bare = /^\d{4}-\d{2}-\d{2}$/.test(value);
    const ms = Date.parse(bare ? `${value}T00:00:00.000Z` : value);
    // Date.parse rolls 2026-02-31 over to March: a date must read back as written.
    if (Number.isNaN(ms) || (bare && new Date(ms).toISOString().slice(0, 10) !== value)) {
      throw Errors.validation([{ path: field, message: 'Not a date' }], `${field} is not a date`);
    }
    return new Date(ms + (bare && field === 'to' ? 86_400_000 : 0)).toISOString();
  };
  const range: { fromIso?: string; toIso?: string } = {};
  if (from !== undefined) range.fromIso = instant(from, 'from');
  if (to !== undefined) range.toIso = instant(to, 'to');
  if (range.fromIso !== undefined && range.toIso !== undefined && range.fromIso >= range.toIso) {
    throw Errors.validation(
      [{ path: 'to', message: 'Ends before it starts' }],
      'The date range ends before it starts',
    );
  }
  return range;
}

/** `before` of the feedback list: the last entry of the previous page, as `nextBefore` gave it. */
function parseFeedbackCursor(value: string): { at: string; consultationId: string; userId: string } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 3 &&
      parsed.every((part) => typeof part === 'string' && part.length <= 64)
    ) {
      const [at, consultationId, userId] = parsed as [string, string, string];
      return { at, consultationId, userId };
    }
  } catch {
    // Falls through to the 400.
  }
  throw Errors.validation(
    [{ path: 'before', message: 'Not a cursor' }],
    'Use nextBefore from a previous page',
  );
}

/** Missing, or not one of the caller's: one answer, so ids reveal nothing (admins included). */
export const consultationNotFound = () =>
  new AppError(404, 'not_found', 'This consultation does not exist or is not yours');

const COLUMNS = {
  provider: {
    inCall: 'provider_in_call',
    joinedAt: 'provider_joined_at',
    leftAt: 'provider_left_at',
    presenceAt: 'provider_presence_at',
  },
  client: {
    inCall: 'client_in_call',
    joinedAt: 'client_joined_at',
    leftAt: 'client_left_at',
    presenceAt: 'client_presence_at',
  },
} as const;

type Device = 'camera' | 'microphone';
type Media = Partial<Record<ConsultationRole, Partial<Record<Device, boolean>>>>;

const DESCRIBED: Partial<Record<ConsultationStatus, string>> = {
  finished: 'has finished',
  canceled: 'was canceled',
  late_canceled: 'was canceled',
  no_show_client: 'has ended (the client did not join)',
  no_show_provider: 'has ended (the provider did not join)',
  expired: 'expired before it was confirmed',
};

/** `08:50 UTC on 1 December 2026`: times in sentences, for people whose timezone Parley does not know. */
export function formatUtc(ms: number): string {
  return DateTime.fromMillis(ms, { zone: 'utc' }).setLocale('en-GB').toFormat("HH:mm 'UTC on' d LLLL yyyy");
}

export const isConsultationId = (value: string): boolean => UUID_RE.test(value);

export interface SessionDependencies {
  store: SessionStore;
  messages: MessagesService;
  meetings: MeetingProvider;
  settings: () => Promise<ConsultationsSettings>;
  realtime: RealtimePort;
  clock: Clock;
  /** Where this Parley is reached: avatars in meeting tokens are absolute. */
  publicUrl: string;
  log: { warn(obj: object, msg: string): void };
}

/** A change a presence update made, for what to tell whom after the commit. */
interface PresenceChange {
  /** The in-call flag moved: post the chat line and send the presence. */
  moved: boolean;
  /** Joined/left times or the status changed: send the consultation. */
  updated: boolean;
}

/**
 * A consultation's session (issue 10): joining with a per-role meeting token inside the join window,
 * what the browsers and Jitsi report (in-call flags, joined/left times, scheduled → active, system
 * lines in the chat), the client's erasure of the chat, feedback, and the access log. Every change is
 * committed before anyone is told; presence changes are made under the consultation's row lock.
 */
export class ConsultationSessionService {
  constructor(private readonly deps: SessionDependencies) {}

  private nowMs(): number {
    return this.deps.clock.now().getTime();
  }

  private nowIso(offsetMs = 0): string {
    return new Date(this.nowMs() + offsetMs).toISOString();
  }

  // ——— join ———

  /**
   * A fresh meeting token and IFrame options for the consultation's client or provider, inside the
   * join window: the provider is moderator, the client is not, nobody else gets anything (404).
   */
  async join(
    actor: Actor,
    id: string,
    choices: {
      audioMuted?: boolean | undefined;
      videoMuted?: boolean | undefined;
      e2eeSupported?: boolean | undefined;
    },
  ): Promise<JoinConsultationResponse> {
    const { row, role } = await this.forParty(actor, id);
    const settings = await this.deps.settings();
    assertJoinable(row, settings, this.nowMs());
    // The session's mode is fixed by its first join (both parties must agree on one key); the key
    // itself is erased when the consultation ends. Decided under the consultation's row lock, which an
    // ending takes too: a join the end overtook since `row` was read is refused here, instead of
    // storing a key after the end erased it or going on in clear. Checked before any token is made.
    const candidateKey = settings.e2ee === 'off' ? null : newMediaKey();
    const session = await this.deps.store.transaction(async (tx) => {
      const locked = await tx.session.lock(row.id);
      if (!locked) throw consultationNotFound();
      assertJoinable(locked, settings, this.nowMs());
      return tx.session.e2ee(row.id, settings.e2ee, candidateKey);
    });
    const e2ee = joinE2ee(session.mode, session.key, choices.e2eeSupported, () =>
      Errors.consultationState('This consultation has ended, so it cannot be joined'),
    );
    const inClear = e2ee.e2ee !== undefined && choices.e2eeSupported === false;
    const nickname = role === 'client' ? row.client_nickname : null;
    const meeting = await this.deps.meetings.join({
      kind: 'consultation',
      callId: row.id,
      roomName: row.id,
      user: {
        id: actor.id,
        // A client who booked under a nickname is only that (and no picture) to the provider.
        displayName: nickname ?? actor.displayName,
        avatarUrl: nickname === null && actor.avatarUrl ? `${this.deps.publicUrl}${actor.avatarUrl}` : null,
        email: null,
      },
      moderator: role === 'provider',
      startMuted: { audio: choices.audioMuted, video: choices.videoMuted },
      // A token is no way into the consultation's room once its window has closed.
      expiresAt: joinWindow(row, settings).closesMs,
    });
    await this.logAccess(row.id, actor.id, role, 'join');
    const clearChanged = await this.deps.store.session.setUnencrypted(row.id, role, inClear);
    const consultation = await this.present(row.id, actor.id, settings);
    // The other party learns at once that this one is in the call in clear (or no longer is).
    if (clearChanged) await this.sendPresence(row);
    return {
      consultation: consultation.consultation,
      roomName: meeting.roomName,
      url: meeting.url,
      jwt: meeting.jwt,
      iframe: meeting.iframe,
      domain: meeting.domain,
      scriptUrl: meeting.scriptUrl,
      presence: consultation.presence,
      ...e2ee,
    };
  }

  // ——— what the browsers and Jitsi saw ———

  /**
   * What the caller's embedded meeting saw: their own joining, leaving, camera and microphone, and
   * the other party entering or leaving. Their own reports set the joined/left times and start the
   * consultation; the other party's only move the in-call flag (what "waiting for your provider" is
   * about). Once Jitsi itself reports on the consultation, the browsers' presence reports are ignored.
   * Repeats change nothing and post nothing.
   */
  async report(actor: Actor, id: string, type: ConsultationEventType): Promise<ConsultationEventResponse> {
    const { row, role } = await this.forParty(actor, id);
    const settings = await this.deps.settings();
    const at = this.nowIso();
    const source = { by: actor.id, source: 'browser' as const, at };
    switch (type) {
      case 'joined':
      case 'left':
        await this.changePresence(row.id, role, type === 'joined', { ...source, self: true }, settings);
        break;
      case 'other_joined':
      case 'other_left':
        await this.changePresence(
          row.id,
          otherRole(role),
          type === 'other_joined',
          { ...source, self: false },
          settings,
        );
        break;
      case 'camera_on':
      case 'camera_off':
      case 'microphone_on':
      case 'microphone_off': {
        const [device, state] = type.split('_') as [Device, 'on' | 'off'];
        await this.changeMedia(row.id, role, device, state === 'on');
      }
    }
    return this.present(row.id, actor.id, settings);
  }

  /** Whether a Jitsi room name is one of Parley's consultations (its id). */
  async ownsRoom(roomName: string): Promise<boolean> {
    return isConsultationId(roomName) && (await this.deps.store.consultations.get(roomName)) !== undefined;
  }

  /**
   * What Jitsi reported about a consultation's room (event_sync or a JaaS webhook, authenticated by
   * the caller). From the first one on, Jitsi's events alone set who is in the call. Applying is
   * idempotent and order-proof: an event older than the party's last presence change is ignored.
   */
  async providerEvent(event: MeetingEvent): Promise<'applied' | 'ignored' | 'unknown_room'> {
    const row = isConsultationId(event.roomName)
      ? await this.deps.store.consultations.get(event.roomName)
      : undefined;
    if (!row) return 'unknown_room';
    const settings = await this.deps.settings();
    const nowMs = this.nowMs();
    const at =
      event.at !== null && Math.abs(event.at - nowMs) <= PLAUSIBLE_SKEW_MS
        ? new Date(event.at).toISOString()
        : new Date(nowMs).toISOString();
    const server = { source: 'server' as const, self: true, at };
    // Outside the join window nobody can be in the consultation's call (no token is given then):
    // what Jitsi says of it then starts nothing and does not take over from the browsers. Leaves
    // still count (they only ever take someone out).
    const inside = insideWindow(row, settings, nowMs);
    if (event.type === 'room.created') {
      if (!inside) return 'ignored';
      await this.markServerEvents(row.id);
      return 'applied';
    }
    if (event.type === 'room.destroyed') {
      // Everyone has gone.
      const a = await this.changePresence(row.id, 'provider', false, { ...server, by: null }, settings);
      const b = await this.changePresence(row.id, 'client', false, { ...server, by: null }, settings);
      return a || b ? 'applied' : 'ignored';
    }
    const party =
      event.userId === row.provider_id ? 'provider' : event.userId === row.client_id ? 'client' : null;
    if (party === null) {
      // Someone else's token in this room (there should be none): nothing to record of them.
      if (inside) await this.markServerEvents(row.id);
      return 'ignored';
    }
    const changed = await this.changePresence(
      row.id,
      party,
      event.type === 'participant.joined',
      { ...server, by: event.userId },
      settings,
    );
    return changed ? 'applied' : 'ignored';
  }

  // ——— privacy ———

  /**
   * The client erases the consultation's chat, at any time: every message goes for good, a line
   * says it was erased, and the purge is recorded (when and how many, never what).
   */
  async eraseChat(actor: Actor, id: string): Promise<{ erased: number }> {
    const { row, role } = await this.forParty(actor, id);
    if (role !== 'client') {
      throw Errors.forbidden(
        "Only the client can erase a consultation's chat; it is kept for the retention period otherwise",
      );
    }
    if (row.room_id === null) return { erased: 0 };
    const erased = await this.deps.messages.purgeRoom(row.room_id);
    await this.deps.store.session.recordPurge({
      id: newId(this.nowMs()),
      consultation_id: row.id,
      reason: 'client_erasure',
      by_user_id: actor.id,
      messages: erased,
      at: this.nowIso(),
    });
    await this.deps.messages.postSystemMessage({
      roomId: row.room_id,
      authorId: null,
      text: 'The client erased the chat history',
    });
    return { erased };
  }

  /** Either party's short feedback, once, on a consultation that started or ended as planned. */
  async feedback(actor: Actor, id: string, body: FeedbackRequest): Promise<Consultation> {
    const { row } = await this.forParty(actor, id);
    if (!FEEDBACK_STATUSES.includes(row.status)) {
      throw Errors.consultationState(
        row.status === 'held' || row.status === 'scheduled'
          ? 'Feedback opens once the consultation has started'
          : `This consultation ${DESCRIBED[row.status] ?? 'has ended'}, so there is nothing to give feedback on`,
      );
    }
    try {
      await this.deps.store.session.insertFeedback({
        consultation_id: row.id,
        user_id: actor.id,
        rating: body.rating,
        needs_addressed: body.needsAddressed,
        comment: body.comment === undefined || body.comment === '' ? null : body.comment,
        created_at: this.nowIso(),
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      throw Errors.conflict('You already sent feedback on this consultation');
    }
    return (await this.present(row.id, actor.id, await this.deps.settings())).consultation;
  }

  /**
   * Records that someone opened (`view`), joined (`join`) or read the chat of (`chat`) a
   * consultation; the same person doing the same within a minute is recorded once.
   */
  async logAccess(
    consultationId: string,
    userId: string,
    role: ConsultationRole,
    action: AccessAction,
  ): Promise<void> {
    const now = this.nowMs();
    const last = await this.deps.store.session.lastAccess(consultationId, userId, action);
    if (last !== null && now - Date.parse(last) < ACCESS_LOG_REPEAT_MS) return;
    await this.deps.store.session.logAccess({
      id: newId(now),
      consultation_id: consultationId,
      user_id: userId,
      role,
      action,
      at: new Date(now).toISOString(),
    });
  }

  /** The admin view: who opened which consultation and when, newest first; never the chat. */
  async accessLog(query: z.infer<typeof AccessLogQuerySchema>) {
    const limit = query.limit ?? 50;
    const rows = await this.deps.store.session.accessLog({
      consultationId: query.consultationId,
      userId: query.userId,
      providerId: query.providerId,
      clientId: query.clientId,
      ...adminRange(query.from, query.to),
      before: query.before,
      limit,
    });
    const page = rows.slice(0, limit);
    return {
      entries: page.map((r) => ({
        consultationId: r.consultation_id,
        user:
          r.user_id === null
            ? null
            : {
                id: r.user_id,
                displayName: r.display_name ?? 'Deleted user',
                avatarUrl: r.avatar_file ? `/avatars/${r.avatar_file}` : null,
              },
        role: r.role,
        action: r.action,
        at: r.at,
      })),
      nextBefore: rows.length > limit ? page[page.length - 1]!.id : null,
    };
  }

  /**
   * The admin view of feedback, newest first, per provider if asked: the client appears only under
   * the nickname they booked with (null without one), never by name, username or email.
   */
  async feedbackList(query: z.infer<typeof FeedbackListQuerySchema>): Promise<FeedbackListResponse> {
    const limit = query.limit ?? 50;
    const filters = {
      providerId: query.providerId,
      ...adminRange(query.from, query.to),
      before: query.before === undefined ? undefined : parseFeedbackCursor(query.before),
    };
    const [rows, summary] = await Promise.all([
      this.deps.store.session.feedbackList({ ...filters, limit }),
      this.deps.store.session.feedbackSummary(filters),
    ]);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      entries: page.map((r) => ({
        consultationId: r.consultation_id,
        start: r.start_at,
        provider: {
          id: r.provider_id,
          displayName: r.provider_name,
          avatarUrl: r.provider_avatar ? `/avatars/${r.provider_avatar}` : null,
        },
        clientNickname: r.client_nickname,
        by: r.user_id === r.provider_id ? 'provider' : 'client',
        rating: Number(r.rating),
        needsAddressed: r.needs_addressed,
        comment: r.comment,
        at: r.created_at,
      })),
      summary: {
        count: summary.count,
        averageRating: summary.average === null ? null : Math.round(summary.average * 10) / 10,
      },
      nextBefore:
        rows.length > limit && last
          ? Buffer.from(JSON.stringify([last.created_at, last.consultation_id, last.user_id])).toString(
              'base64url',
            )
          : null,
    };
  }

  // ——— shared with the sweeper ———

  /** The consultation as `viewerId` sees it, and who is in its call. */
  async present(
    id: string,
    viewerId: string,
    settings: ConsultationsSettings,
  ): Promise<{ consultation: Consultation; presence: ConsultationPresence }> {
    const detail = await this.deps.store.consultations.detail(id);
    if (!detail) throw consultationNotFound();
    return {
      consultation: presentConsultation(detail, viewerId, settings),
      presence: presenceOf(detail.row, await this.deps.store.session.unencrypted(id)),
    };
  }

  /** Tells both parties (every device) the consultation as each sees it, and optionally who is in its call. */
  async announce(id: string, settings: ConsultationsSettings, presence = false): Promise<void> {
    const detail = await this.deps.store.consultations.detail(id);
    if (!detail) return;
    const { row } = detail;
    for (const userId of new Set([row.provider_id, row.client_id])) {
      this.deps.realtime.toUser(
        userId,
        'consultation:updated',
        presentConsultation(detail, userId, settings),
      );
    }
    if (presence) await this.sendPresence(row);
  }

  async sendPresence(row: ConsultationRow): Promise<void> {
    const unencrypted = await this.deps.store.session.unencrypted(row.id);
    this.deps.realtime.toUsers(
      [row.provider_id, row.client_id],
      'consultation:presence',
      presenceOf(row, unencrypted),
    );
  }

  // ———————————————————————————————————————————————————————————————————————————————————————————

  /** The consultation if the actor is its client or provider; otherwise the same 404 as a missing one. */
  private async forParty(
    actor: Actor,
    id: string,
  ): Promise<{ row: ConsultationRow; role: ConsultationRole }> {
    const row = isConsultationId(id) ? await this.deps.store.consultations.get(id) : undefined;
    if (!row) throw consultationNotFound();
    if (row.provider_id === actor.id) return { row, role: 'provider' };
    if (row.client_id === actor.id) return { row, role: 'client' };
    throw consultationNotFound();
  }

  /**
   * Moves a party in or out of the call, under the row lock. `self`: the party's own report (or
   * Jitsi's), which also sets their joined/left times and starts a scheduled consultation; otherwise
   * the other party's browser, which moves only the flag. Then tells the chat and both parties.
   * True when something changed.
   */
  private async changePresence(
    id: string,
    party: ConsultationRole,
    inCall: boolean,
    from: { source: 'browser' | 'server'; self: boolean; by: string | null; at: string },
    settings: ConsultationsSettings,
  ): Promise<boolean> {
    const c = COLUMNS[party];
    const nowIso = this.nowIso();
    const change = await this.deps.store.transaction(async (tx): Promise<PresenceChange | null> => {
      const row = await tx.session.lock(id);
      if (!row || !LIVE_STATUSES.includes(row.status)) return null;
      const state = await tx.session.state(id);
      const serverBefore = Number(state.server_events) === 1;
      if (from.source === 'browser' && serverBefore) return null;
      // No token can be had outside the window, so nobody can be in the call then, whoever says so
      // (the window as it is now, under the lock: a reschedule moves it).
      const inside = insideWindow(row, settings, this.nowMs());
      if (inCall && !inside) return null;
      const next: SessionStateRow = {
        ...state,
        server_events: from.source === 'server' && inside ? 1 : state.server_events,
      };
      // Jitsi's deliveries may come late, twice, or out of order: an older one changes nothing.
      const last = state[c.presenceAt];
      if (from.source === 'server' && serverBefore && last !== null && from.at < last) {
        return null;
      }
      const was = Number(row[c.inCall]) === 1;
      const patch: ConsultationPatch = {};
      const fields = patch as Record<string, unknown>;
      if (was !== inCall) fields[c.inCall] = inCall ? 1 : 0;
      if (from.self) {
        if (inCall) {
          if (row[c.joinedAt] === null) fields[c.joinedAt] = from.at;
          if (row[c.leftAt] !== null) fields[c.leftAt] = null;
        } else if (row[c.joinedAt] !== null && (was || row[c.leftAt] === null)) {
          fields[c.leftAt] = from.at;
        }
      }
      if (was !== inCall) {
        next[c.presenceAt] = from.at;
        // Back in the call: the next camera or microphone report is news again.
        if (inCall) next.media = JSON.stringify({ ...parseMedia(state.media), [party]: {} });
      }
      if (next.server_events !== state.server_events || next[c.presenceAt] !== state[c.presenceAt]) {
        await tx.session.saveState(next);
      }
      const start = inCall && from.self && row.status === 'scheduled';
      if (Object.keys(patch).length === 0 && !start) return null;
      if (start) {
        const started = await tx.consultations.transition({
          id,
          from: 'scheduled',
          to: 'active',
          by: from.by,
          at: nowIso,
          reason: 'joined',
          version: Number(row.version),
          patch,
        });
        if (!started) return null;
      } else {
        await tx.session.update(id, patch, nowIso);
      }
      return { moved: was !== inCall, updated: start || c.joinedAt in patch || c.leftAt in patch };
    });
    if (!change) return false;
    const detail = await this.deps.store.consultations.detail(id);
    if (!detail) return true;
    if (change.moved && detail.row.room_id !== null) {
      const name = partyName(detail, party);
      await this.postLine(detail.row.room_id, `${name} ${inCall ? 'joined' : 'left'} the call`);
    }
    if (change.updated) await this.announce(id, settings, change.moved);
    else if (change.moved) await this.sendPresence(detail.row);
    return true;
  }

  /** A camera or microphone turned on or off by a party in the call: one chat line per change. */
  private async changeMedia(id: string, party: ConsultationRole, device: Device, on: boolean): Promise<void> {
    const changed = await this.deps.store.transaction(async (tx) => {
      const row = await tx.session.lock(id);
      if (!row || !LIVE_STATUSES.includes(row.status) || Number(row[COLUMNS[party].inCall]) !== 1) {
        return false;
      }
      const state = await tx.session.state(id);
      const media = parseMedia(state.media);
      if (media[party]?.[device] === on) return false;
      media[party] = { ...media[party], [device]: on };
      await tx.session.saveState({ ...state, media: JSON.stringify(media) });
      return true;
    });
    if (!changed) return;
    const detail = await this.deps.store.consultations.detail(id);
    if (detail?.row.room_id) {
      await this.postLine(
        detail.row.room_id,
        `${partyName(detail, party)} turned their ${device} ${on ? 'on' : 'off'}`,
      );
    }
  }

  private async markServerEvents(id: string): Promise<void> {
    await this.deps.store.transaction(async (tx) => {
      if (!(await tx.session.lock(id))) return;
      const state = await tx.session.state(id);
      if (Number(state.server_events) !== 1) await tx.session.saveState({ ...state, server_events: 1 });
    });
  }

  /** A system line in the consultation's chat; the consultation stands without it if it fails. */
  private async postLine(roomId: string, text: string): Promise<void> {
    try {
      await this.deps.messages.postSystemMessage({ roomId, authorId: null, text });
    } catch (err) {
      this.deps.log.warn({ err, roomId }, 'a consultation chat line could not be posted');
    }
  }
}

// ——— helpers ———

export function presenceOf(
  row: ConsultationRow,
  unencrypted: readonly ConsultationRole[] = [],
): ConsultationPresence {
  return {
    consultationId: row.id,
    providerInCall: Number(row.provider_in_call) === 1,
    clientInCall: Number(row.client_in_call) === 1,
    ...(unencrypted.length > 0 ? { unencrypted: [...unencrypted] } : {}),
  };
}

/** When the join window opens and closes (ms): the lead before the start, the grace after the end. */
export function joinWindow(
  row: Pick<ConsultationRow, 'start_at' | 'end_at'>,
  settings: Pick<ConsultationsSettings, 'joinLeadMinutes' | 'graceMinutes'>,
): { opensMs: number; closesMs: number } {
  return {
    opensMs: Date.parse(row.start_at) - settings.joinLeadMinutes * 60_000,
    closesMs: Date.parse(row.end_at) + settings.graceMinutes * 60_000,
  };
}

function insideWindow(row: ConsultationRow, settings: ConsultationsSettings, nowMs: number): boolean {
  const { opensMs, closesMs } = joinWindow(row, settings);
  return nowMs >= opensMs && nowMs < closesMs;
}

/** Refuses a join with a sentence: not confirmed, over, or outside the window (saying when it opens). */
function assertJoinable(row: ConsultationRow, settings: ConsultationsSettings, nowMs: number): void {
  if (row.status === 'held') {
    throw Errors.consultationState('This consultation is not confirmed yet, so it cannot be joined');
  }
  if (ENDED_CONSULTATION_STATUSES.includes(row.status)) {
    throw Errors.consultationState(
      `This consultation ${DESCRIBED[row.status] ?? 'has ended'}, so it cannot be joined`,
    );
  }
  const { opensMs, closesMs } = joinWindow(row, settings);
  if (nowMs < opensMs) {
    const lead = settings.joinLeadMinutes;
    throw Errors.joinWindowClosed(
      `This consultation opens for joining at ${formatUtc(opensMs)}` +
        (lead > 0 ? `, ${lead} minute${lead === 1 ? '' : 's'} before it starts` : ', when it starts'),
    );
  }
  if (nowMs >= closesMs) {
    throw Errors.joinWindowClosed(`The time to join this consultation ended at ${formatUtc(closesMs)}`);
  }
}

/** How a party is named in the consultation's chat: the client under their nickname, if they gave one. */
function partyName(
  detail: { row: ConsultationRow; provider: { display_name: string }; client: { display_name: string } },
  party: ConsultationRole,
): string {
  return party === 'provider'
    ? detail.provider.display_name
    : (detail.row.client_nickname ?? detail.client.display_name);
}

function parseMedia(json: string): Media {
  try {
    const value = JSON.parse(json) as unknown;
    return typeof value === 'object' && value !== null ? value : {};
  } catch {
    return {};
  }
}
