import type { GuestLink } from '@parley/shared';
import { apiRequest } from '../../api/client';
import { BASE } from '../../api/common';

export type AdminGuestLink = GuestLink & { roomDisplayName: string; createdByName: string | null };

/** Administration → Guests: every active call guest link (issue 19), and revoking one. */
export const adminGuestLinksApi = {
  list: async (signal?: AbortSignal): Promise<AdminGuestLink[]> =>
    (
      await apiRequest(`${BASE}/admin/guest-links`, {
        schema: (s) => s.AdminGuestLinksResponseSchema,
        signal,
      })
    ).links,

  revoke: (id: string): Promise<void> =>
    apiRequest(`${BASE}/guest-links/${encodeURIComponent(id)}`, { method: 'DELETE' }),
};
