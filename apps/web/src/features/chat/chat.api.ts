import type {
  CommandInfo,
  CommandResult,
  Member,
  Message,
  Room,
  RoomNotifications,
  RoomNotificationsRequest,
  RoomRole,
  RoomSummary,
} from '@parley/shared';
import { apiRequest, objectWith } from '../../api/client';
import { BASE } from '../../api/common';

export interface CreateRoomInput {
  type: 'direct' | 'channel' | 'private' | 'team' | 'discussion';
  name?: string;
  displayName?: string;
  topic?: string;
  memberIds?: string[];
  parentId?: string;
  sourceMessageId?: string;
  teamId?: string;
}

export interface MessagePage {
  messages: Message[];
  hasMore: boolean;
}

/** Which page of history: the latest, older than a seq, or newer than a seq (catch-up after a reconnect). */
export type PageRequest = { before?: number; after?: number; around?: number; limit?: number };

const room = (id: string) => `${BASE}/rooms/${encodeURIComponent(id)}`;

/** The chat feature's HTTP calls. */
export const chatApi = {
  rooms: async (signal?: AbortSignal): Promise<RoomSummary[]> =>
    (await apiRequest(`${BASE}/rooms`, { schema: (s) => s.RoomListSchema, signal })).rooms,

  directory: async (q: string, signal?: AbortSignal, teamId?: string): Promise<Room[]> => {
    const params = new URLSearchParams({ ...(q ? { q } : {}), ...(teamId ? { teamId } : {}) });
    const query = params.toString();
    return (
      await apiRequest(`${BASE}/rooms/directory${query ? `?${query}` : ''}`, {
        schema: (s) => s.DirectorySchema,
        signal,
      })
    ).rooms;
  },

  room: async (id: string, signal?: AbortSignal): Promise<Room> =>
    (await apiRequest(room(id), { schema: (s) => s.RoomResponseSchema, signal })).room,

  createRoom: async (body: CreateRoomInput): Promise<Room> =>
    (await apiRequest(`${BASE}/rooms`, { method: 'POST', body, schema: (s) => s.RoomResponseSchema })).room,

  /** Issue 21: my level and mute for one room. */
  setRoomNotifications: (id: string, body: RoomNotificationsRequest): Promise<RoomNotifications> =>
    apiRequest(`${room(id)}/notifications`, {
      method: 'PUT',
      body,
      schema: (s) => s.RoomNotificationsSchema,
    }),
  updateRoom: async (
    id: string,
    body: { displayName?: string; topic?: string; archived?: boolean },
  ): Promise<Room> =>
    (await apiRequest(room(id), { method: 'PATCH', body, schema: (s) => s.RoomResponseSchema })).room,

  joinRoom: async (id: string): Promise<Room> =>
    (await apiRequest(`${room(id)}/join`, { method: 'POST', schema: (s) => s.RoomResponseSchema })).room,

  leaveRoom: async (id: string): Promise<void> => {
    await apiRequest(`${room(id)}/leave`, { method: 'POST' });
  },

  members: async (id: string, signal?: AbortSignal): Promise<Member[]> =>
    (await apiRequest(`${room(id)}/members`, { schema: (s) => s.MemberListSchema, signal })).members,

  addMembers: async (id: string, userIds: string[]): Promise<Member[]> =>
    (
      await apiRequest(`${room(id)}/members`, {
        method: 'POST',
        body: { userIds },
        schema: (s) => s.MemberListSchema,
      })
    ).members,

  changeRole: async (id: string, userId: string, role: RoomRole): Promise<Member> =>
    (
      await apiRequest(`${room(id)}/members/${encodeURIComponent(userId)}`, {
        method: 'PATCH',
        body: { role },
        schema: (s) => objectWith('member', s.MemberSchema),
      })
    ).member,

  removeMember: async (id: string, userId: string): Promise<void> => {
    await apiRequest(`${room(id)}/members/${encodeURIComponent(userId)}`, { method: 'DELETE' });
  },

  messages: async (id: string, page: PageRequest, signal?: AbortSignal): Promise<MessagePage> => {
    const params = new URLSearchParams();
    if (page.before !== undefined) params.set('before', String(page.before));
    if (page.after !== undefined) params.set('after', String(page.after));
    if (page.around !== undefined) params.set('around', String(page.around));
    params.set('limit', String(page.limit ?? 50));
    return apiRequest(`${room(id)}/messages?${params.toString()}`, {
      schema: (s) => s.MessageListSchema,
      signal,
    });
  },

  /** The HTTP twin of the socket's `message:send`, used while the socket is down. */
  postMessage: async (
    id: string,
    body: { text: string; clientMsgId: string; replyToId?: string; attachments?: string[] },
  ): Promise<Message> =>
    (
      await apiRequest(`${room(id)}/messages`, {
        method: 'POST',
        body,
        schema: (s) => s.MessageResponseSchema,
      })
    ).message,

  editMessage: async (messageId: string, text: string): Promise<Message> =>
    (
      await apiRequest(`${BASE}/messages/${encodeURIComponent(messageId)}`, {
        method: 'PATCH',
        body: { text },
        schema: (s) => s.MessageResponseSchema,
      })
    ).message,

  deleteMessage: async (messageId: string): Promise<Message> =>
    (
      await apiRequest(`${BASE}/messages/${encodeURIComponent(messageId)}`, {
        method: 'DELETE',
        schema: (s) => s.MessageResponseSchema,
      })
    ).message,

  markRead: async (id: string, seq: number): Promise<void> => {
    await apiRequest(`${room(id)}/read`, { method: 'POST', body: { seq } });
  },

  /** `clientMsgId` makes a retried `/me` return the message it already posted. */
  runCommand: async (id: string, text: string, clientMsgId: string): Promise<CommandResult> =>
    apiRequest(`${room(id)}/commands`, {
      method: 'POST',
      body: { text, clientMsgId },
      schema: (s) => s.CommandResultSchema,
    }),

  commands: async (signal?: AbortSignal): Promise<CommandInfo[]> =>
    (await apiRequest(`${BASE}/commands`, { schema: (s) => s.CommandListSchema, signal })).commands,
};
