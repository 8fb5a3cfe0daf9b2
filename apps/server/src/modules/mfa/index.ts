// The mfa module's public entry: what the auth module and the app's wiring may use.
export { passwordAllowed } from './mfa.policy.js';
export { MfaProofs, PENDING_SIGN_IN_TTL_MS } from './mfa.proofs.js';
export { MfaRepository } from './mfa.repository.js';
export { mfaRoutes } from './mfa.routes.js';
export { MfaService } from './mfa.service.js';
export { PendingSignInsRepository, type PendingSignInRow } from './pending-sign-ins.repository.js';
export { SecurityEventsRepository } from './security-events.repository.js';
export { relyingPartyFor, WebAuthn } from './webauthn.js';
