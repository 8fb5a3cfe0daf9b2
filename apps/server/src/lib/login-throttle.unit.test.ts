import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle.js';
import { DeviceCookies } from './device-cookie.js';

type Throttle = LoginThrottle;
const source = (ip: string, username: string, deviceId: string | null = null) => ({ ip, username, deviceId });

const fail = (throttle: Throttle, ip: string, username: string, deviceId: string | null = null) => {
  const begun = throttle.begin(source(ip, username, deviceId));
  if (!('attempt' in begun)) throw new Error(`throttled for ${begun.retryAfterSeconds} s`);
  begun.attempt.failed();
};
const waitOf = (throttle: Throttle, ip: string, username: string, deviceId: string | null = null) => {
  const begun = throttle.begin(source(ip, username, deviceId));
  if ('attempt' in begun) {
    begun.attempt.abandoned();
    return 0;
  }
  return begun.retryAfterSeconds;
};

describe('LoginThrottle', () => {
  it('blocks an account+address after 5 failures for the rest of the window, then forgives', () => {
    let now = 1_000_000;
    const throttle = new LoginThrottle({ now: () => new Date(now) });
    for (let i = 0; i < 4; i++) fail(throttle, '1.2.3.4', 'ada');
    expect(waitOf(throttle, '1.2.3.4', 'ada')).toBe(0);
    fail(throttle, '1.2.3.4', 'ada');
    expect(waitOf(throttle, '1.2.3.4', 'ada')).toBe(15 * 60);
    expect(waitOf(throttle, '5.6.7.8', 'ada')).toBe(0);
    now += 10 * 60_000;
    expect(waitOf(throttle, '1.2.3.4', 'ada')).toBe(5 * 60);
    now += 5 * 60_000;
    expect(waitOf(throttle, '1.2.3.4', 'ada')).toBe(0);
  });

  it('counts attempts still in flight, so a parallel burst gets no more than the limit', () => {
    const throttle = new LoginThrottle({ now: () => new Date(0) });
    const burst = Array.from({ length: 20 }, () => throttle.begin(source('1.2.3.4', 'ada')));
    const admitted = burst.filter((b) => 'attempt' in b);
    expect(admitted).toHaveLength(5);
    for (const b of admitted) if ('attempt' in b) b.attempt.failed();
    expect(waitOf(throttle, '1.2.3.4', 'ada')).toBe(15 * 60);
  });

  it('frees the place of an abandoned attempt without counting it', () => {
    const throttle = new LoginThrottle({ now: () => new Date(0) });
    for (let i = 0; i < 10; i++) {
      const begun = throttle.begin(source('1.2.3.4', 'ada'));
      expect('attempt' in begun).toBe(true);
      if ('attempt' in begun) begun.attempt.abandoned();
    }
  });

  it('blocks one address guessing across many accounts', () => {
    const throttle = new LoginThrottle({ now: () => new Date(0) });
    for (let i = 0; i < 50; i++) fail(throttle, '9.9.9.9', `user${i}`);
    expect(waitOf(throttle, '9.9.9.9', 'fresh-account')).toBeGreaterThan(0);
  });

  it('never hard-blocks an account guessed from many addresses: a delay that doubles and stops at 30 s', () => {
    let now = 0;
    const throttle = new LoginThrottle({ now: () => new Date(now) });
    // The issue's attack: 30 wrong guesses from 6 addresses, each address under its own limit.
    for (let i = 0; i < 30; i++) {
      const wait = waitOf(throttle, `10.0.0.${i % 6}`, 'ada');
      now += wait * 1000;
      fail(throttle, `10.0.0.${i % 6}`, 'ada');
    }
    const ownerWait = waitOf(throttle, '192.0.2.7', 'ada');
    expect(ownerWait).toBeGreaterThan(0);
    expect(ownerWait).toBeLessThanOrEqual(30);
    now += ownerWait * 1000;
    expect(waitOf(throttle, '192.0.2.7', 'ada')).toBe(0);
    // Other accounts are untouched.
    expect(waitOf(throttle, '192.0.2.7', 'bob')).toBe(0);
  });

  it('doubles the delay with each failure past the free ones', () => {
    let now = 0;
    const throttle = new LoginThrottle({ now: () => new Date(now) });
    for (let i = 0; i < 10; i++) fail(throttle, `10.1.0.${i}`, 'ada');
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      const wait = waitOf(throttle, `10.2.0.${i}`, 'ada');
      delays.push(wait);
      now += wait * 1000;
      fail(throttle, `10.2.0.${i}`, 'ada');
    }
    expect(delays).toEqual([1, 2, 4, 8, 16, 30, 30]);
  });

  it('lets a browser with a device cookie past address and account limits, counting it on its own', () => {
    const throttle = new LoginThrottle({ now: () => new Date(0) });
    // Everyone behind one proxy address: 50 failures block the address for strangers…
    for (let i = 0; i < 50; i++) fail(throttle, '203.0.113.1', `user${i}`);
    expect(waitOf(throttle, '203.0.113.1', 'ada')).toBeGreaterThan(0);
    // …but not for Ada's own browser.
    expect(waitOf(throttle, '203.0.113.1', 'ada', 'device-1')).toBe(0);
    // A stolen device cookie still gets only 5 guesses.
    for (let i = 0; i < 5; i++) fail(throttle, '198.51.100.1', 'ada', 'device-1');
    expect(waitOf(throttle, '198.51.100.1', 'ada', 'device-1')).toBe(15 * 60);
    expect(waitOf(throttle, '198.51.100.1', 'ada', 'device-2')).toBe(0);
  });

  it('a success clears the account+address counter', () => {
    const throttle = new LoginThrottle({ now: () => new Date(0) });
    for (let i = 0; i < 4; i++) fail(throttle, '1.1.1.1', 'bob');
    const begun = throttle.begin(source('1.1.1.1', 'bob'));
    if ('attempt' in begun) begun.attempt.succeeded();
    fail(throttle, '1.1.1.1', 'bob');
    expect(waitOf(throttle, '1.1.1.1', 'bob')).toBe(0);
  });
});

describe('DeviceCookies', () => {
  const now = new Date('2026-11-23T10:00:00Z');
  const devices = new DeviceCookies('a-secret-key-of-at-least-32-characters');

  it('accepts its own cookie for the account it names, until it expires', () => {
    const cookie = devices.issue('ada', now);
    const id = devices.verify(cookie, 'ada', now);
    expect(id).toMatch(/^[\w-]{16}$/);
    expect(devices.verify(cookie, 'bob', now)).toBeNull();
    expect(devices.verify(cookie, 'ada', new Date(now.getTime() + 366 * 86_400_000))).toBeNull();
  });

  it('refuses forged, altered or foreign cookies', () => {
    const cookie = devices.issue('ada', now);
    const [payload, signature] = cookie.split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify({ u: 'ada', d: 'x', e: 9e15 })).toString('base64url');
    for (const bad of [
      `${forged}.${signature}`,
      `${payload}.${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`,
      `${payload}`,
      `${payload}.${signature}.x`,
      '',
      new DeviceCookies('another-secret-key-of-32-characters!!').issue('ada', now),
    ]) {
      expect(devices.verify(bad, 'ada', now), bad).toBeNull();
    }
  });
});
