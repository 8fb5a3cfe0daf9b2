import {
  AccessLogResponseSchema,
  AdminUserSchema,
  CallListResponseSchema,
  FeedbackListResponseSchema,
  type FeedbackListResponse,
  JitsiCheckResponseSchema,
  JitsiReachabilityResponseSchema,
  SettingsResponseSchema,
  type CallListResponse,
  type CallStatus,
  type JitsiCheckResponse,
  type JitsiReachabilityResponse,
  type SettingsResponse,
  PasswordResetCreatedSchema,
  type AdminUser,
  type AdminUserUpdateRequest,
  type PasswordResetCreated,
  SettingsViewSchema,
  type AdminUserCreateRequest,
  type SettingsUpdateRequest,
  type SettingsView,
} from '@parley/shared';
import type { z } from 'zod';
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

  /** The settings with what still stops Jitsi calls from working (`problems.jitsi`). */
  settingsWithProblems: (signal?: AbortSignal): Promise<SettingsResponse> =>
    apiRequest(`${BASE}/admin/settings`, { schema: SettingsResponseSchema, signal }),

  /** A partial update (a secret: string sets, null clears); answers like `settingsWithProblems`. */
  patchSettings: (body: SettingsUpdateRequest): Promise<SettingsResponse> =>
    apiRequest(`${BASE}/admin/settings`, { method: 'PATCH', body, schema: SettingsResponseSchema }),

  jitsiCheck: (signal?: AbortSignal): Promise<JitsiCheckResponse> =>
    apiRequest(`${BASE}/admin/settings/jitsi/check`, { schema: JitsiCheckResponseSchema, signal }),

  jitsiReachability: (): Promise<JitsiReachabilityResponse> =>
    apiRequest(`${BASE}/admin/settings/jitsi/reachability`, {
      method: 'POST',
      schema: JitsiReachabilityResponseSchema,
    }),

  /** Who opened which consultation and when (no chat content). */
  accessLog: (filters: AccessLogFilters, signal?: AbortSignal): Promise<AccessLogResponse> => {
    const params = new URLSearchParams();
    for (const key of [
      'consultationId',
      'userId',
      'providerId',
      'clientId',
      'from',
      'to',
      'before',
    ] as const) {
      const value = filters[key];
      if (value) params.set(key, value);
    }
    if (filters.limit !== undefined) params.set('limit', String(filters.limit));
    const query = params.toString();
    return apiRequest(`${BASE}/admin/consultations/access-log${query ? `?${query}` : ''}`, {
      schema: AccessLogResponseSchema,
      signal,
    });
  },

  /** Feedback after consultations, per provider; clients only under their nickname. */
  feedback: (filters: FeedbackFilters, signal?: AbortSignal): Promise<FeedbackListResponse> => {
    const params = new URLSearchParams();
    for (const key of ['providerId', 'from', 'to', 'before'] as const) {
      const value = filters[key];
      if (value) params.set(key, value);
    }
    if (filters.limit !== undefined) params.set('limit', String(filters.limit));
    const query = params.toString();
    return apiRequest(`${BASE}/admin/consultations/feedback${query ? `?${query}` : ''}`, {
      schema: FeedbackListResponseSchema,
      signal,
    });
  },

  calls: (filters: CallLogFilters, signal?: AbortSignal): Promise<CallListResponse> =>
    apiRequest(callLogUrl(filters), { schema: CallListResponseSchema, signal }),

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

export type AccessLogResponse = z.infer<typeof AccessLogResponseSchema>;
export type AccessLogEntry = AccessLogResponse['entries'][number];

export interface AccessLogFilters {
  consultationId?: string;
  userId?: string;
  providerId?: string;
  clientId?: string;
  /** ISO instants: from (inclusive) and to (exclusive). */
  from?: string;
  to?: string;
  before?: string;
  limit?: number;
}

export interface FeedbackFilters {
  providerId?: string;
  from?: string;
  to?: string;
  before?: string;
  limit?: number;
}

/** The call log's filters; empty strings are left out of the query. */
export interface CallLogFilters {
  roomId?: string;
  userId?: string;
  status?: CallStatus | '';
  /** `YYYY-MM-DD`; the server counts `to` through the end of that day. */
  from?: string;
  to?: string;
  before?: string;
  limit?: number;
}

/** `GET /admin/calls` with these filters; `csv` asks for the download instead of a page. */
export function callLogUrl(filters: CallLogFilters, format: 'json' | 'csv' = 'json'): string {
  const params = new URLSearchParams();
  for (const key of ['roomId', 'userId', 'status', 'from', 'to', 'before'] as const) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  if (format === 'csv') params.set('format', 'csv');
  else if (filters.limit !== undefined) params.set('limit', String(filters.limit));
  const query = params.toString();
  return `${BASE}/admin/calls${query ? `?${query}` : ''}`;
}
