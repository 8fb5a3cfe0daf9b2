import {
  ApiTokenCreatedSchema,
  ApiTokenSchema,
  InstanceInfoSchema,
  MeSchema,
  PublicUserSchema,
  SessionResponseSchema,
  SettingsViewSchema,
  type AdminUserCreateRequest,
  type ApiToken,
  type ApiTokenCreateRequest,
  type ApiTokenCreated,
  type InstanceInfo,
  type LoginRequest,
  type Me,
  type PasswordChangeRequest,
  type ProfileUpdateRequest,
  type PublicUser,
  type RegisterRequest,
  type SessionResponse,
  type SettingsUpdateRequest,
  type SettingsView,
  type SetupRequest,
} from '@parley/shared';
import { apiRequest, arrayOf, objectWith, type RequestOptions } from './client';

const BASE = '/api/v1';

const UserEnvelope = objectWith('user', MeSchema);
/** Admins see email and join date; the shape matches `Me`. */
export type AdminUser = Me;

async function user(path: string, init: Omit<RequestOptions<unknown>, 'schema'>): Promise<Me> {
  const { user } = await apiRequest(path, { ...init, schema: UserEnvelope });
  return user;
}

export const api = {
  instance: (signal?: AbortSignal): Promise<InstanceInfo> =>
    apiRequest(`${BASE}/instance`, { schema: InstanceInfoSchema, signal }),

  setup: (body: SetupRequest): Promise<SessionResponse> =>
    apiRequest(`${BASE}/setup`, { method: 'POST', body, schema: SessionResponseSchema }),

  login: (body: LoginRequest): Promise<SessionResponse> =>
    apiRequest(`${BASE}/auth/login`, { method: 'POST', body, schema: SessionResponseSchema }),

  register: (body: RegisterRequest): Promise<SessionResponse> =>
    apiRequest(`${BASE}/auth/register`, { method: 'POST', body, schema: SessionResponseSchema }),

  logout: (): Promise<void> => apiRequest(`${BASE}/auth/logout`, { method: 'POST' }),

  /** The signed-in person, or an `authentication_required` error when signed out. */
  me: (signal?: AbortSignal): Promise<Me> => user(`${BASE}/me`, { signal, quietUnauthorized: true }),

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

  searchUsers: async (q: string, limit: number, signal?: AbortSignal): Promise<PublicUser[]> => {
    const params = new URLSearchParams({ q, limit: String(limit) });
    const { users } = await apiRequest(`${BASE}/users?${params.toString()}`, {
      schema: objectWith('users', arrayOf(PublicUserSchema)),
      signal,
    });
    return users;
  },

  admin: {
    settings: async (signal?: AbortSignal): Promise<SettingsView> =>
      (
        await apiRequest(`${BASE}/admin/settings`, {
          schema: objectWith('settings', SettingsViewSchema),
          signal,
        })
      ).settings,

    updateSettings: async (body: SettingsUpdateRequest): Promise<SettingsView> =>
      (
        await apiRequest(`${BASE}/admin/settings`, {
          method: 'PATCH',
          body,
          schema: objectWith('settings', SettingsViewSchema),
        })
      ).settings,

    users: async (signal?: AbortSignal): Promise<AdminUser[]> =>
      (await apiRequest(`${BASE}/admin/users`, { schema: objectWith('users', arrayOf(MeSchema)), signal }))
        .users,

    createUser: (body: AdminUserCreateRequest): Promise<AdminUser> =>
      user(`${BASE}/admin/users`, { method: 'POST', body }),
  },
};
