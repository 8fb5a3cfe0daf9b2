import { describe, expect, it } from 'vitest';
import { hashRecoveryCode, looksLikeRecoveryCode, newRecoveryCodes } from './recovery-codes.js';
import { base32Decode, base32Encode, hotp, matchTotp, otpauthUri, totpStep } from './totp.js';

/** RFC 6238 appendix B, SHA-1 rows: the seed is the ASCII "12345678901234567890", 8 digits. */
const RFC_6238_SHA1: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP (RFC 6238)', () => {
  const seed = Buffer.from('12345678901234567890', 'ascii');

  it.each(RFC_6238_SHA1)('gives the RFC test vector at T = %i s', (seconds, code) => {
    expect(hotp(seed, totpStep(seconds * 1000), 8)).toBe(code);
  });

  it('round-trips base32 (RFC 4648 test strings)', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Decode('MZXW6YTBOI').toString()).toBe('foobar');
    expect(base32Decode('mzxw 6ytb-oi======').toString()).toBe('foobar');
    expect(() => base32Decode('MZ1')).toThrow();
  });

  const secret = base32Encode(seed);
  const at = 1111111111 * 1000;
  const codeAt = (ms: number) => hotp(seed, totpStep(ms));

  it('accepts the current step and one either side, not two', () => {
    expect(matchTotp(secret, codeAt(at), at, null)).toBe(totpStep(at));
    expect(matchTotp(secret, codeAt(at - 30_000), at, null)).toBe(totpStep(at) - 1);
    expect(matchTotp(secret, codeAt(at + 30_000), at, null)).toBe(totpStep(at) + 1);
    expect(matchTotp(secret, codeAt(at - 60_000), at, null)).toBeNull();
    expect(matchTotp(secret, codeAt(at + 60_000), at, null)).toBeNull();
  });

  it('refuses a step already used and anything before it (replay)', () => {
    const step = totpStep(at);
    expect(matchTotp(secret, codeAt(at), at, step)).toBeNull();
    expect(matchTotp(secret, codeAt(at - 30_000), at, step)).toBeNull();
    expect(matchTotp(secret, codeAt(at + 30_000), at, step)).toBe(step + 1);
  });

  it('refuses what is not six digits', () => {
    expect(matchTotp(secret, '12345', at, null)).toBeNull();
    expect(matchTotp(secret, 'abcdef', at, null)).toBeNull();
    expect(matchTotp(secret, `${codeAt(at)}0`, at, null)).toBeNull();
  });

  it('makes an otpauth URI apps read', () => {
    const text = otpauthUri('JBSWY3DPEHPK3PXP', 'Acme Chat', 'ada');
    expect(text.startsWith('otpauth://totp/Acme%20Chat:ada?')).toBe(true);
    const uri = new URL(text);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe('JBSWY3DPEHPK3PXP');
    expect(uri.searchParams.get('issuer')).toBe('Acme Chat');
    expect(uri.searchParams.get('algorithm')).toBe('SHA1');
    expect(uri.searchParams.get('digits')).toBe('6');
    expect(uri.searchParams.get('period')).toBe('30');
  });
});

describe('recovery codes', () => {
  it('makes ten distinct xxxxx-xxxxx codes that hash the same however they are typed', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) {
      expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
      expect(looksLikeRecoveryCode(code)).toBe(true);
      expect(hashRecoveryCode(code.toUpperCase().replace('-', ' '))).toBe(hashRecoveryCode(code));
    }
    expect(looksLikeRecoveryCode('123456')).toBe(false);
  });
});
