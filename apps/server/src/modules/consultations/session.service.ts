import type {
  Consultation,
  ConsultationEventResponse,
  ConsultationEventType,
  ConsultationPresence,
  ConsultationRole,
  ConsultationsSettings,
  ConsultationViewerRole,
  JoinConsultationResponse,
} from '@parley/shared';
import type { UnitOfWork } from '../../db/unit-of-work.js';
import { Errors } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import { joinE2ee, newMediaKey } from '../../lib/e2ee.js';
import { newId } from '../../lib/ids.js';
import type { MeetingEvent, MeetingProvider } from '../../meetings/meeting-provider.js';
import type { Actor } from '../chat/index.js';
import type { AccessAction } from './consultation-session.repository.js';
import { consultationEvents } from './consultations.events.js';
import type { ConsultationRow } from './consultations.repository.js';
import { presenceOf, presentConsultation } from './consultations.presenter.js';
import type { ParticipantRow } from './participants.repository.js';
import { assertJoinable, insideWindow, joinWindow } from './join-window.js';
import { otherRole } from './lifecycle.js';
import { forParty, isConsultationId } from './party.js';
import {
  changeMedia,
  changePresence,
  markServerEvents,
  type Device,
  type PresenceSource,
  type SessionRepositories,
} from './session-presence.js';

/** The same person opening the same consultation again within this is logged once. */
export const ACCESS_LOG_REPEAT_MS = 60_000;
/** Jitsi times further than this from ours are implausible (a clock far off): ours is used. */
const PLAUSIBLE_SKEW_MS = 24 * 3_600_000;

export interface SessionDependencies {
  uow: UnitOfWork<SessionRepositories>;
  meetings: MeetingProvider;
  settings: () => Promise<ConsultationsSettings>;
  clock: Clock;
  /** Where this Parley is reached: avatars in meeting tokens are absolute. */
  publicUrl: string;
}

/**
 * A consultation's session (issue 10): joining with a per-role meeting token inside the join window,
 * what the browsers and Jitsi report (in-call flags, joined/left times, scheduled → active, system
 * lines in the chat) and the access log. Every change commits with its chat line, before anyone is
 * told; presence changes are made under the consultation's row lock. Erasure, feedback and the admin
 * lists are `ConsultationRecordsService`'s.
 */
export class ConsultationSessionService {
  constructor(private readonly deps: SessionDependencies) {}

  private nowMs(): number {
    return this.deps.clock.now().getTime();
  }

  private nowIso(offsetMs = 0): string {
    return new Date(this.nowMs() + offsetMs).toISOString();
  }

  private forParty(actor: Actor, id: string) {
    return forParty(this.deps.uow.repos.consultations, actor, id);
  }

  /**
   * The consultation for one of its parties, or for a third participant the client let in (issue 19);
   * the same 404 as a missing one for anyone else (a removed or not yet admitted participant too).
   */
  private async forViewer(
    actor: Actor,
    id: string,
  ): Promise<
    | { row: ConsultationRow; role: ConsultationRole; participant: null }
    | { row: ConsultationRow; role: 'participant'; participant: ParticipantRow }
  > {
    const row = isConsultationId(id) ? await this.deps.uow.repos.consultations.get(id) : undefined;
    if (row && row.provider_id !== actor.id && row.client_id !== actor.id) {
      const participant = await this.deps.uow.repos.consultationParticipants.admitted(row.id, actor.id);
      if (participant) return { row, role: 'participant', participant };
    }
    return { ...(await this.forParty(actor, id)), participant: null };
  }

  // ——— join ———

  /**
   * A fresh meeting token and IFrame options for the consultation's client or provider, inside the
   * join window: the provider is moderator, the client is not, nobody else gets anything (404). A
   * third participant the client let in (issue 19) joins like the client, never moderator, under the
   * name they were proposed with.
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
    const { row, role, participant } = await this.forViewer(actor, id);
    const settings = await this.deps.settings();
    assertJoinable(row, settings, this.nowMs());
    // The session's mode is fixed by its first join (both parties must agree on one key); the key
    // itself is erased when the consultation ends. Decided under the consultation's row lock, which an
    // ending takes too: a join the end overtook since `row` was read is refused here, instead of
    // storing a key after the end erased it or going on in clear. Checked before any token is made.
    const candidateKey = settings.e2ee === 'off' ? null : newMediaKey();
    const session = await this.deps.uow.run(async (tx) => {
      const locked = await tx.consultationSessions.lock(row.id);
      if (!locked) throw Errors.consultationNotFound();
      assertJoinable(locked, settings, this.nowMs());
      return tx.consultationSessions.e2ee(row.id, settings.e2ee, candidateKey);
    });
    const e2ee = joinE2ee(session.mode, session.key, choices.e2eeSupported, () =>
      Errors.consultationState('joinEnded', { status: 'ended' }),
    );
    const inClear = e2ee.e2ee !== undefined && choices.e2eeSupported === false;
    const nickname = role === 'client' ? row.client_nickname : (participant?.name ?? null);
    const meeting = await this.deps.meetings.join({
      kind: 'consultation',
      callId: row.id,
      roomName: row.id,
      user: {
        id: actor.id,
        // A client who booked under a nickname is only that (and no picture) to the provider; a
        // participant is the name they were proposed with.
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
    if (participant) {
      await this.deps.uow.repos.consultationParticipants.markJoined(participant.id, this.nowIso());
    } else {
      // The other party learns at once that this one is in the call in clear (or no longer is).
      await this.deps.uow.run(async (tx) => {
        if (await tx.consultationSessions.setUnencrypted(row.id, role, inClear)) {
          tx.emit(consultationEvents.presence(row.id));
        }
      });
    }
    const consultation = await this.present(row.id, actor.id, settings);
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
    const viewer = await this.forViewer(actor, id);
    const settings = await this.deps.settings();
    // A third participant's browser reports nothing the parties' presence is made of.
    if (viewer.role === 'participant') return this.present(viewer.row.id, actor.id, settings);
    const { row, role } = viewer;
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
    return (
      isConsultationId(roomName) && (await this.deps.uow.repos.consultations.get(roomName)) !== undefined
    );
  }

  /**
   * What Jitsi reported about a consultation's room (event_sync or a JaaS webhook, authenticated by
   * the caller). From the first one on, Jitsi's events alone set who is in the call. Applying is
   * idempotent and order-proof: an event older than the party's last presence change is ignored.
   */
  async providerEvent(event: MeetingEvent): Promise<'applied' | 'ignored' | 'unknown_room'> {
    const row = isConsultationId(event.roomName)
      ? await this.deps.uow.repos.consultations.get(event.roomName)
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

  // ——— access log ———

  /**
   * Records that someone opened (`view`), joined (`join`) or read the chat of (`chat`) a
   * consultation; the same person doing the same within a minute is recorded once.
   */
  async logAccess(
    consultationId: string,
    userId: string,
    role: ConsultationViewerRole,
    action: AccessAction,
  ): Promise<void> {
    const now = this.nowMs();
    const last = await this.deps.uow.repos.consultationSessions.lastAccess(consultationId, userId, action);
    if (last !== null && now - Date.parse(last) < ACCESS_LOG_REPEAT_MS) return;
    await this.deps.uow.repos.consultationSessions.logAccess({
      id: newId(now),
      consultation_id: consultationId,
      user_id: userId,
      role,
      action,
      at: new Date(now).toISOString(),
    });
  }

  /** The consultation as `viewerId` sees it, and who is in its call. */
  async present(
    id: string,
    viewerId: string,
    settings: ConsultationsSettings,
  ): Promise<{ consultation: Consultation; presence: ConsultationPresence }> {
    const detail = await this.deps.uow.repos.consultations.detail(id);
    if (!detail) throw Errors.consultationNotFound();
    return {
      consultation: presentConsultation(detail, viewerId, settings),
      presence: presenceOf(detail.row, await this.deps.uow.repos.consultationSessions.unencrypted(id)),
    };
  }

  // ——— changes, each in its own transaction (see session-presence.ts) ———

  private changePresence(
    id: string,
    party: ConsultationRole,
    inCall: boolean,
    from: PresenceSource,
    settings: ConsultationsSettings,
  ): Promise<boolean> {
    const nowMs = this.nowMs();
    return this.deps.uow.run((tx) => changePresence(tx, { id, party, inCall, from, settings, nowMs }));
  }

  private async changeMedia(id: string, party: ConsultationRole, device: Device, on: boolean): Promise<void> {
    const nowIso = this.nowIso();
    await this.deps.uow.run((tx) => changeMedia(tx, { id, party, device, on, nowIso }));
  }

  private async markServerEvents(id: string): Promise<void> {
    await this.deps.uow.run((tx) => markServerEvents(tx, id));
  }
}
