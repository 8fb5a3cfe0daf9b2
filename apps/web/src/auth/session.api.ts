import type { InstanceInfo, Me, Redirect, SessionState } from '@parley/shared';
import { ApiRequestError, apiRequest } from '../api/client';
import { BASE } from '../api/common';

/**
 * The session's HTTP calls: what the instance is, who is signed in, signing out. Signing in (setup,
 * login, register, password reset) is the auth feature's (features/auth/auth.api.ts); the session sits
 * below every feature, so it keeps its own calls.
 */
export const sessionApi = {
  instance: (signal?: AbortSignal): Promise<InstanceInfo> =>
    apiRequest(`${BASE}/instance`, { schema: (s) => s.InstanceInfoSchema, signal }),
  /**
   * Ends this session. Signed in through an identity provider that offers it, the answer says where
   * to end the provider's session too (RP-initiated logout); otherwise there is nothing (204).
   */
  logout: (): Promise<Redirect | undefined> =>
    apiRequest(`${BASE}/auth/logout`, { method: 'POST', schema: (s) => s.RedirectSchema }),

  /** Who is signed in (null when nobody) and whether a second factor is due; never a 401. */
  state: (signal?: AbortSignal): Promise<SessionState> =>
    apiRequest(`${BASE}/auth/session`, { schema: (s) => s.SessionStateSchema, signal }),

  /** The signed-in person, or an `authentication_required` error when signed out. */
  me: async (signal?: AbortSignal): Promise<Me> => {
    // Asks without a 401 when signed out, so a signed-out visit logs no failed request.
    const { user } = await sessionApi.state(signal);
    if (!user) throw new ApiRequestError(401, 'authentication_required', 'Sign in to continue');
    return user;
  },
};
