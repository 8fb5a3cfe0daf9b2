import {
  DIRECT_MAX_MEMBERS,
  type CreateRoomRequest,
  type Member,
  type PublicUser,
  type Room,
  type RoomRole,
  type RoomSummary,
} from '@parley/shared';
import { isUniqueViolation } from '../../db/errors.js';
import { Errors } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import {
  accessRoom,
  canModerate,
  canOwn,
  requireMember,
  requireWritable,
  type Actor,
} from './chat.access.js';
import type { Transaction, UnitOfWork } from '../../db/unit-of-work.js';
import { chatEvents } from './chat.events.js';
import { presentMember, presentMessage, presentRoom, presentUser } from './chat.presenter.js';
import type { ChatRepositories } from './chat.repository.js';
import type { RoomRow, UserColumns } from './rooms.repository.js';

const DIRECTORY_LIMIT = 100;

/** Rooms and membership: creating, finding, joining, leaving, roles, rename, topic, archive. */
export interface RoomsDependencies {
  uow: UnitOfWork<ChatRepositories>;
  clock: Clock;
}

export class RoomsService {
  constructor(private readonly deps: RoomsDependencies) {}

  private get repos(): ChatRepositories {
    return this.deps.uow.repos;
  }

  /** 201 with a new room, or (DMs) 200 with the existing DM between the same people. */
  async create(actor: Actor, request: CreateRoomRequest): Promise<{ room: Room; created: boolean }> {
    if (request.type === 'direct') return this.createDirect(actor, request.memberIds ?? []);
    const now = this.deps.clock.now().toISOString();
    let name: string | null = null;
    let displayName: string;
    let parent: RoomRow | null = null;
    let teamId: string | null = null;
    let sourceText: string | null = null;

    if (request.sourceMessageId && request.type !== 'discussion') {
      throw invalid('sourceMessageId', 'Only a discussion starts from a message');
    }
    if (request.type === 'discussion') {
      if (!request.parentId) throw invalid('parentId', 'A discussion needs the room it belongs to');
      parent = (await requireMember(this.repos, actor, request.parentId)).room;
      // A consultation's chat is for its two parties under its own rules: nothing hangs off it.
      if (parent.type === 'consultation') throw consultationClosed();
      requireWritable(parent);
      if (request.sourceMessageId) {
        const source = await this.repos.messages.findById(request.sourceMessageId);
        if (!source || source.room_id !== parent.id || source.deleted_at !== null) {
          throw invalid('sourceMessageId', 'Start a discussion from a message in that room');
        }
        sourceText = source.text;
      }
      displayName = request.displayName ?? firstLine(sourceText) ?? '';
      if (!displayName) throw invalid('displayName', 'Give the discussion a name');
    } else {
      if (!request.name) throw invalid('name', 'Choose a name such as "general"');
      name = request.name;
      displayName = request.displayName ?? name;
      if (request.teamId) {
        if (request.type === 'team') throw invalid('teamId', 'A team cannot belong to another team');
        const team = await requireMember(this.repos, actor, request.teamId);
        if (team.room.type !== 'team') throw invalid('teamId', 'That room is not a team');
        requireWritable(team.room);
        teamId = team.room.id;
      }
    }

    const invitees = await this.activeAccounts((request.memberIds ?? []).filter((id) => id !== actor.id));
    const room: RoomRow = {
      id: newId(Date.parse(now)),
      type: request.type,
      name,
      display_name: displayName,
      topic: request.topic ?? '',
      parent_id: parent?.id ?? null,
      team_id: teamId,
      source_message_id: request.type === 'discussion' ? (request.sourceMessageId ?? null) : null,
      direct_key: null,
      created_by: actor.id,
      created_at: now,
      updated_at: now,
      archived_at: null,
      last_seq: 0,
      member_count: 0,
    };
    try {
      await this.deps.uow.run(async (tx) => {
        const { last_seq: _s, member_count: _c, ...insertable } = room;
        await tx.rooms.insert(insertable);
        await tx.rooms.addMember(room.id, actor.id, 'owner', now, 0);
        for (const invitee of invitees) await tx.rooms.addMember(room.id, invitee.id, 'member', now, 0);
        tx.emit(
          chatEvents.joined(room.id, [
            actorMember(actor, 'owner'),
            ...invitees.map((u) => ({ user: presentUser(u), role: 'member' as const })),
          ]),
        );
        tx.emit(chatEvents.roomChanged(room.id));
        if (!parent) return;
        const text = `@${actor.username} started a discussion: ${displayName}`;
        tx.emit(chatEvents.message('new', await systemMessage(tx, parent.id, actor, text, now)));
        // The message it started from shows the discussion: its room sees the change.
        if (room.source_message_id) {
          tx.emit(chatEvents.message('updated', { id: room.source_message_id, room_id: parent.id }));
        }
      });
    } catch (err) {
      if (name && isUniqueViolation(err)) throw Errors.roomNameTaken(name);
      throw err;
    }
    return { room: await this.get(actor, room.id), created: true };
  }

  private async createDirect(actor: Actor, memberIds: string[]): Promise<{ room: Room; created: boolean }> {
    const ids = [...new Set([actor.id, ...memberIds])].sort();
    if (memberIds.length === 0) throw invalid('memberIds', 'Choose who to message');
    if (ids.length > DIRECT_MAX_MEMBERS) {
      throw invalid('memberIds', `A direct message holds at most ${DIRECT_MAX_MEMBERS} people`);
    }
    const others = await this.activeAccounts(ids.filter((id) => id !== actor.id));
    const key = ids.join(',');
    const existing = await this.repos.rooms.findByDirectKey(key);
    if (existing) return { room: await this.get(actor, existing.id), created: false };
    const now = this.deps.clock.now().toISOString();
    const id = newId(Date.parse(now));
    try {
      await this.deps.uow.run(async (tx) => {
        await tx.rooms.insert({
          id,
          type: 'direct',
          name: null,
          display_name: '',
          topic: '',
          parent_id: null,
          team_id: null,
          source_message_id: null,
          direct_key: key,
          created_by: actor.id,
          created_at: now,
          updated_at: now,
          archived_at: null,
        });
        for (const userId of ids) await tx.rooms.addMember(id, userId, 'member', now, 0);
        tx.emit(
          chatEvents.joined(id, [
            actorMember(actor, 'member'),
            ...others.map((u) => ({ user: presentUser(u), role: 'member' as const })),
          ]),
        );
        tx.emit(chatEvents.roomChanged(id));
      });
    } catch (err) {
      // Both people started the same DM at once: the other request created it.
      if (!isUniqueViolation(err)) throw err;
      const winner = await this.repos.rooms.findByDirectKey(key);
      if (!winner) throw err;
      return { room: await this.get(actor, winner.id), created: false };
    }
    return { room: await this.get(actor, id), created: true };
  }

  async listMine(userId: string): Promise<RoomSummary[]> {
    const rows = await this.repos.rooms.listMine(userId);
    const directIds = rows.filter((r) => r.type === 'direct').map((r) => r.id);
    const [direct, latest] = await Promise.all([
      this.repos.rooms.directMembers(directIds),
      this.repos.messages.latestOf(rows.filter((r) => Number(r.last_seq) > 0).map((r) => r.id)),
    ]);
    return rows.map((row) => {
      const { my_role, last_read_seq, unread, mention_count, ...room } = row;
      const last = latest.get(room.id);
      return {
        ...presentRoom(room, my_role, userId, direct.get(room.id) ?? []),
        unread,
        mentions: mention_count,
        lastReadSeq: Number(last_read_seq),
        lastMessage: last ? presentMessage(last) : null,
      };
    });
  }

  /** Public channels and teams, plus my teams' private channels; `teamId` narrows it to one team's. */
  async directory(actor: Actor, query: string, teamId?: string): Promise<Room[]> {
    const rows = await this.repos.rooms.directory(actor.id, query.trim(), DIRECTORY_LIMIT, teamId);
    const mine = new Set(await this.repos.rooms.roomIdsOf(actor.id));
    return Promise.all(
      rows.map(async (r) =>
        presentRoom(r, mine.has(r.id) ? await this.repos.rooms.roleOf(r.id, actor.id) : null, actor.id),
      ),
    );
  }

  async get(actor: Actor, roomId: string): Promise<Room> {
    const { room, role } = await accessRoom(this.repos, actor, roomId);
    const direct =
      room.type === 'direct' ? ((await this.repos.rooms.directMembers([room.id])).get(room.id) ?? []) : [];
    return presentRoom(room, role, actor.id, direct);
  }

  async update(
    actor: Actor,
    roomId: string,
    patch: { displayName?: string | undefined; topic?: string | undefined; archived?: boolean | undefined },
  ): Promise<Room> {
    const { room, role } = await accessRoom(this.repos, actor, roomId);
    checkUpdate(actor, room, role, patch);

    const now = this.deps.clock.now().toISOString();
    const notices: string[] = [];
    const change: Partial<Pick<RoomRow, 'display_name' | 'topic' | 'archived_at'>> = {};
    if (patch.displayName !== undefined && patch.displayName !== room.display_name) {
      change.display_name = patch.displayName;
      notices.push(`@${actor.username} renamed the room to ${patch.displayName}`);
    }
    if (patch.topic !== undefined && patch.topic !== room.topic) {
      change.topic = patch.topic;
      notices.push(
        patch.topic === ''
          ? `@${actor.username} cleared the topic`
          : `@${actor.username} changed the topic to: ${patch.topic}`,
      );
    }
    if (patch.archived !== undefined && patch.archived !== (room.archived_at !== null)) {
      change.archived_at = patch.archived ? now : null;
      notices.push(
        patch.archived ? `@${actor.username} archived the room` : `@${actor.username} unarchived the room`,
      );
    }
    if (Object.keys(change).length === 0) return this.get(actor, roomId);
    await this.deps.uow.run(async (tx) => {
      const locked = await lockedAccess(tx, actor, roomId, now);
      checkUpdate(actor, locked.room, locked.role, patch);
      await tx.rooms.update(roomId, change, now);
      tx.emit(chatEvents.roomChanged(roomId));
      for (const text of notices) {
        tx.emit(chatEvents.message('new', await systemMessage(tx, roomId, actor, text, now)));
      }
      // A discussion's new name shows on the message it started from, in its parent room.
      if (change.display_name !== undefined && room.source_message_id && room.parent_id) {
        tx.emit(chatEvents.message('updated', { id: room.source_message_id, room_id: room.parent_id }));
      }
    });
    return this.get(actor, roomId);
  }

  async join(actor: Actor, roomId: string): Promise<Room> {
    const { room, role } = await accessRoom(this.repos, actor, roomId);
    if (role) return this.get(actor, roomId);
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
    return this.get(actor, roomId);
  }

  async leave(actor: Actor, roomId: string): Promise<void> {
    const { room } = await requireMember(this.repos, actor, roomId);
    if (room.type === 'direct') throw Errors.forbidden('You cannot leave a direct message');
    if (room.type === 'consultation') throw Errors.forbidden('You cannot leave a consultation');
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
      throw Errors.forbidden(
        'People cannot be added to this room; start a new conversation with them instead',
      );
    }
    requireWritable(room);
    const invitees = await this.activeAccounts([...new Set(userIds)]);
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
      throw Errors.forbidden('People cannot be removed from this room');
    }
    const authorize = (locked: { room: RoomRow; role: RoomRole | null }, targetRole: RoomRole) => {
      if (!locked.role) throw Errors.roomNotFound();
      requireWritable(locked.room);
      if (!canModerate(actor, locked.role)) {
        throw Errors.forbidden('Only owners and moderators can remove people');
      }
      if (targetRole === 'owner' && !canOwn(actor, locked.role)) {
        throw Errors.forbidden('Only owners can remove an owner');
      }
    };
    const targetRole = await this.repos.rooms.roleOf(roomId, userId);
    if (!targetRole) throw Errors.notFound('That member');
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
      throw Errors.forbidden('This room has no roles to change');
    }
    if (!canOwn(actor, role)) throw Errors.forbidden('Only owners can change roles');
    requireWritable(room);
    const now = this.deps.clock.now().toISOString();
    await this.deps.uow.run(async (tx) => {
      const locked = await lockedAccess(tx, actor, roomId, now);
      if (!locked.role) throw Errors.roomNotFound();
      if (!canOwn(actor, locked.role)) throw Errors.forbidden('Only owners can change roles');
      requireWritable(locked.room);
      const current = await tx.rooms.roleOf(roomId, userId);
      if (!current) throw Errors.notFound('That member');
      if (current === newRole) return;
      if (current === 'owner' && (await tx.rooms.countRole(roomId, 'owner')) === 1) {
        throw Errors.conflict('A room needs an owner: make someone else owner first');
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
    if (!member) throw Errors.notFound('That member');
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

  /** Room names as this viewer sees them (a DM is named after the others), for lists of calls. */
  displayNames(viewerId: string | null, roomIds: string[]): Promise<Map<string, string>> {
    return roomDisplayNames(this.repos, viewerId, roomIds);
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
      if (!role) throw Errors.notFound('That member');
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

  private async activeAccounts(ids: string[]): Promise<UserColumns[]> {
    const unique = [...new Set(ids)];
    const found = await this.repos.rooms.usersByIds(unique, { activeOnly: true });
    if (found.length !== unique.length) {
      throw invalid('memberIds', 'Some of these people do not exist or are deactivated');
    }
    return found;
  }
}

/**
 * Takes the room's lock, then reads the room and the actor's role as they are now. Checks made
 * before the lock may be stale: a concurrent demotion or removal must win over what it forbids.
 */
async function lockedAccess(
  tx: Transaction<ChatRepositories>,
  actor: Actor,
  roomId: string,
  nowIso: string,
): Promise<{ room: RoomRow; role: RoomRole | null }> {
  const room = await tx.rooms.lock(roomId, nowIso);
  if (!room) throw Errors.roomNotFound();
  return { room, role: await tx.rooms.roleOf(roomId, actor.id) };
}

function systemMessage(
  tx: Transaction<ChatRepositories>,
  roomId: string,
  actor: Actor,
  text: string,
  nowIso: string,
) {
  return tx.messages.append({ roomId, kind: 'system', authorId: actor.id, text, nowIso });
}

const actorMember = (actor: Actor, role: RoomRole) => ({ user: actor, role });

const invalid = (path: string, message: string) => Errors.validation([{ path, message }], message);

const consultationClosed = () =>
  Errors.forbidden('A consultation’s chat has no discussions: it stays between its two parties');

/** A discussion started from a message is named after its first line. */
function firstLine(text: string | null): string | null {
  const line = text
    ?.split('\n')
    .find((l) => l.trim() !== '')
    ?.trim();
  if (!line) return null;
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

/** Who may change what about a room; run before the work and again under the room's lock. */
function checkUpdate(
  actor: Actor,
  room: RoomRow,
  role: RoomRole | null,
  patch: { displayName?: string | undefined; topic?: string | undefined; archived?: boolean | undefined },
): void {
  if (!role && actor.role !== 'admin') throw Errors.forbidden('Join this room to change it');
  if (room.type === 'consultation') {
    throw Errors.forbidden('Consultation rooms are managed by the consultation');
  }
  const direct = room.type === 'direct';
  if (direct && patch.displayName !== undefined) {
    throw invalid('displayName', 'Direct messages are named after the people in them');
  }
  if (direct && patch.archived !== undefined) {
    throw invalid('archived', 'Direct messages cannot be archived');
  }
  if (
    !direct &&
    (patch.displayName !== undefined || patch.topic !== undefined) &&
    !canModerate(actor, role)
  ) {
    throw Errors.forbidden('Only owners and moderators can rename this room or change its topic');
  }
  if (patch.archived !== undefined && !canOwn(actor, role)) {
    throw Errors.forbidden('Only owners can archive or unarchive this room');
  }
  const unarchiving = patch.archived === false;
  if (room.archived_at !== null && !unarchiving) throw Errors.roomArchived();
}

/**
 * A room another feature owns (a consultation's chat), created with that feature's change so neither
 * commits without the other: exactly these members, never in the directory, not joinable, leavable
 * or extendable. `key` names it once per owner (`<type>:<key>`); its members' sockets subscribe after
 * the commit.
 */
export async function createOwnedRoom(
  tx: Transaction<ChatRepositories>,
  input: {
    type: 'consultation';
    key: string;
    displayName: string;
    createdBy: string;
    /** `alias`: the only name the room shows for this member (a client's nickname). */
    members: { userId: string; alias?: string | null }[];
    nowIso: string;
  },
): Promise<string> {
  const { nowIso } = input;
  const id = newId(Date.parse(nowIso));
  await tx.rooms.insert({
    id,
    type: input.type,
    name: null,
    display_name: input.displayName,
    topic: '',
    parent_id: null,
    team_id: null,
    source_message_id: null,
    direct_key: `${input.type}:${input.key}`,
    created_by: input.createdBy,
    created_at: nowIso,
    updated_at: nowIso,
    archived_at: null,
  });
  for (const member of input.members) {
    await tx.rooms.addMember(id, member.userId, 'member', nowIso, 0, member.alias ?? null);
  }
  const members = await tx.rooms.listMembers(id);
  tx.emit(
    chatEvents.joined(
      id,
      members.map((m) => ({ user: presentUser(m.user), role: m.role })),
    ),
  );
  tx.emit(chatEvents.roomChanged(id));
  return id;
}

/** Room names as this viewer sees them (a DM is named after the others); null: as a non-member. */
export async function roomDisplayNames(
  repos: ChatRepositories,
  viewerId: string | null,
  roomIds: string[],
): Promise<Map<string, string>> {
  const ids = [...new Set(roomIds)];
  const rows = await Promise.all(ids.map((id) => repos.rooms.findById(id)));
  const found = rows.filter((r): r is RoomRow => r !== undefined);
  const direct = await repos.rooms.directMembers(found.filter((r) => r.type === 'direct').map((r) => r.id));
  return new Map(
    found.map((r) => [r.id, presentRoom(r, null, viewerId, direct.get(r.id) ?? []).displayName]),
  );
}
