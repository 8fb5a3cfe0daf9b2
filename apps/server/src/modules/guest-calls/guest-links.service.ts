import type { CreateGuestLinkRequest, GuestLink } from '@parley/shared';
import type { z } from 'zod';
import type { AdminGuestLinkSchema } from '@parley/shared';
import { Errors } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import { hashPassword } from '../../lib/password.js';
import type { Actor } from '../chat/index.js';
import { newGuestToken } from '../guests/index.js';
import { guestCallEvents } from './guest-calls.events.js';
import type { GuestCallsDependencies } from './guest-calls.ports.js';
import { presentAdminLink, presentLink } from './guest-calls.presenter.js';

const mayModerate = (role: string | null) => role === 'owner' || role === 'moderator';

/**
 * Call guest links (issue 19): the caller and a room's owners and moderators make them from a call
 * (where the admin allows guests for the room's type), list the room's active ones and revoke them;
 * administrators see and revoke every active link. The token is shown once; only its hash is kept.
 */
export class GuestLinksService {
  constructor(private readonly deps: GuestCallsDependencies) {}

  private now(): number {
    return this.deps.clock.now().getTime();
  }

  async create(actor: Actor, callId: string, body: CreateGuestLinkRequest): Promise<GuestLink> {
    const { repos } = this.deps.uow;
    const call = await repos.calls.findById(callId);
    const role = call ? await repos.rooms.roleOf(call.room_id, actor.id) : null;
    const room = call && role !== null ? await repos.rooms.findById(call.room_id) : undefined;
    if (!call || !room) throw Errors.callNotFound();
    if (!(call.created_by === actor.id || mayModerate(role) || actor.role === 'admin')) {
      throw Errors.forbidden('inviteGuestsNeedsModerator');
    }
    const settings = await this.deps.settings();
    if (room.type === 'consultation' || !settings.callRoomTypes.includes(room.type)) {
      throw Errors.guestsDisabled();
    }
    if (room.archived_at !== null) throw Errors.roomArchived();
    const nowMs = this.now();
    const { token, tokenHash } = newGuestToken();
    const row = {
      id: newId(nowMs),
      room_id: room.id,
      call_id: call.id,
      created_by: actor.id,
      token_hash: tokenHash,
      passcode_hash:
        body.passcode === undefined ? null : await hashPassword(body.passcode, this.deps.passcodeCost),
      lobby: body.lobby === false ? 0 : 1,
      max_uses: body.maxUses ?? null,
      uses: 0,
      expires_at: new Date(nowMs + (body.expiresInMinutes ?? settings.linkMinutes) * 60_000).toISOString(),
      revoked_at: null,
      created_at: new Date(nowMs).toISOString(),
    };
    await repos.guestCalls.insertLink(row);
    return presentLink(row, `${this.deps.publicUrl}/guest/${token}`);
  }

  /** The room's active links, for its owners and moderators (and administrators in it). */
  async listForRoom(actor: Actor, roomId: string): Promise<GuestLink[]> {
    const { repos } = this.deps.uow;
    const role = await repos.rooms.roleOf(roomId, actor.id);
    if (role === null) throw Errors.roomNotFound();
    if (!mayModerate(role) && actor.role !== 'admin') {
      throw Errors.forbidden('guestLinksNeedModerator');
    }
    const rows = await repos.guestCalls.activeLinks(new Date(this.now()).toISOString(), roomId);
    return rows.map((r) => presentLink(r));
  }

  /** Every active link, for administrators. */
  async listAll(): Promise<z.infer<typeof AdminGuestLinkSchema>[]> {
    const rows = await this.deps.uow.repos.guestCalls.activeLinks(new Date(this.now()).toISOString());
    return rows.map(presentAdminLink);
  }

  /**
   * Revokes a link (its creator, the room's owners and moderators, administrators; anyone else gets
   * the same 404 as for a link that does not exist). Guests waiting through it or in the call are
   * done too: their admissions end (a meeting token already given cannot be taken back; it expires).
   */
  async revoke(actor: Actor, linkId: string): Promise<GuestLink> {
    const { uow } = this.deps;
    const link = await uow.repos.guestCalls.findLink(linkId);
    if (!link) throw Errors.notFound('guestLinkNotFound');
    const allowed =
      link.created_by === actor.id ||
      actor.role === 'admin' ||
      mayModerate(await uow.repos.rooms.roleOf(link.room_id, actor.id));
    if (!allowed) throw Errors.notFound('guestLinkNotFound');
    const nowIso = new Date(this.now()).toISOString();
    await uow.run(async (tx) => {
      if (!(await tx.guestCalls.revokeLink(link.id, nowIso))) return;
      for (const ended of await tx.guestCalls.endAdmissions({ linkId: link.id }, nowIso)) {
        tx.emit(guestCallEvents.changed(ended.id));
      }
    });
    return presentLink((await uow.repos.guestCalls.findLink(link.id)) ?? link);
  }
}
