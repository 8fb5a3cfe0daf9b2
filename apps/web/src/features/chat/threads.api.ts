import type { Message, ThreadListItem, ThreadResponse } from '@parley/shared';
import { apiRequest } from '../../api/client';
import { BASE } from '../../api/common';

const messagePath = (id: string) => `${BASE}/messages/${encodeURIComponent(id)}`;

/** Reactions and threads (issue 20): their HTTP calls, beside chat's own in chat.api.ts. */
export const threadsApi = {
  /** Adds my reaction (idempotent); the answer carries my own `me`. */
  react: async (messageId: string, emoji: string): Promise<Message> =>
    (
      await apiRequest(`${messagePath(messageId)}/reactions/${encodeURIComponent(emoji)}`, {
        method: 'PUT',
        schema: (s) => s.MessageResponseSchema,
      })
    ).message,

  unreact: async (messageId: string, emoji: string): Promise<Message> =>
    (
      await apiRequest(`${messagePath(messageId)}/reactions/${encodeURIComponent(emoji)}`, {
        method: 'DELETE',
        schema: (s) => s.MessageResponseSchema,
      })
    ).message,

  /** A thread's root and its replies, oldest first; `after` pages on (and catches up). */
  thread: async (rootId: string, after?: number, signal?: AbortSignal): Promise<ThreadResponse> =>
    apiRequest(`${messagePath(rootId)}/thread${after !== undefined ? `?after=${after}` : ''}`, {
      schema: (s) => s.ThreadResponseSchema,
      signal,
    }),

  follow: async (rootId: string, following: boolean): Promise<void> => {
    await apiRequest(`${messagePath(rootId)}/thread/follow`, { method: following ? 'PUT' : 'DELETE' });
  },

  markRead: async (rootId: string, seq: number): Promise<void> => {
    await apiRequest(`${messagePath(rootId)}/thread/read`, { method: 'PUT', body: { seq } });
  },

  threads: async (signal?: AbortSignal): Promise<{ threads: ThreadListItem[]; unreadThreads: number }> =>
    apiRequest(`${BASE}/threads`, { schema: (s) => s.ThreadListSchema, signal }),
};
