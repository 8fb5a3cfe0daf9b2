import type { PublicUser } from '@parley/shared';
import { apiRequest, arrayOf, objectWith } from '../../api/client';
import { BASE } from '../../api/common';

/** The people feature's HTTP calls. */
export const peopleApi = {
  searchUsers: async (q: string, limit: number, signal?: AbortSignal): Promise<PublicUser[]> => {
    const params = new URLSearchParams({ q, limit: String(limit) });
    const { users } = await apiRequest(`${BASE}/users?${params.toString()}`, {
      schema: (s) => objectWith('users', arrayOf(s.PublicUserSchema)),
      signal,
    });
    return users;
  },
};
