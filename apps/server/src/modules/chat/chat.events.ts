import type { Message, PublicUser, RoomRole } from '@parley/shared';
import type { RealtimePort } from '../../realtime/realtime.port.js';
import type { ChatStore } from './chat.repository.js';
import { presentRoom } from './chat.presenter.js';

/** What chat tells connected clients, always after the change has committed. */
export class ChatEvents {
  constructor(
    private readonly store: ChatStore,
    private readonly realtime: RealtimePort,
  ) {}

  message(event: 'message:new' | 'message:updated' | 'message:deleted', message: Message): void {
    this.realtime.toRoom(message.roomId, event, message);
  }

  /**
   * The room as each member sees it: `myRole` differs per member, so members are grouped by role
   * (at most three emits, whatever the room's size).
   */
  async roomUpdated(roomId: string): Promise<void> {
    const room = await this.store.rooms.findById(roomId);
    if (!room) return;
    const roles = await this.store.rooms.memberRoles(roomId);
    const direct =
      room.type === 'direct' ? ((await this.store.rooms.directMembers([roomId])).get(roomId) ?? []) : [];
    if (room.type === 'direct') {
      // A DM's name depends on who looks at it, so each member gets their own.
      for (const { user_id, role } of roles) {
        this.realtime.toUser(user_id, 'room:updated', presentRoom(room, role, user_id, direct));
      }
      return;
    }
    const byRole = new Map<RoomRole, string[]>();
    for (const { user_id, role } of roles) byRole.set(role, [...(byRole.get(role) ?? []), user_id]);
    for (const [role, userIds] of byRole) {
      this.realtime.toUsers(userIds, 'room:updated', presentRoom(room, role, null));
    }
  }

  async joined(roomId: string, members: { user: PublicUser; role: RoomRole }[]): Promise<void> {
    if (members.length === 0) return;
    await this.realtime.joinRoom(
      members.map((m) => m.user.id),
      roomId,
    );
    for (const { user, role } of members) {
      this.realtime.toRoom(roomId, 'member:joined', { roomId, user, role });
    }
  }

  /** Unsubscribes first (everywhere), then tells the person and the room: nothing more reaches them. */
  async left(roomId: string, user: PublicUser): Promise<void> {
    await this.realtime.leaveRoom([user.id], roomId);
    this.realtime.toUser(user.id, 'room:removed', { roomId });
    this.realtime.toRoom(roomId, 'member:left', { roomId, user });
  }

  roleChanged(roomId: string, user: PublicUser, role: RoomRole): void {
    this.realtime.toRoom(roomId, 'member:updated', { roomId, user, role });
  }

  read(userId: string, roomId: string, seq: number): void {
    this.realtime.toUser(userId, 'read', { roomId, seq });
  }

  /** Every message of the room was erased: clients drop what they show of it. */
  purged(roomId: string): void {
    this.realtime.toRoom(roomId, 'messages:purged', { roomId });
  }

  typing(roomId: string, userId: string, typing: boolean): void {
    this.realtime.toRoom(roomId, 'typing', { roomId, userId, typing });
  }
}
