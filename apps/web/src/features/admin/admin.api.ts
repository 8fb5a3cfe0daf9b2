import {
  AdminUserSchema,
  PasswordResetCreatedSchema,
  type AdminUser,
  type AdminUserUpdateRequest,
  type PasswordResetCreated,
  SettingsViewSchema,
  type AdminUserCreateRequest,
  type SettingsUpdateRequest,
  type SettingsView,
} from '@parley/shared';
import { apiRequest, arrayOf, objectWith } from '../../api/client';
import { AdminUserEnvelope, BASE } from '../../api/common';

/** The admin feature's HTTP calls. */
export const adminApi = {
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
};
