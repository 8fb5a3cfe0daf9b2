import type { Member, PublicUser, Room, RoomRole } from '@parley/shared';
import type { UnitOfWork } from '../../db/unit-of-work.js';
import { Errors } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import {
  accessRoom,
  canModerate,
  canOwn,
  lockedAccess,
  requireMember,
  requireWritable,
  type Actor,
} from './chat.access.js';
import { chatEvents } from './chat.events.js';
import { presentMember, presentRoom, presentUser } from './chat.presenter.js';
import type { ChatRepositories } from './chat.repository.js';
import type { RoomRow, UserColumns } from './rooms.repository.js';
import { activeAccounts, actorMember, systemMessage, viewRoom } from './rooms.service.js';

export interface MembershipDependencies {
  uow: UnitOfWork<ChatRepositories>;
  clock: Clock;
}

/**
 * Who is in a room: joining, leaving, adding and removing people, roles, read markers, and the room
 * as one of its members sees it (for other modules: `viewAsMember`, `roleOf`). Every change takes the
 * room's lock and re-checks the actor's rights under it; members' sockets are subscribed (or
 * unsubscribed) on every node before the change is answered (chat.events.ts).
 */
export class MembershipService {
  constructor(private readonly deps: MembershipDependencies) {}

  private get repos(): ChatRepositories {
    return this.deps.uow.repos;
  }

  async join(actor: Actor, roomId: string): Promise<Room> {
    const { room, role } = await accessRoom(this.repos, actor, roomId);
    if (role) return viewRoom(this.repos, actor, roomId);
    if (room.type === 'direct' || room.type === 'consultation') throw Errors.roomNotFound();
    requireWritable(room);
    const now = this.deps.clock.now().toISOString();
    await this.deps.uow.run(async (tx) => {
      const locked = await tx.rooms.lock(roomId, now);
      if (!locked) throw Errors.roomNotFound();
      requireWritable(locked);
      // Whoever joins a room everyone has left runs it from then on.
      const role: RoomRole = Number(locked.member_count) === 0 ? 'owner' : 'member';
      // New members start with everything before them read: history is there, but not "unread".
      if (!(await tx.rooms.addMember(roomId, actor.id, role, now, Number(locked.last_seq)))) {
        return; // joined meanwhile (another tab): nothing to announce
      }
      const posted = await systemMessage(tx, roomId, actor, `@${actor.username} joined`, now);
      await tx.rooms.markRead(roomId, actor.id, posted.seq);
      tx.emit(chatEvents.joined(roomId, [actorMember(actor, role)]));
      tx.emit(chatEvents.message('new', posted));
      tx.emit(chatEvents.roomChanged(roomId));
    });
    return viewRoom(this.repos, actor, roomId);
  }

  async leave(actor: Actor, roomId: string): Promise<void> {
    const { room } = await requireMember(this.repos, actor, roomId);
    if (room.type === 'direct') throw Errors.forbidden('cannotLeaveDirect');
    if (room.type === 'consultation') throw Errors.forbidden('cannotLeaveConsultation');
    await this.removeFromRoom(actor, roomId, actor.id, `@${actor.username} left`, (locked) => {
      if (!locked.role) throw Errors.roomNotFound();
    });
  }

  /** 404 unless the actor is in the room (commands, which act as the member). */
  async requireMembership(actor: Actor, roomId: string): Promise<void> {
    await requireMember(this.repos, actor, roomId);
  }

  async members(actor: Actor, roomId: string): Promise<Member[]> {
    await requireMember(this.repos, actor, roomId);
    return (await this.repos.rooms.listMembers(roomId)).map(presentMember);
  }

  async addMembers(actor: Actor, roomId: string, userIds: string[]): Promise<Member[]> {
    const { room } = await requireMember(this.repos, actor, roomId);
    if (room.type === 'direct' || room.type === 'consultation') {
      throw Errors.forbidden('cannotAddPeople');
    }
    requireWritable(room);
    const invitees = await activeAccounts(this.repos, [...new Set(userIds)]);
    const now = this.deps.clock.now().toISOString();
    await this.deps.uow.run(async (tx) => {
      const locked = await lockedAccess(tx, actor, roomId, now);
      if (!locked.role) throw Errors.roomNotFound(); // removed meanwhile
      requireWritable(locked.room);
      const added: UserColumns[] = [];
      for (const invitee of invitees) {
        if (await tx.rooms.addMember(roomId, invitee.id, 'member', now, Number(locked.room.last_seq))) {
          added.push(invitee);
        }
      }
      if (added.length === 0) return;
      const names = added.map((u) => `@${u.username}`).join(', ');
      const notice = await systemMessage(tx, roomId, actor, `@${actor.username} added ${names}`, now);
      tx.emit(
        chatEvents.joined(
          roomId,
          added.map((u) => ({ user: presentUser(u), role: 'member' as const })),
        ),
      );
      tx.emit(chatEvents.message('new', notice));
      tx.emit(chatEvents.roomChanged(roomId));
    });
    return this.members(actor, roomId);
  }

  async removeMember(actor: Actor, roomId: string, userId: string): Promise<void> {
    if (userId === actor.id) return this.leave(actor, roomId);
    const { room, role } = await requireMember(this.repos, actor, roomId);
    if (room.type === 'direct' || room.type === 'consultation') {
      throw Errors.forbidden('cannotRemovePeople');
    }
    const authorize = (locked: { room: RoomRow; role: RoomRole | null }, targetRole: RoomRole) => {
      if (!locked.role) throw Errors.roomNotFound();
      requireWritable(locked.room);
      if (!canModerate(actor, locked.role)) {
        throw Errors.forbidden('removeNeedsModerator');
      }
      if (targetRole === 'owner' && !canOwn(actor, locked.role)) {
        throw Errors.forbidden('removeOwnerNeedsOwner');
      }
    };
    const targetRole = await this.repos.rooms.roleOf(roomId, userId);
    if (!targetRole) throw Errors.notFound('memberNotFound');
    authorize({ room, role }, targetRole);
    const [target] = await this.repos.rooms.usersByIds([userId]);
    await this.removeFromRoom(
      actor,
      roomId,
      userId,
      `@${actor.username} removed @${target?.username ?? 'someone'}`,
      authorize,
    );
  }

  async setRole(actor: Actor, roomId: string, userId: string, newRole: RoomRole): Promise<Member> {
    const { room, role } = await requireMember(this.repos, actor, roomId);
    if (room.type === 'direct' || room.type === 'consultation') {
      throw Errors.forbidden('noRoles');
    }
    if (!canOwn(actor, role)) throw Errors.forbidden('rolesNeedOwner');
    requireWritable(room);
    const now = this.deps.clock.now().toISOString();
    await this.deps.uow.run(async (tx) => {
      const locked = await lockedAccess(tx, actor, roomId, now);
      if (!locked.role) throw Errors.roomNotFound();
      if (!canOwn(actor, locked.role)) throw Errors.forbidden('rolesNeedOwner');
      requireWritable(locked.room);
      const current = await tx.rooms.roleOf(roomId, userId);
      if (!current) throw Errors.notFound('memberNotFound');
      if (current === newRole) return;
      if (current === 'owner' && (await tx.rooms.countRole(roomId, 'owner')) === 1) {
        throw Errors.conflict('roomNeedsOwner');
      }
      await tx.rooms.setRole(roomId, userId, newRole);
      const [target] = await tx.rooms.usersByIds([userId]);
      const text =
        `@${actor.username} made @${target?.username ?? 'someone'} ${newRole === 'member' ? 'a member' : `an ${newRole}`}`.replace(
          'an moderator',
          'a moderator',
        );
      const notice = await systemMessage(tx, roomId, actor, text, now);
      if (target) tx.emit(chatEvents.roleChanged(roomId, presentUser(target), newRole));
      tx.emit(chatEvents.message('new', notice));
      tx.emit(chatEvents.roomChanged(roomId));
    });
    const member = (await this.repos.rooms.listMembers(roomId)).find((m) => m.user.id === userId);
    if (!member) throw Errors.notFound('memberNotFound');
    return presentMember(member);
  }

  /** Moves my read marker forward and tells my other devices. */
  async markRead(actor: Actor, roomId: string, seq: number): Promise<number> {
    await requireMember(this.repos, actor, roomId);
    return this.deps.uow.run(async (tx) => {
      const read = await tx.rooms.markRead(roomId, actor.id, seq);
      if (read === null) throw Errors.roomNotFound();
      tx.emit(chatEvents.read(actor.id, roomId, read));
      return read;
    });
  }

  /** Socket rooms a new connection subscribes to. */
  roomIdsOf(userId: string): Promise<string[]> {
    return this.repos.rooms.roomIdsOf(userId);
  }

  sharingARoomWith(viewerId: string, userIds: string[]): Promise<string[]> {
    return this.repos.rooms.sharingARoomWith(viewerId, userIds);
  }

  /**
   * A room the actor is in (404 otherwise, like any room they cannot see): the room as they see it,
   * their role, and with `members` everyone in it.
   */
  async viewAsMember(
    actor: Actor,
    roomId: string,
    { members = false }: { members?: boolean } = {},
  ): Promise<{ room: Room; role: RoomRole; members: Member[] }> {
    const { room, role } = await requireMember(this.repos, actor, roomId);
    const [direct, list] = await Promise.all([
      room.type === 'direct'
        ? this.repos.rooms.directMembers([room.id]).then((m) => m.get(room.id) ?? [])
        : Promise.resolve([]),
      members ? this.repos.rooms.listMembers(roomId) : Promise.resolve([]),
    ]);
    return { room: presentRoom(room, role, actor.id, direct), role, members: list.map(presentMember) };
  }

  /** The person's role in the room, or null when they are not in it. */
  roleOf(roomId: string, userId: string): Promise<RoomRole | null> {
    return this.repos.rooms.roleOf(roomId, userId);
  }

  /** `/invite @a @b`: finds active people by username. */
  async usersByUsername(usernames: string[]): Promise<PublicUser[]> {
    return (await this.repos.rooms.activeUsersByUsername(usernames)).map(presentUser);
  }

  /**
   * Removes someone (or lets them leave) under the room's lock; `authorize` re-checks the actor's
   * rights as they are at that moment. Leaving an archived room writes no notice into it.
   */
  private async removeFromRoom(
    actor: Actor,
    roomId: string,
    userId: string,
    text: string,
    authorize: (locked: { room: RoomRow; role: RoomRole | null }, targetRole: RoomRole) => void,
  ): Promise<void> {
    const now = this.deps.clock.now().toISOString();
    await this.deps.uow.run(async (tx) => {
      const locked = await lockedAccess(tx, actor, roomId, now);
      const role = await tx.rooms.roleOf(roomId, userId);
      if (!role) throw Errors.notFound('memberNotFound');
      authorize(locked, role);
      await tx.rooms.removeMember(roomId, userId);
      // The last owner left: the room is handed on rather than left without anyone to run it.
      let promoted: string | null = null;
      if (role === 'owner' && (await tx.rooms.countRole(roomId, 'owner')) === 0) {
        promoted = await tx.rooms.successor(roomId);
        if (promoted) await tx.rooms.setRole(roomId, promoted, 'owner');
      }
      const [user] = await tx.rooms.usersByIds([userId]);
      if (user) tx.emit(chatEvents.left(roomId, presentUser(user)));
      if (locked.room.archived_at === null) {
        tx.emit(chatEvents.message('new', await systemMessage(tx, roomId, actor, text, now)));
      }
      if (promoted) {
        const [heir] = await tx.rooms.usersByIds([promoted]);
        if (heir) tx.emit(chatEvents.roleChanged(roomId, presentUser(heir), 'owner'));
      }
      tx.emit(chatEvents.roomChanged(roomId));
    });
  }
}
