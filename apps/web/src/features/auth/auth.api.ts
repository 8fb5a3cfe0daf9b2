import {
  PasswordResetInfoSchema,
  type PasswordResetInfo,
  SessionResponseSchema,
  type AuthProviders,
  type LoginRequest,
  type LoginResponse,
  type MfaProof,
  type PasskeySignInRequest,
  type PasswordForgotRequest,
  type WebAuthnOptions,
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
  /** A session, or `{ mfaRequired, methods }` when a second factor must finish the sign-in (`mfa`). */
  login: (body: LoginRequest): Promise<LoginResponse> =>
    apiRequest(`${BASE}/auth/login`, { method: 'POST', body, schema: (s) => s.LoginResponseSchema }),
  /** The identity providers to offer as "Sign in with …" (public). */
  providers: (signal?: AbortSignal): Promise<AuthProviders> =>
    apiRequest(`${BASE}/auth/providers`, { schema: (s) => s.AuthProvidersSchema, signal }),
  /** Where the browser goes to sign in through provider `id`, coming back to `returnTo` (a path). */
  providerStartUrl: (id: string, returnTo: string): string =>
    `${BASE}/auth/oidc/${encodeURIComponent(id)}/start?${new URLSearchParams({ returnTo }).toString()}`,
  /** WebAuthn options for a passwordless sign-in with a discoverable passkey. */
  passkeyOptions: (): Promise<WebAuthnOptions> =>
    apiRequest(`${BASE}/auth/passkey/options`, { method: 'POST', schema: (s) => s.WebAuthnOptionsSchema }),
  /** A passkey counts as both factors, so this is a session; it answers as `login` does all the same. */
  passkeySignIn: (body: PasskeySignInRequest): Promise<LoginResponse> =>
    apiRequest(`${BASE}/auth/passkey`, { method: 'POST', body, schema: (s) => s.LoginResponseSchema }),
  /** WebAuthn options for the passkeys of the sign-in waiting for its second factor. */
  mfaOptions: (): Promise<WebAuthnOptions> =>
    apiRequest(`${BASE}/auth/mfa/options`, { method: 'POST', schema: (s) => s.WebAuthnOptionsSchema }),
  /** Finishes a sign-in that answered `{ mfaRequired }` (its pending state is in an httpOnly cookie). */
  mfa: (body: MfaProof): Promise<SessionResponse> =>
    apiRequest(`${BASE}/auth/mfa`, { method: 'POST', body, schema: SessionResponseSchema }),
  /** Asks for a reset link by e-mail; answers the same whether or not an account matches. */
  passwordForgot: (body: PasswordForgotRequest): Promise<void> =>
    apiRequest(`${BASE}/auth/password-forgot`, { method: 'POST', body }),
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
