import type {
  IdentityProvider,
  SecurityEvent,
  IdentityProviderCreateRequest,
  IdentityProviderUpdateRequest,
} from '@parley/shared';
import { apiRequest } from '../../api/client';
import { BASE } from '../../api/common';

const providerPath = (id: string) => `${BASE}/admin/identity-providers/${encodeURIComponent(id)}`;

/** Administration → Sign-in: identity providers, and resetting someone's second factors. */
export const signInApi = {
  providers: async (signal?: AbortSignal): Promise<IdentityProvider[]> =>
    (
      await apiRequest(`${BASE}/admin/identity-providers`, {
        schema: (s) => s.IdentityProviderListSchema,
        signal,
      })
    ).providers,
  createProvider: async (body: IdentityProviderCreateRequest): Promise<IdentityProvider> =>
    (
      await apiRequest(`${BASE}/admin/identity-providers`, {
        method: 'POST',
        body,
        schema: (s) => s.IdentityProviderResponseSchema,
      })
    ).provider,
  updateProvider: async (id: string, body: IdentityProviderUpdateRequest): Promise<IdentityProvider> =>
    (
      await apiRequest(providerPath(id), {
        method: 'PATCH',
        body,
        schema: (s) => s.IdentityProviderResponseSchema,
      })
    ).provider,
  deleteProvider: (id: string): Promise<void> => apiRequest(providerPath(id), { method: 'DELETE' }),
  /** The person's security record (second factors added, removed, reset), newest first. */
  securityEvents: async (userId: string, signal?: AbortSignal): Promise<SecurityEvent[]> =>
    (
      await apiRequest(`${BASE}/admin/users/${encodeURIComponent(userId)}/security-events`, {
        schema: (s) => s.SecurityEventListSchema,
        signal,
      })
    ).events,
  /** Removes every second factor of the person and signs them out; they set one up again. */
  resetMfa: (userId: string): Promise<void> =>
    apiRequest(`${BASE}/admin/users/${encodeURIComponent(userId)}/mfa/reset`, { method: 'POST' }),
};
