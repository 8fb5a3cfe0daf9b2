import type { Message, PublicUser, RoomRole } from '@parley/shared';
import type { DomainEvents } from '../../lib/domain-events.js';
import type { RealtimePort } from '../../realtime/realtime.port.js';
import type { ChatRepositories } from './chat.repository.js';
import { presentMessage, presentRoom } from './chat.presenter.js';
import { loadMessageExtras } from './message-extras.js';

/**
 * What a committed chat change announces. Emitted inside the unit of work (`tx.emit`), published after
 * the commit, and turned into socket events here: nothing reaches a client for a change that rolled
 * back. Handlers run in the order the events were emitted.
 */
export type ChatEvent =
  | {
      type: 'chat.message';
      change: 'new' | 'updated' | 'deleted';
      messageId: string;
      roomId: string;
      /** Already presented (a user's send): published as is. Otherwise read back after the commit. */
      message?: Message;
    }
  | { type: 'chat.members.joined'; roomId: string; members: { user: PublicUser; role: RoomRole }[] }
  | { type: 'chat.member.left'; roomId: string; user: PublicUser }
  | { type: 'chat.member.role'; roomId: string; user: PublicUser; role: RoomRole }
  | { type: 'chat.room.changed'; roomId: string }
  | { type: 'chat.room.purged'; roomId: string }
  | { type: 'chat.read'; userId: string; roomId: string; seq: number }
  | { type: 'chat.typing'; roomId: string; userId: string; typing: boolean }
  /** Issue 20: uploads whose rows were deleted; their objects go once that committed. */
  | { type: 'chat.files.removed'; keys: string[] };

type Of<T extends ChatEvent['type']> = Extract<ChatEvent, { type: T }>;

/** Subscribes chat's socket announcements; `repos` reads what an event names after its commit. */
export function subscribeChatEvents(
  events: DomainEvents,
  deps: {
    repos: ChatRepositories;
    realtime: RealtimePort;
    files?: { remove(keys: string[]): Promise<void> };
  },
): void {
  const { repos, realtime } = deps;

  // Issue 20: the objects of deleted uploads (the files sweeper removes any this misses).
  events.on<Of<'chat.files.removed'>>('chat.files.removed', async ({ keys }) => {
    await deps.files?.remove(keys);
  });

  events.on<Of<'chat.message'>>('chat.message', async (event) => {
    let message = event.message;
    if (!message) {
      const [full] = await repos.messages.byIdsWithAuthors([event.messageId]);
      if (!full) return; // erased meanwhile (a purge): nothing to show
      const [replyTo] = full.reply_to_id ? await repos.messages.byIdsWithAuthors([full.reply_to_id]) : [];
      const extras = await loadMessageExtras(repos, [full], null);
      message = presentMessage(full, replyTo ?? null, extras.get(full.id));
    }
    realtime.toRoom(event.roomId, `message:${event.change}`, message);
  });

  // Subscribes the members' sockets everywhere first, so the room's next events reach them.
  events.on<Of<'chat.members.joined'>>('chat.members.joined', async ({ roomId, members }) => {
    if (members.length === 0) return;
    await realtime.joinRoom(
      members.map((m) => m.user.id),
      roomId,
    );
    for (const { user, role } of members) realtime.toRoom(roomId, 'member:joined', { roomId, user, role });
  });

  // Unsubscribes first (everywhere), then tells the person and the room: nothing more reaches them.
  events.on<Of<'chat.member.left'>>('chat.member.left', async ({ roomId, user }) => {
    await realtime.leaveRoom([user.id], roomId);
    realtime.toUser(user.id, 'room:removed', { roomId });
    realtime.toRoom(roomId, 'member:left', { roomId, user });
  });

  events.on<Of<'chat.member.role'>>('chat.member.role', ({ roomId, user, role }) => {
    realtime.toRoom(roomId, 'member:updated', { roomId, user, role });
  });

  // The room as each member sees it: `myRole` differs per member, so members are grouped by role
  // (at most three emits, whatever the room's size); a DM's name differs per member.
  events.on<Of<'chat.room.changed'>>('chat.room.changed', async ({ roomId }) => {
    const room = await repos.rooms.findById(roomId);
    if (!room) return;
    const roles = await repos.rooms.memberRoles(roomId);
    if (room.type === 'direct') {
      const direct = (await repos.rooms.directMembers([roomId])).get(roomId) ?? [];
      for (const { user_id, role } of roles) {
        realtime.toUser(user_id, 'room:updated', presentRoom(room, role, user_id, direct));
      }
      return;
    }
    const byRole = new Map<RoomRole, string[]>();
    for (const { user_id, role } of roles) byRole.set(role, [...(byRole.get(role) ?? []), user_id]);
    for (const [role, userIds] of byRole) {
      realtime.toUsers(userIds, 'room:updated', presentRoom(room, role, null));
    }
  });

  // Every message of the room was erased: clients drop what they show of it.
  events.on<Of<'chat.room.purged'>>('chat.room.purged', ({ roomId }) => {
    realtime.toRoom(roomId, 'messages:purged', { roomId });
  });

  // My other devices move their read marker too.
  events.on<Of<'chat.read'>>('chat.read', ({ userId, roomId, seq }) => {
    realtime.toUser(userId, 'read', { roomId, seq });
  });

  events.on<Of<'chat.typing'>>('chat.typing', ({ roomId, userId, typing }) => {
    realtime.toRoom(roomId, 'typing', { roomId, userId, typing });
  });
}

/** Constructors, so services emit well-formed events without repeating their shape. */
export const chatEvents = {
  message: (
    change: 'new' | 'updated' | 'deleted',
    row: { id: string; room_id: string },
    message?: Message,
  ): ChatEvent => ({
    type: 'chat.message',
    change,
    messageId: row.id,
    roomId: row.room_id,
    ...(message ? { message } : {}),
  }),
  joined: (roomId: string, members: { user: PublicUser; role: RoomRole }[]): ChatEvent => ({
    type: 'chat.members.joined',
    roomId,
    members,
  }),
  left: (roomId: string, user: PublicUser): ChatEvent => ({ type: 'chat.member.left', roomId, user }),
  roleChanged: (roomId: string, user: PublicUser, role: RoomRole): ChatEvent => ({
    type: 'chat.member.role',
    roomId,
    user,
    role,
  }),
  roomChanged: (roomId: string): ChatEvent => ({ type: 'chat.room.changed', roomId }),
  purged: (roomId: string): ChatEvent => ({ type: 'chat.room.purged', roomId }),
  read: (userId: string, roomId: string, seq: number): ChatEvent => ({
    type: 'chat.read',
    userId,
    roomId,
    seq,
  }),
  typing: (roomId: string, userId: string, typing: boolean): ChatEvent => ({
    type: 'chat.typing',
    roomId,
    userId,
    typing,
  }),
  filesRemoved: (keys: string[]): ChatEvent => ({ type: 'chat.files.removed', keys }),
};
