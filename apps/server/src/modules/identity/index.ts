// The identity module's public entry (single sign-on): what the app's wiring may use.
export { ProviderAccounts } from './accounts.js';
export { BackchannelLogoutService } from './backchannel-logout.service.js';
export { IdentitiesRepository } from './identities.repository.js';
export { identityAdminRoutes } from './identity-admin.routes.js';
export { IdentityProvidersRepository } from './identity-providers.repository.js';
export { IdentityProvidersService } from './identity-providers.service.js';
export { identityRoutes } from './identity.routes.js';
export { IdentitySweeper } from './identity.sweeper.js';
export { LinkedIdentitiesService } from './linked-identities.service.js';
export { OidcClients } from './oidc-client.js';
export { OidcSignInService } from './oidc-sign-in.service.js';
