import type { ErrorCode } from './errors.js';
import type { Message, PresenceStatus, Room, RoomRole } from './chat.js';
import type { Call } from './calls.js';
import type { Consultation, ConsultationPresence, ReminderEvent } from './consultations.js';
import type { PublicUser } from './users.js';
import type { GuestRequest, GuestSession } from './guests.js';
import type { NotificationSettings, RoomNotifications } from './notifications.js';

/** Rooms a socket is joined to; named in one place so server and tests agree. */
export const socketRooms = {
  user: (userId: string) => `user:${userId}`,
  /** Every socket of every member of a chat room. */
  room: (roomId: string) => `room:${roomId}`,
  /** A call guest's sockets (issue 19): the only room they join. */
  guest: (guestId: string) => `guest:${guestId}`,
} as const;

export interface ServerToClientEvents {
  /** Someone's public profile changed (name, avatar, role). */
  'user:updated': (user: PublicUser) => void;
  /** This session or API token ended (logout, password change, revocation, expiry); sign out. */
  'session:revoked': () => void;
  /** A message in one of my rooms: new, edited, or deleted (text emptied). */
  'message:new': (message: Message) => void;
  'message:updated': (message: Message) => void;
  'message:deleted': (message: Message) => void;
  /**
   * Someone added or removed a reaction (issue 20). The room also gets `message:updated` with the new
   * counts, but one broadcast cannot say `me` for each viewer: it carries `me: false`, and clients keep
   * their own `me` per emoji, changing it only on this event for their own user id (or an HTTP answer).
   */
  'reaction:changed': (event: {
    roomId: string;
    messageId: string;
    emoji: string;
    userId: string;
    added: boolean;
  }) => void;
  /**
   * A thread I follow changed (a reply, my read marker on another device, follow or unfollow), sent
   * to me only: update the thread list and the unread-threads badge.
   */
  'thread:updated': (event: {
    roomId: string;
    rootId: string;
    unread: number;
    following: boolean;
    /** Threads I follow with unread replies, after this change. */
    unreadThreads: number;
  }) => void;
  /** A room I am in (or was just added to) changed: name, topic, archive, members count. */
  'room:updated': (room: Room) => void;
  /** I left or was removed: drop the room; nothing more arrives for it. */
  'room:removed': (event: { roomId: string }) => void;
  'member:joined': (event: { roomId: string; user: PublicUser; role: RoomRole }) => void;
  'member:left': (event: { roomId: string; user: PublicUser }) => void;
  /** A member's role changed. */
  'member:updated': (event: { roomId: string; user: PublicUser; role: RoomRole }) => void;
  /** Someone is typing (`typing: false` when they stop; clients also expire it after ~5 s). */
  typing: (event: { roomId: string; userId: string; typing: boolean }) => void;
  /** Someone who shares a room with me came online, went away or offline. */
  presence: (event: { userId: string; status: PresenceStatus }) => void;
  /** I read up to `seq` in a room (on this or another device). */
  read: (event: { roomId: string; seq: number }) => void;
  /** A call rings me (on every device); show the incoming-call dialog and play the ring. */
  'call:ringing': (event: { call: Call; caller: PublicUser }) => void;
  /**
   * A call in one of my rooms changed (someone accepted, declined, joined or left; it started). When
   * I answered on another device, my participant state is no longer `ringing`: stop ringing here.
   */
  'call:updated': (call: Call) => void;
  /** A call ended (ended, missed, declined or canceled): stop ringing, close the dialog. */
  'call:ended': (call: Call) => void;
  /** One of my consultations changed (booked, confirmed, moved, proposed, started, ended). Sent to both parties. */
  'consultation:updated': (consultation: Consultation) => void;
  /** Who is in a consultation's call right now (from both browsers, and Jitsi's own events when configured). */
  'consultation:presence': (presence: ConsultationPresence) => void;
  /** A consultation starts soon (at each configured offset). */
  reminder: (event: ReminderEvent) => void;
  /**
   * Every message of one of my rooms was erased for good (a consultation's chat after its retention
   * period, or its client's erasure): drop them; a system message saying so may follow.
   */
  'messages:purged': (event: { roomId: string }) => void;
  /**
   * A guest asks to join a call of one of my rooms, or was admitted or denied (issue 19): members in
   * the call show "<name> (guest) wants to join" with Admit / Deny while `status` is `waiting`.
   */
  'call:guest': (guest: GuestRequest) => void;
  /** To a call guest's own socket only: their lobby status changed (the same as `GET /guest/:token/session`). */
  'guest:status': (session: GuestSession) => void;
  /** Issue 21, to my own sockets: my notification settings changed (on another tab or device). */
  'notifications:settings': (settings: NotificationSettings) => void;
  /** Issue 21, to my own sockets: my level or mute of one room changed. */
  'room:notifications': (event: { roomId: string; notifications: RoomNotifications }) => void;
}

/** What every client → server event answers: the data, or an error from the one catalogue. */
export type AckResult<T> = { ok: true; data: T } | { ok: false; error: { code: ErrorCode; message: string } };
export type Ack<T> = (result: AckResult<T>) => void;

export interface ClientToServerEvents {
  /** Who the server thinks this socket is; the answer comes from the session, never from the payload. */
  whoami: (ack: Ack<{ userId: string; username: string }>) => void;
  /** Same body as `POST /rooms/:id/messages` plus `roomId`; the ack carries the committed message. */
  'message:send': (
    payload: {
      roomId: string;
      text: string;
      clientMsgId: string;
      replyToId?: string;
      /** Issue 20: uploads to attach, and the thread to reply in. */
      attachments?: string[];
      threadId?: string;
    },
    ack: Ack<Message>,
  ) => void;
  typing: (payload: { roomId: string; typing: boolean }, ack?: Ack<null>) => void;
  'presence:set': (payload: { status: 'online' | 'away' }, ack?: Ack<null>) => void;
  /** Statuses of people who share a room with me (others are left out). */
  'presence:get': (payload: { userIds: string[] }, ack: Ack<Record<string, PresenceStatus>>) => void;
}

/** Per-socket data the server keeps after the handshake. */
export interface SocketData {
  userId: string;
  username: string;
  sessionId: string | null;
  tokenId: string | null;
  /** An API token's scopes (null for browser sessions, which are unscoped). */
  scopes: ('read' | 'write' | 'admin')[] | null;
  /** A call guest's socket (issue 19, `auth: { guest }`): their admission's id; absent for everyone else. */
  guestId?: string;
}
