import { Errors } from '../../errors.js';
import type { Actor, ChatRepositories } from '../chat/index.js';
import type { CallRow, CallsRepository } from './calls.repository.js';

/** The call if the actor is in its room now; otherwise the same 404 as a call that does not exist. */
export async function accessCall(
  repos: ChatRepositories & { calls: CallsRepository },
  actor: Actor,
  callId: string,
): Promise<{ row: CallRow; role: string }> {
  const row = await repos.calls.findById(callId);
  if (!row) throw Errors.callNotFound();
  const role = await repos.rooms.roleOf(row.room_id, actor.id);
  if (role === null) throw Errors.callNotFound();
  return { row, role };
}

/** Who may end a call for everyone: the caller, the room's owners and moderators, administrators in it. */
export function mayEnd(actor: Actor, row: CallRow, role: string): boolean {
  return row.created_by === actor.id || role === 'owner' || role === 'moderator' || actor.role === 'admin';
}
