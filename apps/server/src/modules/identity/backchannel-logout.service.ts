import { Errors } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import type { AuthEvents } from '../auth/index.js';
import type { IdentitiesRepository } from './identities.repository.js';
import type { IdentityProvidersService } from './identity-providers.service.js';
import type { OidcClients } from './oidc-client.js';

const LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';
/** A logout token issued longer ago than this is refused (and its `jti` need not be kept longer). */
export const LOGOUT_TOKEN_MAX_AGE_SECONDS = 5 * 60;

export interface BackchannelLogoutDependencies {
  providers: IdentityProvidersService;
  clients: OidcClients;
  identities: IdentitiesRepository;
  events: AuthEvents;
  clock: Clock;
  log: { warn(obj: object, msg: string): void };
}

/**
 * OpenID Connect Back-Channel Logout 1.0: the provider posts a signed logout token and the sessions
 * it names end at once, sockets included.
 */
export class BackchannelLogoutService {
  constructor(private readonly deps: BackchannelLogoutDependencies) {}

  /** Returns how many sessions ended; throws `invalid_logout_token` for anything not a valid, new token. */
  async logout(providerId: string, token: unknown): Promise<number> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 16_384) {
      throw Errors.invalidLogoutToken('logoutTokenMissing');
    }
    const found = await this.deps.providers.find(providerId);
    if (!found?.connection) throw Errors.invalidLogoutToken('logoutNoSuchProvider');
    let claims;
    try {
      claims = await this.deps.clients.verifyLogoutToken(
        found.connection,
        token,
        LOGOUT_TOKEN_MAX_AGE_SECONDS,
      );
    } catch (err) {
      this.deps.log.warn(
        { providerId, err: (err as Error).message },
        'a back-channel logout token was refused',
      );
      throw Errors.invalidLogoutToken('logoutTokenInvalid');
    }
    const events = claims.events;
    if (typeof events !== 'object' || events === null || !(LOGOUT_EVENT in events)) {
      throw Errors.invalidLogoutToken('logoutTokenNoEvent');
    }
    if ('nonce' in claims) throw Errors.invalidLogoutToken('logoutTokenNonce');
    const sid = typeof claims.sid === 'string' && claims.sid !== '' ? claims.sid : null;
    const sub = typeof claims.sub === 'string' && claims.sub !== '' ? claims.sub : null;
    if (sid === null && sub === null) throw Errors.invalidLogoutToken('logoutTokenNoSession');
    if (typeof claims.jti !== 'string' || claims.jti === '' || claims.jti.length > 256) {
      throw Errors.invalidLogoutToken('logoutTokenNoJti');
    }
    const now = this.deps.clock.now().getTime();
    const keepUntil = new Date(now + 2 * LOGOUT_TOKEN_MAX_AGE_SECONDS * 1000).toISOString();
    if (!(await this.deps.identities.rememberLogoutToken(`${providerId}:${claims.jti}`, keepUntil))) {
      throw Errors.invalidLogoutToken('logoutTokenReused');
    }
    let ended: string[];
    if (sid !== null) {
      ended = await this.deps.identities.deleteProviderSessions(providerId, { sid });
    } else {
      const identity = await this.deps.identities.findBySubject(providerId, sub!);
      ended = identity
        ? await this.deps.identities.deleteProviderSessions(providerId, { userId: identity.user_id })
        : [];
    }
    await this.deps.events.sessionsEnded(ended);
    return ended.length;
  }
}
