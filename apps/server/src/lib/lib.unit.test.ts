import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { idGenerator, newId } from './ids.js';
import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password.js';
import { createSecretBox } from './secret-box.js';

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
describe('newId', () => {
  // Times are given, so what is checked does not depend on today's date.
  const at = Date.parse('2026-11-23T10:00:00Z');
  const timeOf = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

  it('makes version-7 UUIDs that sort by creation, also within one millisecond', () => {
    const next = idGenerator();
    const ids = Array.from({ length: 2000 }, () => next(at));
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(timeOf(id)).toBe(at);
    }
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    // The first 48 bits are the time given.
    expect(timeOf(next(at + 10_000_000))).toBe(at + 10_000_000);
  });

  it('stamps ids with the time it is given, whatever the wall clock says', () => {
    // Far from any real date either way: a generator never substitutes its own idea of now.
    for (const ms of [Date.parse('2001-01-01T00:00:00Z'), Date.parse('2099-06-30T12:00:00Z')]) {
      expect(timeOf(idGenerator()(ms))).toBe(ms);
    }
    expect(timeOf(newId(at + 123))).toBeGreaterThanOrEqual(at + 123);
  });

  it('keeps increasing when the given time is earlier than the last (a clock set back, a past moment)', () => {
    const next = idGenerator();
    const ids = [next(at + 5_000), next(at), next(at - 86_400_000), next(at + 5_000)];
    expect([...ids].sort()).toEqual(ids);
    expect(ids.map(timeOf)).toEqual([at + 5_000, at + 5_000, at + 5_000, at + 5_000]);
  });
});
