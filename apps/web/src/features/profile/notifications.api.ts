import type { NotificationSettings, NotificationSettingsUpdate, PublicUser } from '@parley/shared';
import { apiRequest, objectWith } from '../../api/client';
import { BASE } from '../../api/common';

/** Issue 21: my notification settings, and the people I may let ring through. */
export const notificationsApi = {
  settings: (signal?: AbortSignal): Promise<NotificationSettings> =>
    apiRequest(`${BASE}/me/notification-settings`, { schema: (s) => s.NotificationSettingsSchema, signal }),
  update: (body: NotificationSettingsUpdate): Promise<NotificationSettings> =>
    apiRequest(`${BASE}/me/notification-settings`, {
      method: 'PATCH',
      body,
      schema: (s) => s.NotificationSettingsSchema,
    }),
  findPeople: async (q: string, signal?: AbortSignal): Promise<PublicUser[]> =>
    (
      await apiRequest(`${BASE}/users?${new URLSearchParams({ q, limit: '8' }).toString()}`, {
        schema: (s) => s.UserListSchema,
        signal,
      })
    ).users,
  person: async (id: string, signal?: AbortSignal): Promise<PublicUser> =>
    (
      await apiRequest(`${BASE}/users/${encodeURIComponent(id)}`, {
        schema: (s) => objectWith('user', s.PublicUserSchema),
        signal,
      })
    ).user,
};
