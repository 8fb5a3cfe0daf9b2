import { describe, expect, it } from 'vitest';
import { PrincipalCache } from './principal-cache.js';

describe('PrincipalCache', () => {
  const meta = (userId: string, sessionId: string | null, tokenId: string | null, expiresAt = Infinity) => ({
    userId,
    sessionId,
    tokenId,
    expiresAt,
  });
  /** A lookup with nothing happening in between. */
  const fill = <T>(cache: PrincipalCache<T>, key: string, value: T, m: ReturnType<typeof meta>) =>
    cache.set(key, value, m, cache.startLookup());

  it('forgets entries after its TTL and at the credential’s own expiry', () => {
    let now = 0;
    const cache = new PrincipalCache<string>({ now: () => new Date(now) }, 1000);
    fill(cache, 's:1', 'ada', meta('u1', 's1', null));
    fill(cache, 's:2', 'bob', meta('u2', 's2', null, 500));
    now = 499;
    expect(cache.get('s:1')).toBe('ada');
    expect(cache.get('s:2')).toBe('bob');
    now = 500;
    expect(cache.get('s:2')).toBeUndefined();
    now = 1000;
    expect(cache.get('s:1')).toBeUndefined();
  });

  it('forgets by session, token or user', () => {
    const cache = new PrincipalCache<string>({ now: () => new Date(0) });
    fill(cache, 's:1', 'ada-browser', meta('u1', 's1', null));
    fill(cache, 't:1', 'ada-bot', meta('u1', null, 't1'));
    fill(cache, 's:2', 'bob', meta('u2', 's2', null));
    cache.invalidate({ tokens: ['t1'] });
    expect(cache.get('t:1')).toBeUndefined();
    expect(cache.get('s:1')).toBe('ada-browser');
    cache.invalidate({ sessions: ['s2'] });
    expect(cache.get('s:2')).toBeUndefined();
    fill(cache, 't:1', 'ada-bot', meta('u1', null, 't1'));
    cache.invalidate({ users: ['u1'] });
    expect(cache.size).toBe(0);
  });

  it('drops a fill whose database read began before an invalidation (it may be stale)', () => {
    const cache = new PrincipalCache<string>({ now: () => new Date(0) });
    const lookup = cache.startLookup();
    // While that lookup reads the session, the session is logged out (here or on another node).
    cache.invalidate({ sessions: ['s1'] });
    cache.set('s:1', 'ada', meta('u1', 's1', null), lookup);
    expect(cache.get('s:1')).toBeUndefined();
    // A lookup that starts afterwards reads the current state and may fill.
    fill(cache, 's:1', 'ada', meta('u1', 's1', null));
    expect(cache.get('s:1')).toBe('ada');
  });

  it('stays within its size bound, dropping the oldest first', () => {
    const cache = new PrincipalCache<number>({ now: () => new Date(0) }, 10_000, 3);
    for (let i = 0; i < 5; i++) fill(cache, `k${i}`, i, meta(`u${i}`, `s${i}`, null));
    expect(cache.size).toBe(3);
    expect(cache.get('k0')).toBeUndefined();
    expect(cache.get('k4')).toBe(4);
  });

  it('refilling a key keeps the other entries', () => {
    const cache = new PrincipalCache<number>({ now: () => new Date(0) }, 10_000, 2);
    fill(cache, 'a', 1, meta('u1', 's1', null));
    fill(cache, 'b', 2, meta('u2', 's2', null));
    fill(cache, 'b', 3, meta('u2', 's2', null));
    expect(cache.get('a')).toBe(1);
    expect(cache.get('b')).toBe(3);
  });
});
