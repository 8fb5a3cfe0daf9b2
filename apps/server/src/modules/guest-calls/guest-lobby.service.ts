import type {
  GuestJoinRequest,
  GuestJoinResponse,
  GuestLinkInfo,
  GuestRequest,
  GuestSession,
} from '@parley/shared';
import { Errors } from '../../errors.js';
import { joinE2ee } from '../../lib/e2ee.js';
import { newId, newSecret, sha256 } from '../../lib/ids.js';
import { verifyPassword } from '../../lib/password.js';
import { admitIn, LIVE_STATUSES } from '../calls/index.js';
import { roomDisplayNames, type Actor } from '../chat/index.js';
import { createGuestAccount, guestTokenHash } from '../guests/index.js';
import { guestCallEvents } from './guest-calls.events.js';
import type { GuestCallsDependencies } from './guest-calls.ports.js';
import { presentRequest } from './guest-calls.presenter.js';
import type { AdmissionWithName, GuestLinkRow } from './guest-calls.repository.js';

/** An admitted guest's meeting token lasts at most this long (a fresh one comes with each session read). */
export const GUEST_TOKEN_MS = 2 * 3_600_000;

/** Who may let guests in: people in the call (answered it or in the meeting). */
const IN_CALL = ['accepted', 'joined'];

/**
 * The lobby of call guests (issue 19): the public page's link info, a guest's join (their account,
 * their secret, waiting or let in at once), their session (status, and a fresh meeting token while
 * admitted and the call is live), their meeting's reports, and the members' admit and deny.
 */
export class GuestLobbyService {
  constructor(private readonly deps: GuestCallsDependencies) {}

  private nowMs(): number {
    return this.deps.clock.now().getTime();
  }

  /**
   * The link if it can be used now, checked in the order the guest page explains them: unknown or
   * revoked (or its room gone or archived), expired, guests turned off for the room's type, full.
   */
  private async usableLink(token: string) {
    const { repos } = this.deps.uow;
    const link = await repos.guestCalls.findLinkByToken(guestTokenHash(token));
    const room = link && link.revoked_at === null ? await repos.rooms.findById(link.room_id) : undefined;
    if (!link || !room || room.archived_at !== null) throw Errors.guestLinkInvalid();
    if (Date.parse(link.expires_at) <= this.nowMs()) throw Errors.guestLinkExpired();
    const settings = await this.deps.settings();
    if (room.type === 'consultation' || !settings.callRoomTypes.includes(room.type)) {
      throw Errors.guestsDisabled();
    }
    if (link.max_uses !== null && Number(link.uses) >= Number(link.max_uses)) throw Errors.guestLinkFull();
    return { link, room };
  }

  /** `GET /guest/:token`: what the guest page shows before they give their name. */
  async info(token: string): Promise<GuestLinkInfo> {
    const { repos } = this.deps.uow;
    const { link, room } = await this.usableLink(token);
    const live = await repos.calls.findLiveInRoom(room.id);
    const origin = live ?? (link.call_id ? await repos.calls.findById(link.call_id) : undefined);
    const roomName = (await roomDisplayNames(repos, null, [room.id])).get(room.id) ?? room.display_name;
    return {
      workspace: await this.deps.workspaceName(),
      title: origin?.title || roomName,
      needsPasscode: link.passcode_hash !== null,
      lobby: Number(link.lobby) === 1,
      call: live ? 'live' : 'ended',
    };
  }

  private async checkPasscode(link: GuestLinkRow, passcode: string | undefined): Promise<void> {
    if (link.passcode_hash === null) return;
    await this.deps.passcodeAttempts.check(link.id);
    // Passcodes are stored trimmed (as the creator's form sends them); so is what the guest types.
    if (passcode !== undefined && (await verifyPassword(passcode.trim(), link.passcode_hash))) return;
    await this.deps.passcodeAttempts.wrong(link.id);
    throw Errors.guestPasscodeWrong();
  }

  /**
   * `POST /guest/:token/join`: a guest account and its admission to the room's live call, in one
   * transaction with the link's use (so a full link lets nobody more in, whatever races). With a
   * lobby the guest waits and the call's members are asked; without, they are in at once.
   */
  async join(token: string, body: GuestJoinRequest): Promise<GuestJoinResponse> {
    const { uow } = this.deps;
    const { link, room } = await this.usableLink(token);
    await this.checkPasscode(link, body.passcode);
    const live = await uow.repos.calls.findLiveInRoom(room.id);
    if (!live) throw Errors.callEnded();
    const nowMs = this.nowMs();
    const now = new Date(nowMs).toISOString();
    const guestId = newId(nowMs);
    const secret = newSecret();
    const lobby = Number(link.lobby) === 1;
    const outcome = await uow.run(async (tx) => {
      const call = await tx.calls.lockLive(live.id);
      if (!call) return 'ended';
      if (!(await tx.guestCalls.takeUse(link.id, now))) return 'unusable';
      const user = await createGuestAccount(tx, { name: body.name, email: null, nowMs });
      await tx.guestCalls.insertAdmission({
        id: guestId,
        link_id: link.id,
        user_id: user.id,
        call_id: call.id,
        secret_hash: sha256(secret),
        status: lobby ? 'waiting' : 'admitted',
        requested_at: now,
        decided_by: null,
        decided_at: lobby ? null : now,
        // The secret never outlives the call it was given for.
        expires_at: call.max_until,
      });
      if (!lobby) await admitIn(tx, call.id, user.id, now);
      tx.emit(guestCallEvents.changed(guestId));
      return 'joined';
    });
    if (outcome === 'ended') throw Errors.callEnded();
    if (outcome === 'unusable') {
      // Revoked, expired or filled up meanwhile: the same answer a fresh look gives.
      await this.usableLink(token);
      throw Errors.guestLinkFull();
    }
    return { guestId, guestSecret: secret, status: lobby ? 'waiting' : 'admitted' };
  }

  /** The admission a guest secret belongs to, if it is one of this link's; otherwise 404. */
  async authenticate(token: string, secret: string): Promise<AdmissionWithName> {
    const { repos } = this.deps.uow;
    const admission = await repos.guestCalls.findAdmissionBySecret(sha256(secret));
    const link = admission ? await repos.guestCalls.findLink(admission.link_id) : undefined;
    if (!admission || link?.token_hash !== guestTokenHash(token)) throw Errors.guestLinkInvalid();
    return admission;
  }

  /** A guest socket's handshake (`auth: { guest }`): whose secret it is, while it still counts. */
  async socketGuest(secret: string): Promise<{ guestId: string; userId: string; username: string } | null> {
    const admission = await this.deps.uow.repos.guestCalls.findAdmissionBySecret(sha256(secret));
    if (!admission || (admission.status !== 'waiting' && admission.status !== 'admitted')) return null;
    if (Date.parse(admission.expires_at) <= this.nowMs()) return null;
    return { guestId: admission.id, userId: admission.user_id, username: 'guest' };
  }

  /**
   * Where the guest stands. Waiting or admitted only while their call is live (and their secret
   * has not expired); admitted comes with a fresh meeting join: their own name marked "(guest)",
   * never moderator, for at most GUEST_TOKEN_MS and never past the call's maximum length.
   */
  async sessionOf(admission: AdmissionWithName): Promise<GuestSession> {
    const { status } = admission;
    if (status !== 'waiting' && status !== 'admitted') return { status };
    const call = await this.deps.uow.repos.calls.findById(admission.call_id);
    const nowMs = this.nowMs();
    const over = !call || !LIVE_STATUSES.includes(call.status) || Date.parse(admission.expires_at) <= nowMs;
    if (over) return { status: 'ended' };
    if (admission.status === 'waiting') return { status: 'waiting' };
    if (call.e2ee_mode !== 'off' && call.e2ee_key === null) return { status: 'ended' };
    const e2ee = joinE2ee(call.e2ee_mode, call.e2ee_key, undefined, Errors.callEnded);
    const join = await this.deps.meetings.join({
      callId: call.meeting_id,
      roomName: call.room_name,
      user: { id: admission.user_id, displayName: `${admission.name} (guest)`, avatarUrl: null, email: null },
      moderator: false,
      ...(call.title === '' ? {} : { title: call.title }),
      expiresAt: Math.min(nowMs + GUEST_TOKEN_MS, Date.parse(call.max_until)),
    });
    return { status: 'admitted', join: { ...join, ...e2ee } };
  }

  async session(token: string, secret: string): Promise<GuestSession> {
    return this.sessionOf(await this.authenticate(token, secret));
  }

  /** `POST /guest/:token/events`: the admitted guest's meeting saw them enter or leave. */
  async report(token: string, secret: string, type: 'joined' | 'left'): Promise<GuestSession> {
    const admission = await this.authenticate(token, secret);
    if (admission.status === 'admitted') {
      await this.deps.reportPresence(admission.call_id, admission.user_id, type);
    }
    return { status: admission.status };
  }

  /** The call if the actor is in its room (else 404), and whether they are in the call itself. */
  private async callOf(actor: Actor, callId: string) {
    const { repos } = this.deps.uow;
    const call = await repos.calls.findById(callId);
    if (!call || (await repos.rooms.roleOf(call.room_id, actor.id)) === null) throw Errors.callNotFound();
    const me = await repos.calls.participant(call.id, actor.id);
    return { call, inCall: me !== undefined && IN_CALL.includes(me.state) };
  }

  /** `GET /calls/:id/guests`: who waits in the call's lobby (for a page that loads late). */
  async waiting(actor: Actor, callId: string): Promise<GuestRequest[]> {
    const { call } = await this.callOf(actor, callId);
    if (!LIVE_STATUSES.includes(call.status)) return [];
    const rows = await this.deps.uow.repos.guestCalls.admissionsOfCall(call.id, ['waiting']);
    return rows.map(presentRequest);
  }

  /**
   * Someone in the call lets a waiting guest in (they become a participant, never a moderator) or
   * turns them away. The first decision wins; a later one answers with the guest as decided.
   */
  async decide(
    actor: Actor,
    callId: string,
    guestId: string,
    decision: 'admit' | 'deny',
  ): Promise<GuestRequest> {
    const { uow } = this.deps;
    const { call, inCall } = await this.callOf(actor, callId);
    if (!inCall) throw Errors.forbidden('admitInCallOnly');
    const admission = await uow.repos.guestCalls.findAdmission(guestId);
    if (!admission || admission.call_id !== call.id) throw Errors.notFound('guestNotFound');
    const now = new Date(this.nowMs()).toISOString();
    const outcome = await uow.run(async (tx) => {
      if (!(await tx.calls.lockLive(call.id))) return 'ended';
      const status = decision === 'admit' ? 'admitted' : 'denied';
      const decided = await tx.guestCalls.decide(admission.id, ['waiting'], {
        status,
        decided_by: actor.id,
        decided_at: now,
      });
      if (!decided) return 'unchanged';
      if (decision === 'admit') await admitIn(tx, call.id, admission.user_id, now);
      tx.emit(guestCallEvents.changed(admission.id));
      return 'decided';
    });
    if (outcome === 'ended') throw Errors.callEnded();
    return presentRequest((await uow.repos.guestCalls.findAdmission(admission.id)) ?? admission);
  }
}
