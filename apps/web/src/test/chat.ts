import {
  DEFAULT_ROOM_NOTIFICATIONS,
  type Member,
  type Message,
  type PublicUser,
  type Room,
  type RoomSummary,
} from '@parley/shared';
import { MEMBER } from './api';

/** Chat fixtures: people, rooms and messages as the server sends them. */

export const GRACE: PublicUser = {
  id: MEMBER.id,
  username: MEMBER.username,
  displayName: MEMBER.displayName,
  avatarUrl: null,
  role: 'user',
};
export const BOB: PublicUser = {
  id: 'u_bob',
  username: 'bob',
  displayName: 'Bob Brown',
  avatarUrl: null,
  role: 'user',
};
export const CAROL: PublicUser = {
  id: 'u_carol',
  username: 'carol',
  displayName: 'Carol Clark',
  avatarUrl: null,
  role: 'user',
};

export function room(over: Partial<RoomSummary> = {}): RoomSummary {
  const base: Room = {
    id: 'r_general',
    type: 'channel',
    name: 'general',
    displayName: 'General',
    topic: '',
    parentId: null,
    teamId: null,
    sourceMessageId: null,
    consultationId: null,
    createdBy: MEMBER.id,
    createdAt: '2026-01-01T09:00:00.000Z',
    archived: false,
    lastSeq: 0,
    memberCount: 2,
    members: [],
    myRole: 'member',
  };
  return {
    ...base,
    unread: 0,
    mentions: 0,
    lastReadSeq: 0,
    lastMessage: null,
    notifications: DEFAULT_ROOM_NOTIFICATIONS,
    ...over,
  };
}

export function dm(other: PublicUser, over: Partial<RoomSummary> = {}): RoomSummary {
  return room({
    id: `r_dm_${other.id}`,
    type: 'direct',
    name: null,
    displayName: other.displayName,
    members: [GRACE, other],
    ...over,
  });
}

let clock = Date.parse('2026-03-02T10:00:00.000Z');

export function message(seq: number, over: Partial<Message> = {}): Message {
  clock += 60_000;
  return {
    id: `m_${over.roomId ?? 'r_general'}_${seq}`,
    roomId: 'r_general',
    seq,
    kind: 'user',
    author: BOB,
    text: `Message ${seq}`,
    action: false,
    replyToId: null,
    replyTo: null,
    mentions: [],
    clientMsgId: null,
    discussion: null,
    createdAt: new Date(clock).toISOString(),
    editedAt: null,
    deletedAt: null,
    callId: null,
    attachments: [],
    reactions: [],
    threadId: null,
    thread: null,
    ...over,
  };
}

export function member(user: PublicUser, role: Member['role'] = 'member'): Member {
  return { user, role, joinedAt: '2026-01-01T09:00:00.000Z' };
}
