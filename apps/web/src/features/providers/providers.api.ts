import {
  AvailabilitySchema,
  ProviderResponseSchema,
  ProvidersResponseSchema,
  SlotsResponseSchema,
  type Availability,
  type Provider,
  type ProviderProfileUpdate,
  type SlotsResponse,
} from '@parley/shared';
import { apiRequest, type Parser } from '../../api/client';
import { BASE } from '../../api/common';

export interface ProviderFilters {
  q?: string;
  speciality?: string;
  language?: string;
}

/** `from`/`to` as dates (`2026-12-01`, `to` inclusive) read in `tz`, the client's own zone. */
export interface SlotRange {
  from: string;
  to: string;
  tz: string;
}

/**
 * The availability as the contract writes it (the object itself); an answer wrapped as
 * `{ availability }` is read the same way.
 */
const AvailabilityAnswer: Parser<Availability> = {
  safeParse(data) {
    const inner =
      typeof data === 'object' && data !== null && 'availability' in data ? data.availability : data;
    const result = AvailabilitySchema.safeParse(inner);
    return result.success ? { success: true, data: result.data } : { success: false };
  },
};

const provider = (id: string) => `${BASE}/providers/${encodeURIComponent(id)}`;

function query(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The providers feature's HTTP calls: finding providers, their free slots, and a provider's own profile and hours. */
export const providersApi = {
  list: async (filters: ProviderFilters = {}, signal?: AbortSignal): Promise<Provider[]> =>
    (
      await apiRequest(`${BASE}/providers${query({ ...filters })}`, {
        schema: ProvidersResponseSchema,
        signal,
      })
    ).providers,

  get: async (id: string, signal?: AbortSignal): Promise<Provider> =>
    (await apiRequest(provider(id), { schema: ProviderResponseSchema, signal })).provider,

  slots: (id: string, range: SlotRange, signal?: AbortSignal): Promise<SlotsResponse> =>
    apiRequest(`${provider(id)}/slots${query({ ...range })}`, { schema: SlotsResponseSchema, signal }),

  /** My own provider profile (404 for someone who is not a provider). */
  me: async (signal?: AbortSignal): Promise<Provider> =>
    (await apiRequest(`${BASE}/providers/me`, { schema: ProviderResponseSchema, signal })).provider,

  updateMe: async (body: ProviderProfileUpdate): Promise<Provider> =>
    (
      await apiRequest(`${BASE}/providers/me`, {
        method: 'PUT',
        body,
        schema: ProviderResponseSchema,
      })
    ).provider,

  availability: (signal?: AbortSignal): Promise<Availability> =>
    apiRequest(`${BASE}/providers/me/availability`, { schema: AvailabilityAnswer, signal }),

  saveAvailability: (body: Availability): Promise<Availability> =>
    apiRequest(`${BASE}/providers/me/availability`, { method: 'PUT', body, schema: AvailabilityAnswer }),
};
