import type { MfaProof, MfaState, WebAuthnOptions } from '@parley/shared';
import { apiRequest } from '../api/client';
import { BASE } from '../api/common';

/** The calls of the "confirm it is you" step: which factors there are, passkey options, the proof. */
export const stepUpApi = {
  state: (signal?: AbortSignal): Promise<MfaState> =>
    apiRequest(`${BASE}/me/mfa`, { schema: (s) => s.MfaStateSchema, signal }),
  options: (): Promise<WebAuthnOptions> =>
    apiRequest(`${BASE}/me/mfa/verify/options`, { method: 'POST', schema: (s) => s.WebAuthnOptionsSchema }),
  verify: (proof: MfaProof): Promise<void> =>
    apiRequest(`${BASE}/me/mfa/verify`, { method: 'POST', body: proof }),
};
