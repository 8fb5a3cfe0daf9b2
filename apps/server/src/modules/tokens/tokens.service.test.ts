import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from '../../db/database.js';
import type { AuthInvalidation } from '../../lib/principal-cache.js';
import { fixedClock, recordingRealtime } from '../../test/fakes.js';
import { UsersRepository } from '../users/index.js';
import { TokensEvents } from './tokens.events.js';
import { TokensRepository } from './tokens.repository.js';
import { TokensService } from './tokens.service.js';

describe('TokensService', () => {
  let db: Db;
  const clock = fixedClock();
  let realtime: ReturnType<typeof recordingRealtime>;
  let invalidated: AuthInvalidation[];
  let tokens: TokensService;

  beforeEach(async () => {
    db = openDatabase('sqlite::memory:');
    await migrateToLatest(db);
    await new UsersRepository(db.kysely, 'sqlite').insert({
      id: 'u1',
      username: 'ada',
      display_name: 'Ada',
      email: null,
      password_hash: 'x',
      role: 'user',
      avatar_file: null,
      created_at: clock.now().toISOString(),
      updated_at: clock.now().toISOString(),
    });
    realtime = recordingRealtime();
    invalidated = [];
    tokens = new TokensService({
      repo: new TokensRepository(db.kysely),
      events: new TokensEvents({
        realtime,
        invalidateAuth: (what) => {
          invalidated.push(what);
          return Promise.resolve();
        },
      }),
      clock,
    });
  });
  afterEach(async () => db.close());

  it('stops authenticating a token at its expiry, by the clock', async () => {
    const { secret } = await tokens.create(
      'u1',
      { name: 'ci', expiresInDays: 1, scopes: ['read'] },
      { isAdmin: false },
    );
    expect(await tokens.authenticate(secret)).toMatchObject({ userId: 'u1', scopes: ['read'] });
    clock.advance(86_400_000);
    expect(await tokens.authenticate(secret)).toBeNull();
  });

  it('revoking ends the token’s sockets and forgets it in every cache', async () => {
    const { token } = await tokens.create(
      'u1',
      { name: 'bot', scopes: ['read', 'write'] },
      { isAdmin: false },
    );
    await tokens.revoke('u1', token.id);
    expect(realtime.calls).toEqual([{ kind: 'endTokens', ids: [token.id] }]);
    expect(invalidated).toEqual([{ tokens: [token.id] }]);
    await expect(tokens.revoke('u1', token.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('records use at most once a minute, also for cached requests', async () => {
    const { token, secret } = await tokens.create(
      'u1',
      { name: 'bot', scopes: ['read'] },
      { isAdmin: false },
    );
    await tokens.authenticate(secret);
    const lastUsed = async () => (await tokens.list('u1')).find((t) => t.id === token.id)?.lastUsedAt;
    const first = await lastUsed();
    clock.advance(20_000);
    await tokens.noteUse(token.id);
    expect(await lastUsed()).toBe(first);
    clock.advance(60_000);
    await tokens.noteUse(token.id);
    expect(await lastUsed()).not.toBe(first);
  });
});
