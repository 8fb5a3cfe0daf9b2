import {
  PasswordResetInfoSchema,
  SessionStateSchema,
  type PasswordResetInfo,
  InstanceInfoSchema,
  SessionResponseSchema,
  type InstanceInfo,
  type LoginRequest,
  type Me,
  type RegisterRequest,
  type SessionResponse,
  type SetupRequest,
} from '@parley/shared';
import { ApiRequestError, apiRequest } from '../../api/client';
import { BASE } from '../../api/common';

/** The auth feature's HTTP calls. */
export const authApi = {
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
