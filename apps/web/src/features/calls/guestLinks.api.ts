import type { CreateGuestLinkRequest, GuestLink, GuestRequest } from '@parley/shared';
import { apiRequest } from '../../api/client';
import { BASE } from '../../api/common';

const enc = encodeURIComponent;

/** Call guests (issue 19) as members see them: links into a room's calls, and the call's lobby. */
export const guestLinksApi = {
  /** A new link for the call (its `url` is in this answer only). */
  create: async (callId: string, body: CreateGuestLinkRequest): Promise<GuestLink> =>
    (
      await apiRequest(`${BASE}/calls/${enc(callId)}/guest-links`, {
        method: 'POST',
        body,
        schema: (s) => s.GuestLinkResponseSchema,
      })
    ).link,

  /** The room's active links (owners and moderators). */
  list: async (roomId: string, signal?: AbortSignal): Promise<GuestLink[]> =>
    (
      await apiRequest(`${BASE}/rooms/${enc(roomId)}/guest-links`, {
        schema: (s) => s.GuestLinksResponseSchema,
        signal,
      })
    ).links,

  revoke: (linkId: string): Promise<void> =>
    apiRequest(`${BASE}/guest-links/${enc(linkId)}`, { method: 'DELETE' }),

  /** Guests waiting in the call's lobby now (for a page that opened after they asked). */
  waiting: async (callId: string, signal?: AbortSignal): Promise<GuestRequest[]> =>
    (
      await apiRequest(`${BASE}/calls/${enc(callId)}/guests`, {
        schema: (s) => s.GuestRequestsResponseSchema,
        signal,
      })
    ).guests,

  admit: (callId: string, guestId: string): Promise<void> =>
    apiRequest(`${BASE}/calls/${enc(callId)}/guests/${enc(guestId)}/admit`, { method: 'POST' }),

  deny: (callId: string, guestId: string): Promise<void> =>
    apiRequest(`${BASE}/calls/${enc(callId)}/guests/${enc(guestId)}/deny`, { method: 'POST' }),
};
