import { describe, expect, it } from 'vitest';
import { PrincipalCache } from './principal-cache.js';

describe('PrincipalCache', () => {
  const meta = (userId: string, sessionId: string | null, tokenId: string | null, expiresAt = Infinity) => ({
    userId,
    sessionId,
    tokenId,
    expiresAt,
  });

  it('forgets entries after its TTL and at the credential’s own expiry', () => {
    let now = 0;
    const cache = new PrincipalCache<string>({ now: () => new Date(now) }, 1000);
    cache.set('s:1', 'ada', meta('u1', 's1', null));
    cache.set('s:2', 'bob', meta('u2', 's2', null, 500));
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
    cache.set('s:1', 'ada-browser', meta('u1', 's1', null));
    cache.set('t:1', 'ada-bot', meta('u1', null, 't1'));
    cache.set('s:2', 'bob', meta('u2', 's2', null));
    cache.invalidate({ tokens: ['t1'] });
    expect(cache.get('t:1')).toBeUndefined();
    expect(cache.get('s:1')).toBe('ada-browser');
    cache.invalidate({ sessions: ['s2'] });
    expect(cache.get('s:2')).toBeUndefined();
    cache.set('t:1', 'ada-bot', meta('u1', null, 't1'));
    cache.invalidate({ users: ['u1'] });
    expect(cache.size).toBe(0);
  });

  it('stays within its size bound, dropping the oldest first', () => {
    const cache = new PrincipalCache<number>({ now: () => new Date(0) }, 10_000, 3);
    for (let i = 0; i < 5; i++) cache.set(`k${i}`, i, meta(`u${i}`, `s${i}`, null));
    expect(cache.size).toBe(3);
    expect(cache.get('k0')).toBeUndefined();
    expect(cache.get('k4')).toBe(4);
  });
});
