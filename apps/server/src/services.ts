import type { Config } from './config.js';
import type { Db } from './db/database.js';
import type { Clock } from './lib/clock.js';
import { DeviceCookies } from './lib/device-cookie.js';
import { LoginThrottle } from './lib/login-throttle.js';
import { createSecretBox } from './lib/secret-box.js';
import { AuthService } from './modules/auth/auth.service.js';
import { SessionsRepository } from './modules/auth/sessions.repository.js';
import { SettingsRepository } from './modules/settings/settings.repository.js';
import { SettingsService } from './modules/settings/settings.service.js';
import { TokensRepository } from './modules/tokens/tokens.repository.js';
import { TokensService } from './modules/tokens/tokens.service.js';
import { AvatarStore } from './modules/users/avatar-store.js';
import { UsersRepository } from './modules/users/users.repository.js';
import { UsersService } from './modules/users/users.service.js';
import type { RealtimePort } from './realtime/realtime.port.js';

export interface Services {
  auth: AuthService;
  users: UsersService;
  tokens: TokensService;
  settings: SettingsService;
}

/** Wires repositories and services; the only place that knows the whole graph. */
export function createServices(config: Config, db: Db, clock: Clock, realtime: RealtimePort): Services {
  const usersRepo = new UsersRepository(db.kysely);
  const settings = new SettingsService(
    new SettingsRepository(db.kysely),
    createSecretBox(config.secretKey, config.previousSecretKey ?? undefined),
    clock,
  );
  const tokens = new TokensService(new TokensRepository(db.kysely), clock, realtime);
  const auth = new AuthService(
    usersRepo,
    new SessionsRepository(db.kysely),
    tokens,
    settings,
    new LoginThrottle(clock),
    new DeviceCookies(config.secretKey),
    realtime,
    clock,
    { sessionTtlMs: config.auth.sessionTtlMs, passwordHashCost: config.auth.passwordHashCost },
  );
  const users = new UsersService(usersRepo, new AvatarStore(config.storage.avatarsDir), realtime, clock);
  return { auth, users, tokens, settings };
}
