import {
  DIRECT_MAX_MEMBERS,
  type CreateRoomRequest,
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
  checkUpdate,
  invalid,
  lockedAccess,
  requireMember,
  requireWritable,
  type Actor,
} from './chat.access.js';
import type { Transaction, UnitOfWork } from '../../db/unit-of-work.js';
import { chatEvents } from './chat.events.js';
import { presentMessage, presentRoom, presentUser } from './chat.presenter.js';
import type { ChatRepositories } from './chat.repository.js';
import type { RoomRow, UserColumns } from './rooms.repository.js';

const DIRECTORY_LIMIT = 100;

export interface RoomsDependencies {
  uow: UnitOfWork<ChatRepositories>;
  clock: Clock;
}

/**
 * Rooms: creating them (channels, private channels, teams, discussions, DMs), finding them (my list,
 * the directory, one room) and changing them (rename, topic, archive). Who is in a room is
 * membership.service.ts.
 */
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
      throw invalid('sourceMessageId', 'onlyDiscussionFromMessage');
    }
    if (request.type === 'discussion') {
      if (!request.parentId) throw invalid('parentId', 'discussionNeedsParent');
      parent = (await requireMember(this.repos, actor, request.parentId)).room;
      // A consultation's chat is for its two parties under its own rules: nothing hangs off it.
      if (parent.type === 'consultation') throw consultationClosed();
      requireWritable(parent);
      if (request.sourceMessageId) {
        const source = await this.repos.messages.findById(request.sourceMessageId);
        if (!source || source.room_id !== parent.id || source.deleted_at !== null) {
          throw invalid('sourceMessageId', 'discussionFromRoomMessage');
        }
        sourceText = source.text;
      }
      displayName = request.displayName ?? firstLine(sourceText) ?? '';
      if (!displayName) throw invalid('displayName', 'discussionName');
    } else {
      if (!request.name) throw invalid('name', 'roomNameRequired');
      name = request.name;
      displayName = request.displayName ?? name;
      if (request.teamId) {
        if (request.type === 'team') throw invalid('teamId', 'teamInTeam');
        const team = await requireMember(this.repos, actor, request.teamId);
        if (team.room.type !== 'team') throw invalid('teamId', 'notATeam');
        requireWritable(team.room);
        teamId = team.room.id;
      }
    }

    const invitees = await activeAccounts(
      this.repos,
      (request.memberIds ?? []).filter((id) => id !== actor.id),
    );
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
    if (memberIds.length === 0) throw invalid('memberIds', 'chooseRecipients');
    if (ids.length > DIRECT_MAX_MEMBERS) {
      throw invalid('memberIds', 'directTooMany', { max: DIRECT_MAX_MEMBERS });
    }
    const others = await activeAccounts(
      this.repos,
      ids.filter((id) => id !== actor.id),
    );
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

  /**
   * Enough of these rooms to label search results (issue 20), as `viewerId` sees them. No access
   * check: the caller found them through the viewer's memberships.
   */
  async labels(
    ids: string[],
    viewerId: string,
  ): Promise<Map<string, Pick<Room, 'id' | 'type' | 'displayName' | 'consultationId'>>> {
    const rows = await this.repos.rooms.findByIds([...new Set(ids)]);
    const direct = await this.repos.rooms.directMembers(
      rows.filter((r) => r.type === 'direct').map((r) => r.id),
    );
    return new Map(
      rows.map((row) => {
        const { id, type, displayName, consultationId } = presentRoom(
          row,
          null,
          viewerId,
          direct.get(row.id) ?? [],
        );
        return [id, { id, type, displayName, consultationId }];
      }),
    );
  }

  async listMine(userId: string): Promise<RoomSummary[]> {
    const rows = await this.repos.rooms.listMine(userId);
    const directIds = rows.filter((r) => r.type === 'direct').map((r) => r.id);
    const [direct, latest] = await Promise.all([
      this.repos.rooms.directMembers(directIds),
      this.repos.messages.latestOf(rows.filter((r) => Number(r.last_seq) > 0).map((r) => r.id)),
    ]);
    const now = this.deps.clock.now().getTime();
    return rows.map((row) => {
      const { my_role, last_read_seq, unread, mention_count, notify_level, mute_until, ...room } = row;
      const last = latest.get(room.id);
      // Issue 21: a muted room, or one at mentions only or nothing, counts only mentions in its badge.
      const quiet = notify_level !== 'all' || (mute_until !== null && Date.parse(mute_until) > now);
      return {
        ...presentRoom(room, my_role, userId, direct.get(room.id) ?? []),
        unread: quiet ? mention_count : unread,
        mentions: mention_count,
        lastReadSeq: Number(last_read_seq),
        lastMessage: last ? presentMessage(last) : null,
        notifications: { level: notify_level, muteUntil: mute_until },
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

  get(actor: Actor, roomId: string): Promise<Room> {
    return viewRoom(this.repos, actor, roomId);
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
}

/** A system line written by `actor` with the change (the caller emits it). */
export function systemMessage(
  tx: Transaction<ChatRepositories>,
  roomId: string,
  actor: Actor,
  text: string,
  nowIso: string,
) {
  return tx.messages.append({ roomId, kind: 'system', authorId: actor.id, text, nowIso });
}

export const actorMember = (actor: Actor, role: RoomRole) => ({ user: actor, role });

const consultationClosed = () => Errors.forbidden('consultationNoDiscussions');

/** A discussion started from a message is named after its first line. */
function firstLine(text: string | null): string | null {
  const line = text
    ?.split('\n')
    .find((l) => l.trim() !== '')
    ?.trim();
  if (!line) return null;
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
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

/**
 * One more member of a room another feature owns (a consultation's third participant, issue 19),
 * added with that feature's change under the only name the room shows for them; their sockets
 * subscribe after the commit. False when they were already in it.
 */
export async function addOwnedRoomMember(
  tx: Transaction<ChatRepositories>,
  input: { roomId: string; userId: string; alias: string | null; nowIso: string },
): Promise<boolean> {
  if (!(await tx.rooms.addMember(input.roomId, input.userId, 'member', input.nowIso, 0, input.alias))) {
    return false;
  }
  const member = (await tx.rooms.listMembers(input.roomId)).find((m) => m.user.id === input.userId);
  if (member) {
    tx.emit(chatEvents.joined(input.roomId, [{ user: presentUser(member.user), role: member.role }]));
  }
  tx.emit(chatEvents.roomChanged(input.roomId));
  return true;
}

/**
 * Takes a member out of a room another feature owns, with that feature's change; their sockets
 * leave it after the commit. False when they were not in it.
 */
export async function removeOwnedRoomMember(
  tx: Transaction<ChatRepositories>,
  input: { roomId: string; userId: string },
): Promise<boolean> {
  const member = (await tx.rooms.listMembers(input.roomId)).find((m) => m.user.id === input.userId);
  if (!member || !(await tx.rooms.removeMember(input.roomId, input.userId))) return false;
  tx.emit(chatEvents.left(input.roomId, presentUser(member.user)));
  tx.emit(chatEvents.roomChanged(input.roomId));
  return true;
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

/** The room as the actor sees it (404 when they may not see it). */
export async function viewRoom(repos: ChatRepositories, actor: Actor, roomId: string): Promise<Room> {
  const { room, role } = await accessRoom(repos, actor, roomId);
  const direct =
    room.type === 'direct' ? ((await repos.rooms.directMembers([room.id])).get(room.id) ?? []) : [];
  return presentRoom(room, role, actor.id, direct);
}

/** The active accounts with these ids; a validation error if any is missing or deactivated. */
export async function activeAccounts(repos: ChatRepositories, ids: string[]): Promise<UserColumns[]> {
  const unique = [...new Set(ids)];
  const found = await repos.rooms.usersByIds(unique, { activeOnly: true });
  if (found.length !== unique.length) {
    throw invalid('memberIds', 'someoneMissing');
  }
  return found;
}
