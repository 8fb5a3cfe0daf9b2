import {
  AdminUserSchema,
  PasswordResetCreatedSchema,
  PasswordResetInfoSchema,
  SessionStateSchema,
  type AdminUser,
  type AdminUserUpdateRequest,
  type PasswordResetCreated,
  type PasswordResetInfo,
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
import { ApiRequestError, apiRequest, arrayOf, objectWith, type RequestOptions } from './client';

const BASE = '/api/v1';

const UserEnvelope = objectWith('user', MeSchema);
export type { AdminUser };
const AdminUserEnvelope = objectWith('user', AdminUserSchema);

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
  me: async (signal?: AbortSignal): Promise<Me> => {
    // Asks without a 401 when signed out, so a signed-out visit logs no failed request.
    const { user } = await apiRequest(`${BASE}/auth/session`, { schema: SessionStateSchema, signal });
    if (!user) throw new ApiRequestError(401, 'authentication_required', 'Sign in to continue');
    return user;
  },

  signOutEverywhere: (): Promise<void> => apiRequest(`${BASE}/me/sign-out-everywhere`, { method: 'POST' }),

  inspectPasswordReset: (token: string, signal?: AbortSignal): Promise<PasswordResetInfo> =>
    apiRequest(`${BASE}/auth/password-reset/inspect`, {
      method: 'POST',
      body: { token },
      schema: PasswordResetInfoSchema,
      signal,
    }),

  completePasswordReset: (token: string, newPassword: string): Promise<SessionResponse> =>
    apiRequest(`${BASE}/auth/password-reset`, {
      method: 'POST',
      body: { token, newPassword },
      schema: SessionResponseSchema,
    }),

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
      (
        await apiRequest(`${BASE}/admin/users`, {
          schema: objectWith('users', arrayOf(AdminUserSchema)),
          signal,
        })
      ).users,

    createUser: async (body: AdminUserCreateRequest): Promise<AdminUser> =>
      (await apiRequest(`${BASE}/admin/users`, { method: 'POST', body, schema: AdminUserEnvelope })).user,

    updateUser: async (id: string, body: AdminUserUpdateRequest): Promise<AdminUser> =>
      (
        await apiRequest(`${BASE}/admin/users/${encodeURIComponent(id)}`, {
          method: 'PATCH',
          body,
          schema: AdminUserEnvelope,
        })
      ).user,

    resetPassword: (id: string): Promise<PasswordResetCreated> =>
      apiRequest(`${BASE}/admin/users/${encodeURIComponent(id)}/password-reset`, {
        method: 'POST',
        schema: PasswordResetCreatedSchema,
      }),
  },
};
