import {
  ApiTokenCreatedSchema,
  ApiTokenSchema,
  type ApiToken,
  type ApiTokenCreateRequest,
  type ApiTokenCreated,
  type Me,
  type PasswordChangeRequest,
  type ProfileUpdateRequest,
} from '@parley/shared';
import { apiRequest, arrayOf, objectWith } from '../../api/client';
import { BASE, user } from '../../api/common';

/** The profile feature's HTTP calls. */
export const profileApi = {
  signOutEverywhere: (): Promise<void> => apiRequest(`${BASE}/me/sign-out-everywhere`, { method: 'POST' }),
  updateProfile: (body: ProfileUpdateRequest): Promise<Me> => user(`${BASE}/me`, { method: 'PATCH', body }),
  uploadAvatar: (file: File): Promise<Me> => {
    const form = new FormData();
    form.append('avatar', file, file.name);
    return user(`${BASE}/me/avatar`, { method: 'PUT', body: form });
  },
  removeAvatar: (): Promise<Me> => user(`${BASE}/me/avatar`, { method: 'DELETE' }),
  changePassword: (body: PasswordChangeRequest): Promise<void> =>
    apiRequest(`${BASE}/me/password`, { method: 'POST', body }),
  listTokens: async (signal?: AbortSignal): Promise<ApiToken[]> =>
    (await apiRequest(`${BASE}/me/tokens`, { schema: objectWith('tokens', arrayOf(ApiTokenSchema)), signal }))
      .tokens,
  createToken: (body: ApiTokenCreateRequest): Promise<ApiTokenCreated> =>
    apiRequest(`${BASE}/me/tokens`, { method: 'POST', body, schema: ApiTokenCreatedSchema }),
  revokeToken: (id: string): Promise<void> =>
    apiRequest(`${BASE}/me/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' }),
};
