import type {
  AuthProviders,
  DeviceSession,
  LinkedIdentity,
  MfaFactorCreated,
  MfaState,
  PasskeyRegisterRequest,
  Redirect,
  TotpSetup,
  WebAuthnOptions,
} from '@parley/shared';
import { apiRequest } from '../../api/client';
import { BASE } from '../../api/common';

const id = (value: string) => encodeURIComponent(value);

/** The Security tab's HTTP calls: second factors, signed-in devices and linked accounts. */
export const securityApi = {
  mfa: (signal?: AbortSignal): Promise<MfaState> =>
    apiRequest(`${BASE}/me/mfa`, { schema: (s) => s.MfaStateSchema, signal }),
  startTotp: (): Promise<TotpSetup> =>
    apiRequest(`${BASE}/me/mfa/totp`, { method: 'POST', schema: (s) => s.TotpSetupSchema }),
  confirmTotp: async (code: string): Promise<string[]> =>
    (
      await apiRequest(`${BASE}/me/mfa/totp/confirm`, {
        method: 'POST',
        body: { code },
        schema: (s) => s.RecoveryCodesSchema,
      })
    ).recoveryCodes,
  passkeyOptions: (): Promise<WebAuthnOptions> =>
    apiRequest(`${BASE}/me/mfa/passkeys/options`, {
      method: 'POST',
      schema: (s) => s.WebAuthnOptionsSchema,
    }),
  addPasskey: (body: PasskeyRegisterRequest): Promise<MfaFactorCreated> =>
    apiRequest(`${BASE}/me/mfa/passkeys`, { method: 'POST', body, schema: (s) => s.MfaFactorCreatedSchema }),
  removeFactor: (factorId: string): Promise<void> =>
    apiRequest(`${BASE}/me/mfa/${id(factorId)}`, { method: 'DELETE' }),
  newRecoveryCodes: async (): Promise<string[]> =>
    (
      await apiRequest(`${BASE}/me/mfa/recovery-codes`, {
        method: 'POST',
        schema: (s) => s.RecoveryCodesSchema,
      })
    ).recoveryCodes,

  sessions: async (signal?: AbortSignal): Promise<DeviceSession[]> =>
    (await apiRequest(`${BASE}/me/sessions`, { schema: (s) => s.DeviceSessionListSchema, signal })).sessions,
  endSession: (sessionId: string): Promise<void> =>
    apiRequest(`${BASE}/me/sessions/${id(sessionId)}`, { method: 'DELETE' }),

  identities: async (signal?: AbortSignal): Promise<LinkedIdentity[]> =>
    (await apiRequest(`${BASE}/me/identities`, { schema: (s) => s.LinkedIdentityListSchema, signal }))
      .identities,
  providers: async (signal?: AbortSignal): Promise<AuthProviders['providers']> =>
    (await apiRequest(`${BASE}/auth/providers`, { schema: (s) => s.AuthProvidersSchema, signal })).providers,
  link: (providerId: string): Promise<Redirect> =>
    apiRequest(`${BASE}/me/identities/${id(providerId)}/link`, {
      method: 'POST',
      schema: (s) => s.RedirectSchema,
    }),
  unlink: (identityId: string): Promise<void> =>
    apiRequest(`${BASE}/me/identities/${id(identityId)}`, { method: 'DELETE' }),
};
