import {
  PasswordResetInfoSchema,
  type PasswordResetInfo,
  SessionResponseSchema,
  type LoginRequest,
  type RegisterRequest,
  type SessionResponse,
  type SetupRequest,
} from '@parley/shared';
import { apiRequest } from '../../api/client';
import { BASE } from '../../api/common';

/**
 * The auth feature's HTTP calls: signing in. The session's own (who is signed in, signing out) are in
 * auth/session.api.ts.
 */
export const authApi = {
  setup: (body: SetupRequest): Promise<SessionResponse> =>
    apiRequest(`${BASE}/setup`, { method: 'POST', body, schema: SessionResponseSchema }),
  login: (body: LoginRequest): Promise<SessionResponse> =>
    apiRequest(`${BASE}/auth/login`, { method: 'POST', body, schema: SessionResponseSchema }),
  register: (body: RegisterRequest): Promise<SessionResponse> =>
    apiRequest(`${BASE}/auth/register`, { method: 'POST', body, schema: SessionResponseSchema }),
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
};
