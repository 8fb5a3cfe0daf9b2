import { createHmac, generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeJwt } from './jwt.js';
import { parseJitsiSettings } from './settings.js';
import { createTokenSigner, effectiveTokenSubject, NBF_BACKDATE_SECONDS } from './signer.js';
import { deploymentConfigFromSettings, verifyToken } from './verify.js';

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);
const SECRET = 'a-long-random-app-secret-0123456789abcdef';
const selfHosted = parseJitsiSettings({
  domain: 'meet.example.com',
  useAuthToken: true,
  appId: 'parley',
  appSecret: SECRET,
  tokenExpiration: '2h',
});
const ada = {
  id: 'u1',
  name: 'Ada Lovelace',
  avatar: 'https://chat.example.com/avatar/ada',
  email: 'ada@example.com',
};

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const APP = 'vpaas-magic-cookie-0123456789abcdef0123456789abcdef';
const jaas = parseJitsiSettings({
  domain: '8x8.vc',
  useAuthToken: true,
  useJaas: true,
  appId: APP,
  jaasApiKeyId: `${APP}/key1`,
  jaasPrivateKey: Buffer.from(pem).toString('base64'),
  jaasFeatures: { recording: true },
});

describe('self-hosted tokens (HS256)', () => {
  const signer = createTokenSigner(selfHosted, { now: () => NOW });

  it('has header {alg: HS256, typ: JWT} and the documented claims for a host', () => {
    const token = signer.mint({ room: 'parleyabc', user: ada, moderator: true });
    const decoded = decodeJwt(token)!;
    expect(decoded.header).toEqual({ alg: 'HS256', typ: 'JWT' });
    const iat = NOW / 1000;
    expect(decoded.payload).toEqual({
      iss: 'parley',
      aud: 'jitsi',
      sub: 'meet.example.com',
      room: 'parleyabc',
      iat,
      nbf: iat - NBF_BACKDATE_SECONDS,
      exp: iat + 7200,
      context: {
        user: {
          id: 'u1',
          name: 'Ada Lovelace',
          avatar: 'https://chat.example.com/avatar/ada',
          moderator: true,
          affiliation: 'owner',
        },
      },
      moderator: true,
    });
    const expectedSig = createHmac('sha256', SECRET).update(decoded.signingInput).digest('base64url');
    expect(token.split('.')[2]).toBe(expectedSig);
  });

  it('gives a guest moderator false, affiliation member and no top-level moderator', () => {
    const payload = decodeJwt(
      signer.mint({ room: 'parleyabc', user: { id: 'u2', name: 'Bob' }, moderator: false }),
    )!.payload;
    expect(payload.context).toEqual({
      user: { id: 'u2', name: 'Bob', moderator: false, affiliation: 'member' },
    });
    expect(payload).not.toHaveProperty('moderator');
  });

  it('leaves the email out unless shareEmail is on', () => {
    const without = decodeJwt(signer.mint({ room: 'r', user: ada, moderator: false }))!.payload;
    expect(JSON.stringify(without)).not.toContain('ada@example.com');
    const withEmail = createTokenSigner({ ...selfHosted, shareEmail: true }, { now: () => NOW });
    const payload = decodeJwt(withEmail.mint({ room: 'r', user: ada, moderator: false }))!.payload as {
      context: { user: { email?: string } };
    };
    expect(payload.context.user.email).toBe('ada@example.com');
  });

  it('uses room "*" only when limitTokenToRoom is off', () => {
    const open = createTokenSigner({ ...selfHosted, limitTokenToRoom: false }, { now: () => NOW });
    expect(decodeJwt(open.mint({ room: 'parleyabc', user: ada, moderator: false }))!.payload.room).toBe('*');
  });

  it('refuses a room name that is not backend-safe', () => {
    expect(() => signer.mint({ room: 'My Room', user: ada, moderator: false })).toThrow(/backend-safe/);
  });

  it('mints exactly the claims it reports, for any user strings (quotes, unicode, controls)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }),
        fc.string({ unit: 'grapheme' }),
        fc.option(fc.string(), { nil: undefined }),
        fc.boolean(),
        (id, name, avatar, moderator) => {
          const user = avatar === undefined ? { id, name } : { id, name, avatar };
          const input = { room: 'parleyx', user, moderator };
          const decoded = decodeJwt(signer.mint(input))!;
          expect(decoded.payload).toEqual(JSON.parse(JSON.stringify(signer.claims(input))));
          expect(
            verifyToken(signer.mint(input), deploymentConfigFromSettings(selfHosted), {
              room: 'parleyx',
              now: NOW,
            }).ok,
          ).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('escapes and UTF-8-encodes any one field that needs it, whichever field it is', () => {
    const withEmail = createTokenSigner({ ...selfHosted, shareEmail: true }, { now: () => NOW });
    const awkward = ['Zoë', 'say "hi"', 'back\\slash', 'tab\there', 'lone \ud800', '李', 'del\x7f'];
    for (const field of ['id', 'name', 'avatar', 'email'] as const) {
      for (const value of awkward) {
        const user = { ...ada, [field]: value };
        const payload = decodeJwt(withEmail.mint({ room: 'r', user, moderator: false }))!.payload as {
          context: { user: Record<string, unknown> };
        };
        const expected = JSON.parse(JSON.stringify(value)) as string;
        expect(payload.context.user[field]).toBe(expected);
      }
    }
  });

  it('passes verifyToken under the matching deployment config, with the right affiliation', () => {
    const config = deploymentConfigFromSettings(selfHosted);
    const host = verifyToken(signer.mint({ room: 'parleyabc', user: ada, moderator: true }), config, {
      room: 'parleyabc',
      now: NOW,
    });
    expect(host).toMatchObject({ ok: true, affiliation: 'owner' });
    const guest = verifyToken(signer.mint({ room: 'parleyabc', user: ada, moderator: false }), config, {
      room: 'parleyabc',
      now: NOW,
    });
    expect(guest).toMatchObject({ ok: true, affiliation: 'member' });
    // Valid right away even if Jitsi's clock lags a little, invalid after the lifetime.
    expect(
      verifyToken(signer.mint({ room: 'r', user: ada, moderator: false }), config, { now: NOW - 10_000 }).ok,
    ).toBe(true);
    expect(
      verifyToken(signer.mint({ room: 'r', user: ada, moderator: false }), config, { now: NOW + 7200_000 }),
    ).toMatchObject({
      ok: false,
      error: 'Not acceptable by exp',
    });
  });

  it('refuses to build for incomplete settings and mints nothing when tokens are off', () => {
    expect(() => createTokenSigner({ ...selfHosted, appSecret: '' })).toThrow(/appSecret/);
    const off = createTokenSigner(parseJitsiSettings({}));
    expect(off.enabled).toBe(false);
    expect(() => off.mint({ room: 'r', user: ada, moderator: true })).toThrow(/off/);
  });
});

describe('token subject', () => {
  it('defaults to the host, the tenant on tenant URLs, or the explicit setting', () => {
    expect(effectiveTokenSubject(parseJitsiSettings({ domain: 'meet.example.com:8443' }))).toBe(
      'meet.example.com',
    );
    expect(effectiveTokenSubject(parseJitsiSettings({ domain: 'meet.example.com/Acme' }))).toBe('acme');
    expect(effectiveTokenSubject(parseJitsiSettings({ tokenSubject: 'meet.jitsi' }))).toBe('meet.jitsi');
  });
});

describe('JaaS tokens (RS256)', () => {
  const signer = createTokenSigner(jaas, { now: () => NOW });

  it('has kid, iss chat, aud jitsi, sub AppID and string moderator/features', () => {
    const decoded = decodeJwt(signer.mint({ room: 'parleyabc', user: ada, moderator: true }))!;
    expect(decoded.header).toEqual({ alg: 'RS256', kid: `${APP}/key1`, typ: 'JWT' });
    const iat = NOW / 1000;
    expect(decoded.payload).toEqual({
      aud: 'jitsi',
      iss: 'chat',
      sub: APP,
      room: 'parleyabc',
      iat,
      nbf: iat - NBF_BACKDATE_SECONDS,
      exp: iat + 3600,
      context: {
        user: {
          id: 'u1',
          name: 'Ada Lovelace',
          avatar: 'https://chat.example.com/avatar/ada',
          moderator: 'true',
        },
        features: {
          recording: 'true',
          livestreaming: 'false',
          transcription: 'false',
          'outbound-call': 'false',
        },
        room: { regex: false },
      },
    });
    const guest = decodeJwt(signer.mint({ room: 'parleyabc', user: ada, moderator: false }))!.payload as {
      context: { user: { moderator: string } };
    };
    expect(guest.context.user.moderator).toBe('false');
  });

  it('verifies with the public key and passes the JaaS client checks', () => {
    const result = verifyToken(
      signer.mint({ room: 'parleyabc', user: ada, moderator: true }),
      deploymentConfigFromSettings(jaas),
      {
        room: 'parleyabc',
        now: NOW,
      },
    );
    expect(result).toEqual({
      ok: true,
      claims: expect.any(Object) as unknown,
      affiliation: 'owner',
      notes: [],
    });
  });
});

describe('a token that must stop working sooner (expiresAt)', () => {
  const iat = NOW / 1000;
  const exp = (token: string) => (decodeJwt(token)!.payload as { exp: number }).exp;

  it('caps exp at expiresAt (to its second) and never lengthens the usual lifetime, for HS256 and RS256', () => {
    for (const settings of [selfHosted, jaas]) {
      const signer = createTokenSigner(settings, { now: () => NOW });
      const lifetime = settings.tokenExpiration;
      const mint = (expiresAt?: number) =>
        signer.mint({
          room: 'parleyabc',
          user: ada,
          moderator: false,
          ...(expiresAt === undefined ? {} : { expiresAt }),
        });
      expect(exp(mint())).toBe(iat + lifetime);
      expect(exp(mint(NOW + 10 * 60_000 + 999))).toBe(iat + 600);
      expect(exp(mint(NOW + (lifetime + 60) * 1000))).toBe(iat + lifetime);
      // The cached part of a token minted in the same second does not carry another token's exp.
      expect(exp(mint())).toBe(iat + lifetime);
      // What it mints is what it reports.
      const claims = signer.claims({
        room: 'parleyabc',
        user: ada,
        moderator: false,
        expiresAt: NOW + 5_000,
      });
      expect(claims.exp).toBe(iat + 5);
    }
  });

  it('holds for any cap: exp = min(iat + lifetime, floor(expiresAt / 1000))', () => {
    const signer = createTokenSigner(selfHosted, { now: () => NOW });
    fc.assert(
      fc.property(fc.integer({ min: NOW, max: NOW + 3 * 86_400_000 }), (expiresAt) => {
        const token = signer.mint({ room: 'parleyabc', user: ada, moderator: true, expiresAt });
        expect(exp(token)).toBe(Math.min(iat + selfHosted.tokenExpiration, Math.floor(expiresAt / 1000)));
        expect(
          verifyToken(token, deploymentConfigFromSettings(selfHosted), { room: 'parleyabc', now: NOW }).ok,
        ).toBe(expiresAt >= NOW + 1000);
      }),
    );
  });
});
