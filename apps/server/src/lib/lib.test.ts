import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle.js';
import { hashPassword, verifyPassword } from './password.js';
import { createSecretBox } from './secret-box.js';
import { sniffImage } from '../modules/users/avatar-store.js';

describe('passwords', () => {
  it('verifies the right password only and salts every hash', async () => {
    const a = await hashPassword('correct horse battery', 10);
    const b = await hashPassword('correct horse battery', 10);
    expect(a).toMatch(/^scrypt\$10\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('anything', 'not-a-hash')).toBe(false);
  });

  it('treats canonically equal Unicode passwords as equal', async () => {
    const hash = await hashPassword('caf\u00e9 au lait!', 10);
    expect(await verifyPassword('cafe\u0301 au lait!', hash)).toBe(true);
  });
});

describe('secret box', () => {
  it('round-trips, randomises and refuses tampered or foreign ciphertexts', () => {
    const box = createSecretBox('a-secret-key-of-at-least-32-characters');
    const sealed = box.seal('jaas private key');
    expect(sealed).not.toContain('jaas');
    expect(box.seal('jaas private key')).not.toBe(sealed);
    expect(box.open(sealed)).toBe('jaas private key');
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    expect(box.open(tampered)).toBeNull();
    expect(createSecretBox('another-key-of-at-least-32-characters!').open(sealed)).toBeNull();
    for (const junk of ['', 'v2:', 'v2:abc:', 'v1:a.b', 'plain text', `v2:${box.keyId}:...`]) {
      expect(box.open(junk), junk).toBeNull();
    }
  });

  it('names the key that sealed a value and opens values of the previous key after a rotation', () => {
    const oldBox = createSecretBox('the-old-key-of-at-least-32-characters');
    const sealed = oldBox.seal('app secret');
    expect(sealed.startsWith(`v2:${oldBox.keyId}:`)).toBe(true);

    const rotated = createSecretBox(
      'the-new-key-of-at-least-32-characters',
      'the-old-key-of-at-least-32-characters',
    );
    expect(rotated.keyId).not.toBe(oldBox.keyId);
    expect(rotated.open(sealed)).toBe('app secret');
    expect(rotated.isStale(sealed)).toBe(true);
    const resealed = rotated.seal('app secret');
    expect(rotated.isStale(resealed)).toBe(false);
    expect(createSecretBox('the-new-key-of-at-least-32-characters').open(resealed)).toBe('app secret');
  });

  it('still opens values sealed before key ids existed (v1)', () => {
    const key = 'a-secret-key-of-at-least-32-characters';
    // The v1 format: iv.tag.body under sha256(key), no key id.
    const bytes = createHash('sha256').update(key).digest();
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', bytes, iv);
    const body = Buffer.concat([cipher.update('legacy', 'utf8'), cipher.final()]);
    const v1 = 'v1:' + [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
    const box = createSecretBox(key);
    expect(box.open(v1)).toBe('legacy');
    expect(box.isStale(v1)).toBe(true);
  });
});

describe('LoginThrottle', () => {
  const fail = (throttle: LoginThrottle, ip: string, username: string) => {
    const begun = throttle.begin(ip, username);
    if (!('attempt' in begun)) throw new Error(`throttled after ${begun.retryAfterSeconds} s`);
    begun.attempt.failed();
  };
  const waitOf = (throttle: LoginThrottle, ip: string, username: string) => {
    const begun = throttle.begin(ip, username);
    if ('attempt' in begun) {
      begun.attempt.abandoned();
      return 0;
    }
    return begun.retryAfterSeconds;
  };

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
    const burst = Array.from({ length: 20 }, () => throttle.begin('1.2.3.4', 'ada'));
    const admitted = burst.filter((b) => 'attempt' in b);
    expect(admitted).toHaveLength(5);
    expect(burst.filter((b) => 'retryAfterSeconds' in b && b.retryAfterSeconds > 0)).toHaveLength(15);
    for (const b of admitted) if ('attempt' in b) b.attempt.failed();
    expect(waitOf(throttle, '1.2.3.4', 'ada')).toBe(15 * 60);
  });

  it('frees the place of an abandoned attempt without counting it', () => {
    const throttle = new LoginThrottle({ now: () => new Date(0) });
    for (let i = 0; i < 10; i++) {
      const begun = throttle.begin('1.2.3.4', 'ada');
      expect('attempt' in begun).toBe(true);
      if ('attempt' in begun) begun.attempt.abandoned();
    }
  });

  it('limits one address guessing across many accounts', () => {
    const throttle = new LoginThrottle({ now: () => new Date(0) });
    for (let i = 0; i < 50; i++) fail(throttle, '9.9.9.9', `user${i}`);
    expect(waitOf(throttle, '9.9.9.9', 'fresh-account')).toBeGreaterThan(0);
  });

  it('limits one account guessed from many addresses, at a higher bar', () => {
    const throttle = new LoginThrottle({ now: () => new Date(0) });
    for (let i = 0; i < 29; i++) fail(throttle, `10.0.0.${i}`, 'ada');
    expect(waitOf(throttle, '10.0.1.1', 'ada')).toBe(0);
    fail(throttle, '10.0.1.2', 'ada');
    expect(waitOf(throttle, '10.0.1.3', 'ada')).toBe(15 * 60);
    expect(waitOf(throttle, '10.0.1.3', 'bob')).toBe(0);
  });

  it('a success clears the account+address counter', () => {
    const throttle = new LoginThrottle({ now: () => new Date(0) });
    for (let i = 0; i < 4; i++) fail(throttle, '1.1.1.1', 'bob');
    const begun = throttle.begin('1.1.1.1', 'bob');
    if ('attempt' in begun) begun.attempt.succeeded();
    fail(throttle, '1.1.1.1', 'bob');
    expect(waitOf(throttle, '1.1.1.1', 'bob')).toBe(0);
  });
});

describe('sniffImage', () => {
  it('recognises images by their bytes, not their names', () => {
    expect(sniffImage(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('png');
    expect(sniffImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpg');
    expect(sniffImage(Buffer.from('GIF89a....'))).toBe('gif');
    expect(sniffImage(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe('webp');
    expect(sniffImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffImage(Buffer.alloc(0))).toBeNull();
  });
});
