import type { PublicUser } from '@parley/shared';
import type { Transaction } from '../../db/unit-of-work.js';
import { Errors, type ErrorName } from '../../errors.js';
import type { TextValues } from '../../i18n/index.js';
import type { ChatRepositories } from './chat.repository.js';
import type { RoomRole, RoomRow } from './rooms.repository.js';

/** Who acts: from the session, never from a payload. */
export type Actor = PublicUser;

export interface RoomAccess {
  room: RoomRow;
  /** The actor's role, null when they see the room without being in it (a public channel). */
  role: RoomRole | null;
  /** How the room presents the actor instead of their account (a consultation's nickname), if so. */
  alias: string | null;
}

/**
 * Who may see a room. Members always; anyone signed in sees public channels and teams; a team's
 * private channels are visible to the team's members; a discussion to its parent room's members.
 * DMs and consultations only to their members; guests see only rooms they are in. What one may not see answers exactly like a room
 * that does not exist, so private rooms cannot be discovered by id.
 */
export async function accessRoom(repos: ChatRepositories, actor: Actor, roomId: string): Promise<RoomAccess> {
  const found = await repos.rooms.findWithRole(roomId, actor.id);
  if (!found) throw Errors.roomNotFound();
  if (found.role) return found;
  // Guests (issue 19) see only the rooms they are in, never a public channel by its id.
  if (actor.guest === true) throw Errors.roomNotFound();
  const { room } = found;
  const visible =
    room.type === 'channel' ||
    room.type === 'team' ||
    (room.type === 'private' &&
      room.team_id !== null &&
      (await repos.rooms.roleOf(room.team_id, actor.id)) !== null) ||
    (room.type === 'discussion' &&
      room.parent_id !== null &&
      (await repos.rooms.roleOf(room.parent_id, actor.id)) !== null);
  if (!visible) throw Errors.roomNotFound();
  return found;
}

/** Reading messages, posting, typing, listing members: members only (others get the same 404). */
export async function requireMember(
  repos: ChatRepositories,
  actor: Actor,
  roomId: string,
): Promise<RoomAccess & { role: RoomRole }> {
  const found = await repos.rooms.findWithRole(roomId, actor.id);
  if (!found?.role) throw Errors.roomNotFound();
  return found as RoomAccess & { role: RoomRole };
}

/** Owners and moderators of the room, and workspace administrators who can see it. */
export const canModerate = (actor: Actor, role: RoomRole | null): boolean =>
  role === 'owner' || role === 'moderator' || actor.role === 'admin';

export const canOwn = (actor: Actor, role: RoomRole | null): boolean =>
  role === 'owner' || actor.role === 'admin';

export function requireWritable(room: RoomRow): void {
  if (room.archived_at !== null) throw Errors.roomArchived();
}

/**
 * Takes the room's lock, then reads the room and the actor's role as they are now. Checks made
 * before the lock may be stale: a concurrent demotion or removal must win over what it forbids.
 */
export async function lockedAccess(
  tx: Transaction<ChatRepositories>,
  actor: Actor,
  roomId: string,
  nowIso: string,
): Promise<{ room: RoomRow; role: RoomRole | null }> {
  const room = await tx.rooms.lock(roomId, nowIso);
  if (!room) throw Errors.roomNotFound();
  return { room, role: await tx.rooms.roleOf(roomId, actor.id) };
}

/** A validation error on one field. */
export const invalid = (path: string, name: ErrorName, values?: TextValues) =>
  Errors.invalidField(path, name, values);

/** Who may change what about a room; run before the work and again under the room's lock. */
export function checkUpdate(
  actor: Actor,
  room: RoomRow,
  role: RoomRole | null,
  patch: { displayName?: string | undefined; topic?: string | undefined; archived?: boolean | undefined },
): void {
  if (!role && actor.role !== 'admin') throw Errors.forbidden('joinToChange');
  if (room.type === 'consultation') {
    throw Errors.forbidden('consultationRoomManaged');
  }
  const direct = room.type === 'direct';
  if (direct && patch.displayName !== undefined) {
    throw invalid('displayName', 'directNamed');
  }
  if (direct && patch.archived !== undefined) {
    throw invalid('archived', 'directNotArchivable');
  }
  if (
    !direct &&
    (patch.displayName !== undefined || patch.topic !== undefined) &&
    !canModerate(actor, role)
  ) {
    throw Errors.forbidden('renameNeedsModerator');
  }
  if (patch.archived !== undefined && !canOwn(actor, role)) {
    throw Errors.forbidden('archiveNeedsOwner');
  }
  const unarchiving = patch.archived === false;
  if (room.archived_at !== null && !unarchiving) throw Errors.roomArchived();
}
