import type { PublicHoldRequest, PublicProvider, SlotsResponse } from '@parley/shared';
import { apiRequest } from '../../api/client';
import { BASE } from '../../api/common';

/** `from`/`to` as dates (`2026-12-01`, `to` inclusive) read in `tz`, the visitor's own zone. */
export interface PublicSlotRange {
  from: string;
  to: string;
  tz: string;
}

const book = (handle: string) => `${BASE}/book/${encodeURIComponent(handle)}`;

/** A provider's public booking page's calls (issue 19): all public, for visitors without an account. */
export const publicBookingApi = {
  /** 404 when the page is off (the provider's or the admin's switch) or the handle is unknown. */
  provider: async (handle: string, signal?: AbortSignal): Promise<PublicProvider> =>
    (await apiRequest(book(handle), { schema: (s) => s.PublicProviderResponseSchema, signal })).provider,

  slots: (handle: string, range: PublicSlotRange, signal?: AbortSignal): Promise<SlotsResponse> =>
    apiRequest(`${book(handle)}/slots?${new URLSearchParams({ ...range }).toString()}`, {
      schema: (s) => s.SlotsResponseSchema,
      signal,
    }),

  /** 202: held until `heldUntil`; the e-mail's link confirms it (409 `slot_taken`, `mail_not_configured`). */
  hold: async (providerId: string, body: PublicHoldRequest): Promise<{ heldUntil: string }> =>
    apiRequest(`${BASE}/providers/${encodeURIComponent(providerId)}/public-holds`, {
      method: 'POST',
      body,
      schema: (s) => s.PublicHoldResponseSchema,
    }),
};
