import { createHmac, createSecretKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base64url, signJwt } from './jwt.js';
import { verifyToken, type JitsiDeploymentConfig } from './verify.js';

// Hand-made tokens for the observed-results table in jitsi-contract.md §1.6.
const NOW = 1_736_942_400_000; // 2025-01-15T12:00:00Z
const T = NOW / 1000;
const SECRET = 'jitsi-app-secret';
const key = createSecretKey(Buffer.from(SECRET));
const base: JitsiDeploymentConfig = { appId: 'parley', appSecret: SECRET };

const claims = (extra: Record<string, unknown> = {}) => ({
  iss: 'parley',
  aud: 'jitsi',
  sub: 'meet.jitsi',
  room: 'My%20Room',
  iat: T,
  exp: T + 3600,
  context: { user: { id: 'u1', name: 'Ada' } },
  ...extra,
});
const hs = (
  payload: Record<string, unknown>,
  header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' },
  secret = SECRET,
) => {
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const alg = typeof header.alg === 'string' ? header.alg : 'HS256';
  const hash = alg === 'HS512' ? 'sha512' : alg === 'HS384' ? 'sha384' : 'sha256';
  return `${input}.${createHmac(hash, secret).update(input).digest('base64url')}`;
};
const without = (k: string) => {
  const c: Record<string, unknown> = claims();
  delete c[k];
  return c;
};
const verify = (token: string | undefined, config: JitsiDeploymentConfig = base, room?: string) =>
  verifyToken(token, config, room === undefined ? { now: NOW } : { room, now: NOW });
const errorOf = (r: ReturnType<typeof verifyToken>) => (r.ok ? 'OK' : r.error);

const domainOn: JitsiDeploymentConfig = {
  ...base,
  enableDomainVerification: true,
  mucDomainBase: 'meet.jitsi',
  mucDomainPrefix: 'muc',
};

describe('verifyToken: jitsi-contract.md §1.6 observed results', () => {
  it('valid, room "My%20Room", node my%20room → OK', () => {
    expect(errorOf(verify(hs(claims()), base, 'my%20room'))).toBe('OK');
  });
  it('node other → ROOM FAIL', () => {
    const r = verify(hs(claims()), base, 'other');
    expect(r).toMatchObject({ ok: false, stage: 'join', error: 'Room and token mismatched' });
  });
  it('node [acme]my%20room, domain verification off → OK', () => {
    expect(errorOf(verify(hs(claims()), base, '[acme]my%20room'))).toBe('OK');
  });
  it('domain verification on, sub meet.jitsi, prefix muc → OK', () => {
    expect(errorOf(verify(hs(claims()), domainOn, 'my%20room'))).toBe('OK');
  });
  it('same, but prefix left at conference → ROOM FAIL', () => {
    const cfg = { ...domainOn, mucDomainPrefix: 'conference', mucDomain: 'muc.meet.jitsi' };
    expect(errorOf(verify(hs(claims()), cfg, 'my%20room'))).toBe('Room and token mismatched');
  });
  it('domain verification on, tenant [acme]r, sub acme → OK', () => {
    expect(errorOf(verify(hs(claims({ sub: 'acme', room: 'r' })), domainOn, '[acme]r'))).toBe('OK');
  });
  it('same, sub meet.jitsi → FAIL', () => {
    expect(errorOf(verify(hs(claims({ sub: 'meet.jitsi', room: 'r' })), domainOn, '[acme]r'))).toBe(
      'Room and token mismatched',
    );
  });
  it('same, sub * → OK', () => {
    expect(errorOf(verify(hs(claims({ sub: '*', room: 'r' })), domainOn, '[acme]r'))).toBe('OK');
  });
  it('wrong secret → Invalid signature', () => {
    expect(errorOf(verify(hs(claims(), undefined, 'another-secret')))).toBe('Invalid signature');
  });
  it("iss not accepted → invalid 'iss' claim", () => {
    expect(errorOf(verify(hs(claims({ iss: 'someone-else' }))))).toBe("invalid 'iss' claim");
  });
  it('header without typ → Invalid typ', () => {
    expect(errorOf(verify(hs(claims(), { alg: 'HS256' })))).toBe('Invalid typ');
  });
  it('typ "jwt" → Invalid typ', () => {
    expect(errorOf(verify(hs(claims(), { alg: 'HS256', typ: 'jwt' })))).toBe('Invalid typ');
  });
  it('no exp → OK (never expires)', () => {
    const r = verify(hs(without('exp')));
    expect(errorOf(r)).toBe('OK');
    expect(r.ok && r.notes).toContain('The token has no exp: it never expires.');
  });
  it('expired → Not acceptable by exp (no leeway: exp == now already fails)', () => {
    expect(errorOf(verify(hs(claims({ exp: T - 1 }))))).toBe('Not acceptable by exp');
    expect(errorOf(verify(hs(claims({ exp: T }))))).toBe('Not acceptable by exp');
    expect(errorOf(verify(hs(claims({ exp: T + 1 }))))).toBe('OK');
  });
  it('exp as a string → exp must be number', () => {
    expect(errorOf(verify(hs(claims({ exp: String(T + 3600) }))))).toBe('exp must be number');
  });
  it('nbf in the future → Not acceptable by nbf (no leeway)', () => {
    expect(errorOf(verify(hs(claims({ nbf: T + 1 }))))).toBe('Not acceptable by nbf');
    expect(errorOf(verify(hs(claims({ nbf: T }))))).toBe('OK');
  });
  it('aud ["jitsi"], accepted list jitsi → invalid \'aud\' claim', () => {
    expect(errorOf(verify(hs(claims({ aud: ['jitsi'] })), { ...base, acceptedAudiences: ['jitsi'] }))).toBe(
      "invalid 'aud' claim",
    );
  });
  it('aud ["jitsi"], accepted list * → OK', () => {
    expect(errorOf(verify(hs(claims({ aud: ['jitsi'] })), { ...base, acceptedAudiences: ['*'] }))).toBe('OK');
  });
  it("no aud → 'aud' claim is missing", () => {
    expect(errorOf(verify(hs(without('aud'))))).toBe("'aud' claim is missing");
  });
  it('no room → fail; OK with asap_require_room_claim=false', () => {
    expect(errorOf(verify(hs(without('room'))))).toBe("'room' claim is missing");
    expect(errorOf(verify(hs(without('room')), { ...base, requireRoomClaim: false }, 'anything'))).toBe('OK');
  });
  it('HS512 token against the default HS256 → Invalid or incorrect alg', () => {
    expect(errorOf(verify(hs(claims(), { alg: 'HS512', typ: 'JWT' })))).toBe('Invalid or incorrect alg');
  });
  it('alg none → Invalid token', () => {
    const unsigned = `${base64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${base64url(JSON.stringify(claims()))}.`;
    expect(errorOf(verify(unsigned))).toBe('Invalid token');
  });
  it('room "DailyStandup", node dailystandup → OK', () => {
    expect(errorOf(verify(hs(claims({ room: 'DailyStandup' })), base, 'dailystandup'))).toBe('OK');
  });
  it('room "my room", node my%20room → ROOM FAIL', () => {
    expect(errorOf(verify(hs(claims({ room: 'my room' })), base, 'my%20room'))).toBe(
      'Room and token mismatched',
    );
  });
  it('no token → token required', () => {
    expect(errorOf(verify(undefined))).toBe('token required');
    expect(errorOf(verify(''))).toBe('token required');
    expect(verify(undefined, { ...base, allowEmptyToken: true }).ok).toBe(true);
  });
  it('RS256 token with JaaS-shaped claims, kid, PEM → OK', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const app = 'vpaas-magic-cookie-abc';
    const token = signJwt(
      {
        aud: 'jitsi',
        iss: 'chat',
        sub: app,
        room: 'r',
        exp: T + 60,
        nbf: T - 60,
        context: {
          user: { id: 'u', name: 'n', moderator: 'true' },
          features: { recording: 'true' },
          room: { regex: false },
        },
      },
      'RS256',
      privateKey,
      { kid: `${app}/k` },
    );
    const cfg: JitsiDeploymentConfig = {
      appId: app,
      publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      acceptedIssuers: ['chat'],
      acceptedAudiences: ['jitsi'],
    };
    expect(verify(token, cfg, 'r')).toEqual({
      ok: true,
      claims: expect.any(Object) as unknown,
      affiliation: 'owner',
      notes: [],
    });
    // Key-server mode needs the kid and an RS algorithm.
    const noKid = signJwt({ aud: 'jitsi', iss: 'chat', sub: app, room: 'r' }, 'RS256', privateKey);
    expect(errorOf(verify(noKid, cfg))).toBe("'kid' claim is missing");
  });
});

describe('verifyToken: more of Prosody', () => {
  it('domain verification on without sub throws in Lua: we report it', () => {
    expect(errorOf(verify(hs(without('sub')), domainOn, 'my%20room'))).toMatch(/got nil/);
  });
  it('room "*" matches any room; accepted issuers "*" accepts any issuer', () => {
    expect(errorOf(verify(hs(claims({ room: '*' })), base, 'whatever'))).toBe('OK');
    expect(errorOf(verify(hs(claims({ iss: 'x' })), { ...base, acceptedIssuers: ['*'] }))).toBe('OK');
  });
  it('regex rooms use Lua patterns when context.room.regex is set (domain verification on)', () => {
    const token = hs(claims({ room: 'team%-.*', context: { room: { regex: true } } }));
    expect(errorOf(verify(token, domainOn, 'team-standup'))).toBe('OK');
    expect(errorOf(verify(token, domainOn, 'other-standup'))).toBe('Room and token mismatched');
  });
  it('garbage is an invalid token; a missing iss is reported', () => {
    expect(errorOf(verify('not-a-jwt'))).toBe('Invalid token');
    expect(errorOf(verify('a.b.c'))).toBe('Invalid token');
    expect(errorOf(verify(hs(without('iss'))))).toBe("'iss' claim is missing");
  });
  it('affiliation follows token_affiliation: owner/moderator/teacher or moderator true/"true"', () => {
    const aff = (user: Record<string, unknown>) => {
      const r = verify(hs(claims({ context: { user } })));
      return r.ok ? r.affiliation : r.error;
    };
    expect(aff({ affiliation: 'owner' })).toBe('owner');
    expect(aff({ affiliation: 'teacher' })).toBe('owner');
    expect(aff({ moderator: 'true' })).toBe('owner');
    expect(aff({ moderator: true })).toBe('owner');
    expect(aff({ moderator: 'false', affiliation: 'member' })).toBe('member');
    // A top-level moderator claim alone is ignored by token_affiliation.
    const top = verify(hs(claims({ moderator: true })));
    expect(top.ok && top.affiliation).toBe('member');
  });
  it('signJwt with a prepared key verifies', () => {
    expect(errorOf(verify(signJwt(claims(), 'HS256', key)))).toBe('OK');
  });
});
