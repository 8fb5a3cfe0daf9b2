import type { ClaimAccountRequest, SessionResponse, VisitInfo } from '@parley/shared';
import { apiRequest, type Parser } from '../../api/client';
import { BASE } from '../../api/common';
import type { Schemas } from '../../api/schemas';

const visit = (token: string) => `${BASE}/visit/${encodeURIComponent(token)}`;

/** The visit as the contract writes it (the object itself); an answer wrapped as `{ visit }` reads the same. */
const VisitAnswer = (s: Schemas): Parser<VisitInfo> => ({
  safeParse(data) {
    const inner = typeof data === 'object' && data !== null && 'visit' in data ? data.visit : data;
    const result = s.VisitInfoSchema.safeParse(inner);
    return result.success ? { success: true, data: result.data } : { success: false };
  },
});

/**
 * A personal link's calls (issue 19): what `/visit/<token>` opens, the guest session it starts, and a
 * guest turning that session into an account.
 */
export const visitsApi = {
  /** Public: 404 `guest_link_invalid` (unknown or revoked), 410 `guest_link_expired`. */
  info: (token: string, signal?: AbortSignal): Promise<VisitInfo> =>
    apiRequest(visit(token), { schema: VisitAnswer, signal }),

  /** Signs this browser in as the link's guest (a session cookie, as a sign-in answers). */
  start: (token: string): Promise<SessionResponse> =>
    apiRequest(`${visit(token)}/session`, {
      method: 'POST',
      body: {},
      schema: (s) => s.VisitSessionResponseSchema,
    }),

  /** The guest session's account becomes a normal one; the session goes on (409 `username_taken`). */
  claim: (body: ClaimAccountRequest): Promise<void> =>
    apiRequest(`${BASE}/me/claim`, { method: 'POST', body }),
};
