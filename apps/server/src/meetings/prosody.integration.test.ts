import { createSecretKey, generateKeyPairSync } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, signJwt } from '@parley/jitsi';
import type { Consultation, JoinCallResponse, JoinConsultationResponse } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../lib/clock.js';
import { JITSI_TEST_SETTINGS, callAction, joinCall, startCall } from '../test/calls.js';
import { bookConsultation, makeProvider, openAvailability } from '../test/consultations.js';
import { DATABASE_KINDS } from '../test/databases.js';
import { createRoom, signedInPeople, signedInUser, type Person } from '../test/factories.js';
import { checkProsodyPlugins, prosodyPluginsDir } from '../test/prosody-server.js';
import { ROTATED_APP_SECRET, sharedProsody } from '../test/shared-prosody.js';
import { createTestApp, type TestApp } from '../test/test-app.js';
import { joinJitsiRoom } from '../test/xmpp-client.js';

/**
 * Parley's join tokens through a real Prosody with Jitsi's own token plugins (issue 16), in the two
 * deployments Parley is set up against: a Debian `jitsi-meet` + `jitsi-meet-tokens` install (XMPP domain =
 * the public domain, domain verification on) and docker-jitsi-meet's defaults (`meet.jitsi`, off).
 * Prosody checks `exp`/`nbf` against the real time, so the app here runs on real time too (shifted
 * only to mint a token in the past). One Prosody serves the whole run (prosody-global.ts), each
 * deployment as its own VirtualHost.
 */

const HOUR = 3_600_000;

/**
 * The Jitsi room (MUC node) Jitsi's web client derives from a meeting URL: its path, lowercased; on a
 * tenant URL (`/<tenant>/<room>`, as JaaS) the node is `[tenant]room`.
 */
function roomOfUrl(url: string): string {
  const parts = new URL(url).pathname.slice(1).split('/').map(decodeURIComponent);
  const room = parts.at(-1)!.toLowerCase();
  return parts.length === 2 ? `[${parts[0]!.toLowerCase()}]${room}` : room;
}

describe("Jitsi's Prosody plugins (the fixture's own checks)", () => {
  it('refuses plugin files that differ from the pinned commit, and says which and how to get them', () => {
    const copy = mkdtempSync(join(tmpdir(), 'parley-plugins-'));
    try {
      const source = prosodyPluginsDir();
      cpSync(join(source, '..', 'SHA256SUMS'), join(copy, 'SHA256SUMS'));
      cpSync(source, join(copy, 'prosody-plugins'), { recursive: true });
      const plugins = join(copy, 'prosody-plugins');
      expect(() => checkProsodyPlugins(plugins)).not.toThrow();
      writeFileSync(join(plugins, 'mod_auth_token.lua'), '-- changed\n', { mode: 0o644 });
      expect(() => checkProsodyPlugins(plugins)).toThrow(
        /mod_auth_token\.lua has sha256 [0-9a-f]{64}, expected fa8051/,
      );
      rmSync(join(plugins, 'token'), { recursive: true, force: true });
      expect(() => checkProsodyPlugins(plugins)).toThrow(
        /token\/util\.lib\.lua is missing.*JITSI_PROSODY_PLUGINS/,
      );
      expect(() => checkProsodyPlugins(join(copy, 'nowhere'))).toThrow(
        /does not exist.*fetch-jitsi-fixtures\.sh/,
      );
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});

describe.each(DATABASE_KINDS)("Parley's join tokens in a real Prosody (%s)", (kind) => {
  let offset = 0;
  /** Real time, shifted by `offset`: Prosody compares `exp`/`nbf` with its own (real) clock. */
  const clock: Clock = { now: () => new Date(Date.now() + offset) };
  let app: TestApp;
  let admin: Person;
  let alice: Person;
  let bob: Person;
  let pat: Person; // a provider
  let pia: Person; // another
  let cleo: Person; // their client
  const { hosts, jaasAccount } = sharedProsody();
  const { debian, docker } = hosts;

  const patchJitsi = async (jitsi: Record<string, unknown>) => {
    const res = await admin.client.patch('/api/v1/admin/settings', { jitsi });
    expect(res.statusCode, res.body).toBe(200);
  };
  /** An ongoing DM call between Alice and Bob; Bob's join answer. */
  const ongoingCall = async (): Promise<JoinCallResponse> => {
    const room = await createRoom(alice.client, { type: 'direct', memberIds: [bob.user.id] });
    const call = await startCall(alice.client, room.id);
    await callAction(bob.client, call.id, 'accept');
    return joinCall(bob.client, call.id);
  };
  const slots = new Map<Person, number>();
  /**
   * A confirmed consultation with `provider` in one of their five 15-minute slots from the next full
   * hour on (all within the 2 h the join window opens ahead).
   */
  const consultation = async (provider = pat): Promise<Consultation> => {
    const slot = slots.get(provider) ?? 0;
    slots.set(provider, slot + 1);
    const start = Math.ceil(clock.now().getTime() / HOUR) * HOUR + (slot % 5) * 15 * 60_000;
    return bookConsultation(cleo, provider, new Date(start).toISOString());
  };
  const joinConsultation = async (p: Person, c: Consultation) => {
    const res = await p.client.post(`/api/v1/consultations/${c.id}/join`, {});
    expect(res.statusCode, res.body).toBe(200);
    return res.json<JoinConsultationResponse>();
  };
  /** Every endpoint that hands out a Jitsi token, each giving a fresh join answer. */
  const tokenEndpoints = {
    'call join': ongoingCall,
    'consultation join': async () => joinConsultation(cleo, await consultation(pia)),
  };

  beforeAll(async () => {
    app = await createTestApp(kind, {}, { clock });
    await app.sweeper.stop();
    admin = await signedInUser(app, { role: 'admin' });
    [alice, bob, pat, pia, cleo] = await signedInPeople(app, 'alice', 'bob', 'pat', 'pia', 'cleo');
    await patchJitsi(JITSI_TEST_SETTINGS);
    const limits = await admin.client.patch('/api/v1/admin/settings', {
      limits: { ringsOfOnePersonPer10Minutes: 1000, ringAfterDeclineSeconds: 0 },
      consultations: { joinLeadMinutes: 120 },
    });
    expect(limits.statusCode, limits.body).toBe(200);
    const quarterHours = openAvailability({ sessionMinutes: 15, bufferMinutes: 0 });
    await makeProvider(admin, pat, quarterHours);
    await makeProvider(admin, pia, quarterHours);
  });
  afterAll(async () => {
    await app?.close();
  });

  it("a call's token joins its room in both deployments and is refused in another room", async () => {
    const join = await ongoingCall();
    const room = roomOfUrl(join.url);
    expect(room).toBe(join.roomName);
    for (const prosody of [debian, docker]) {
      expect(await joinJitsiRoom(prosody, join.jwt, room), prosody.flavour).toMatchObject({
        accepted: true,
        room: `${room}@${prosody.mucDomain}`,
      });
      expect(await joinJitsiRoom(prosody, join.jwt, `${room}x`), prosody.flavour).toEqual({
        accepted: false,
        stage: 'presence',
        condition: 'cancel/not-allowed',
        text: 'Room and token mismatched',
      });
    }
  });

  it("a consultation's tokens (provider and client) join its room and no other", async () => {
    const booked = await consultation();
    const provider = await joinConsultation(pat, booked);
    const client = await joinConsultation(cleo, booked);
    const room = roomOfUrl(client.url);
    expect(room).toBe(client.roomName);
    const other = roomOfUrl((await joinConsultation(cleo, await consultation())).url);
    expect(other).not.toBe(room);
    for (const prosody of [debian, docker]) {
      for (const join of [provider, client]) {
        expect((await joinJitsiRoom(prosody, join.jwt, room)).accepted, prosody.flavour).toBe(true);
        expect(await joinJitsiRoom(prosody, join.jwt, other), prosody.flavour).toMatchObject({
          accepted: false,
          stage: 'presence',
          text: 'Room and token mismatched',
        });
      }
    }
  });

  it('a token Parley minted an hour and more ago has expired: Prosody refuses it at login', async () => {
    offset = -2 * HOUR;
    let join: JoinCallResponse;
    try {
      join = await ongoingCall();
    } finally {
      offset = 0;
    }
    const exp = (decodeJwt(join.jwt!)!.payload as { exp: number }).exp;
    expect(exp * 1000).toBeLessThan(Date.now());
    for (const prosody of [debian, docker]) {
      const result = await joinJitsiRoom(prosody, join.jwt, join.roomName);
      expect(result, prosody.flavour).toMatchObject({
        accepted: false,
        stage: 'sasl',
        condition: 'not-allowed',
      });
    }
    expect(debian.log()).toMatch(/Error verifying token err:not-allowed, reason:Not acceptable by exp/);
  });

  it('after a call ends Parley hands out no new token; the one it gave still opens the room until its exp (Prosody knows nothing of the end)', async () => {
    const room = await createRoom(alice.client, { type: 'direct', memberIds: [bob.user.id] });
    const call = await startCall(alice.client, room.id);
    await callAction(bob.client, call.id, 'accept');
    const join = await joinCall(bob.client, call.id);
    await callAction(alice.client, call.id, 'end');
    const late = await bob.client.post(`/api/v1/calls/${call.id}/join`);
    expect(late.statusCode, late.body).toBe(409);
    expect(late.json<{ error: { code: string } }>().error.code).toBe('call_ended');
    expect((await joinJitsiRoom(debian, join.jwt, join.roomName)).accepted).toBe(true);
    const exp = (decodeJwt(join.jwt!)!.payload as { exp: number }).exp;
    expect(exp * 1000 - Date.now()).toBeLessThanOrEqual(HOUR); // tokenExpiration (1 h) bounds it
  });

  it("a consultation's token lasts no longer than its join window: once that has closed, Parley refuses a new one and Prosody the old", async () => {
    // Booked and joined three hours ago (in Parley's time), for a session that ended since.
    offset = -3 * HOUR;
    let booked: Consultation;
    let join: JoinConsultationResponse;
    try {
      booked = await bookConsultation(
        cleo,
        pat,
        new Date(Math.ceil(clock.now().getTime() / HOUR) * HOUR).toISOString(),
      );
      join = await joinConsultation(cleo, booked);
    } finally {
      offset = 0;
    }
    const exp = (decodeJwt(join.jwt!)!.payload as { exp: number }).exp;
    expect(exp * 1000).toBeLessThanOrEqual(Date.parse(booked.end) + 15 * 60_000); // the window's close
    expect(exp * 1000).toBeLessThan(Date.now());
    const late = await cleo.client.post(`/api/v1/consultations/${booked.id}/join`, {});
    expect(late.statusCode, late.body).toBe(409);
    for (const prosody of [debian, docker]) {
      expect(await joinJitsiRoom(prosody, join.jwt, join.roomName), prosody.flavour).toMatchObject({
        accepted: false,
        stage: 'sasl',
        condition: 'not-allowed',
      });
    }
  });

  it('on a tenant URL (meet.example.org/team), sub is the tenant and the token joins [team]room in both deployments', async () => {
    await patchJitsi({ domain: 'meet.example.org/team' });
    try {
      const join = await ongoingCall();
      expect(join.url).toContain(`https://meet.example.org/team/${join.roomName}?jwt=`);
      expect(decodeJwt(join.jwt!)!.payload).toMatchObject({ sub: 'team', room: join.roomName });
      const room = roomOfUrl(join.url);
      expect(room).toBe(`[team]${join.roomName}`);
      for (const prosody of [debian, docker]) {
        expect((await joinJitsiRoom(prosody, join.jwt, room)).accepted, prosody.flavour).toBe(true);
        expect(
          await joinJitsiRoom(prosody, join.jwt, `[other]${join.roomName}x`),
          prosody.flavour,
        ).toMatchObject({
          accepted: false,
          stage: 'presence',
        });
      }
      // With domain verification on, another tenant's room of the same name is refused too.
      expect(await joinJitsiRoom(debian, join.jwt, `[other]${join.roomName}`)).toMatchObject({
        accepted: false,
        stage: 'presence',
      });
      // Without it (docker's default) the plugin checks only the room name, not the tenant: the same
      // room name under another tenant lets the token in. Parley's room names are random (128 bits).
      expect((await joinJitsiRoom(docker, join.jwt, `[other]${join.roomName}`)).accepted).toBe(true);
    } finally {
      await patchJitsi({ domain: JITSI_TEST_SETTINGS.domain });
    }
  });

  it.each(Object.keys(tokenEndpoints) as (keyof typeof tokenEndpoints)[])(
    'with room limiting off, a token from %s says room "*" and opens any room',
    async (endpoint) => {
      await patchJitsi({ limitTokenToRoom: false });
      try {
        const join = await tokenEndpoints[endpoint]();
        expect(decodeJwt(join.jwt!)!.payload).toMatchObject({ room: '*' });
        // The doctor warns of exactly what Prosody then does.
        const check = await admin.client.get('/api/v1/admin/settings/jitsi/check');
        expect(check.statusCode, check.body).toBe(200);
        expect(
          check.json<{ warnings: { field: string | null; message: string }[] }>().warnings,
        ).toContainEqual({
          field: 'limitTokenToRoom',
          message: expect.stringContaining('opens every room') as string,
          code: 'tokenAnyRoom',
        });
        for (const prosody of [debian, docker]) {
          for (const room of [join.roomName, 'someoneelsesroom']) {
            expect(
              (await joinJitsiRoom(prosody, join.jwt, room)).accepted,
              `${prosody.flavour} ${room}`,
            ).toBe(true);
          }
        }
      } finally {
        await patchJitsi({ limitTokenToRoom: true });
      }
    },
  );

  it.each(Object.keys(tokenEndpoints) as (keyof typeof tokenEndpoints)[])(
    'JaaS (RS256): Prosody fetches the public key by kid from its key server and the token from %s joins [tenant]room',
    async (endpoint) => {
      const { tenant, kid, privateKeyPem } = jaasAccount;
      const jaas = hosts.jaas;
      try {
        await patchJitsi({
          domain: '8x8.vc',
          useJaas: true,
          appId: tenant,
          jaasApiKeyId: kid,
          jaasPrivateKey: Buffer.from(privateKeyPem).toString('base64'),
        });
        const join = await tokenEndpoints[endpoint]();
        expect(join.url).toContain(`https://8x8.vc/${tenant}/${join.roomName}?jwt=`);
        expect(decodeJwt(join.jwt!)!.header).toMatchObject({ alg: 'RS256', kid });
        const room = roomOfUrl(join.url);
        expect(room).toBe(`[${tenant}]${join.roomName}`);
        // Only the key server knows the public key: an accepted RS256 token means Prosody fetched it.
        const joined = await joinJitsiRoom(jaas, join.jwt, room);
        expect(joined, jaas.log().slice(-3000)).toMatchObject({ accepted: true });
        expect(await joinJitsiRoom(jaas, join.jwt, `[${tenant}]${join.roomName}x`)).toMatchObject({
          accepted: false,
          stage: 'presence',
          text: 'Room and token mismatched',
        });
        // Another tenant's room of the same name is not the token's either.
        expect(
          await joinJitsiRoom(
            jaas,
            join.jwt,
            `[vpaas-magic-cookie-ffffffffffffffffffffffffffffffff]${join.roomName}`,
          ),
        ).toMatchObject({ accepted: false, stage: 'presence' });
        // The same claims under the same kid, signed with another key: refused at login.
        const { privateKey: otherKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
        const decoded = decodeJwt(join.jwt!)!;
        const forged = signJwt(decoded.payload, 'RS256', otherKey, { kid });
        expect(await joinJitsiRoom(jaas, forged, room)).toMatchObject({ accepted: false, stage: 'sasl' });
      } finally {
        await patchJitsi({
          ...JITSI_TEST_SETTINGS,
          useJaas: false,
          jaasApiKeyId: '',
          jaasPrivateKey: '',
        });
      }
    },
  );

  it('a token without a room claim (which Parley never mints) gets no answer at all: the client gives up on its own', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: 'parley',
      aud: 'jitsi',
      sub: 'meet.example.org',
      iat: now,
      nbf: now - 30,
      exp: now + 600,
    };
    const token = signJwt(
      claims,
      'HS256',
      createSecretKey(Buffer.from(JITSI_TEST_SETTINGS.appSecret, 'utf8')),
    );
    expect(await joinJitsiRoom(debian, token, 'anyroom', { timeoutMs: 1500 })).toMatchObject({
      accepted: false,
      stage: 'timeout',
    });
  });

  it('without a token, or with a forged one, nobody gets in', async () => {
    const join = await ongoingCall();
    const [head, body] = join.jwt!.split('.');
    const forged = `${head}.${body}.${'A'.repeat(43)}`;
    for (const prosody of [debian, docker]) {
      for (const token of [null, forged]) {
        expect(await joinJitsiRoom(prosody, token, join.roomName), prosody.flavour).toMatchObject({
          accepted: false,
          stage: 'sasl',
          condition: 'not-allowed',
        });
      }
    }
  });

  it("Parley's default sub (the public host) is what a Debian install's domain verification wants; docker with verification on needs tokenSubject = XMPP_DOMAIN", async () => {
    const join = await ongoingCall();
    expect(decodeJwt(join.jwt!)!.payload).toMatchObject({
      sub: 'meet.example.org',
      aud: 'jitsi',
      iss: 'parley',
    });
    expect((await joinJitsiRoom(debian, join.jwt, join.roomName)).accepted).toBe(true);

    // docker-jitsi-meet with JWT_ENABLE_DOMAIN_VERIFICATION=true: the XMPP domain is not the public
    // host, so Parley's default sub (the public host) is refused at the room, as the doctor warns.
    const verifying = hosts.dockerVerifying;
    try {
      expect(await joinJitsiRoom(verifying, join.jwt, join.roomName)).toMatchObject({
        accepted: false,
        stage: 'presence',
        text: 'Room and token mismatched',
      });
      await patchJitsi({ tokenSubject: verifying.domain });
      const fixed = await ongoingCall();
      expect(decodeJwt(fixed.jwt!)!.payload).toMatchObject({ sub: verifying.domain });
      expect((await joinJitsiRoom(verifying, fixed.jwt, fixed.roomName)).accepted).toBe(true);
      // … and a Debian install (XMPP domain = the public host) now refuses it.
      expect(await joinJitsiRoom(debian, fixed.jwt, fixed.roomName)).toMatchObject({
        accepted: false,
        text: 'Room and token mismatched',
      });
    } finally {
      await patchJitsi({ tokenSubject: '' });
    }
  });

  it.each(Object.keys(tokenEndpoints) as (keyof typeof tokenEndpoints)[])(
    'after an admin changes the app secret, Jitsi (set to the new secret) refuses the old token from %s and takes a new one',
    async (endpoint) => {
      const before = await tokenEndpoints[endpoint]();
      expect((await joinJitsiRoom(debian, before.jwt, before.roomName)).accepted).toBe(true);

      // The operator's Jitsi now holds the new secret (the *Rotated hosts, at meet.example.net: a
      // Debian install verifies sub against its own domain, so Parley names that one now).
      await patchJitsi({ domain: hosts.debianRotated.domain, appSecret: ROTATED_APP_SECRET });
      try {
        const after = await tokenEndpoints[endpoint]();
        for (const prosody of [hosts.debianRotated, hosts.dockerRotated]) {
          expect(await joinJitsiRoom(prosody, before.jwt, before.roomName), prosody.domain).toMatchObject({
            accepted: false,
            stage: 'sasl',
            condition: 'not-allowed',
          });
          expect((await joinJitsiRoom(prosody, after.jwt, after.roomName)).accepted, prosody.domain).toBe(
            true,
          );
        }
        // … and a Jitsi still on the old secret refuses the new token.
        expect(await joinJitsiRoom(docker, after.jwt, after.roomName)).toMatchObject({
          accepted: false,
          stage: 'sasl',
        });
        expect(debian.log()).toMatch(/Error verifying token err:not-allowed, reason:.*signature/i);
      } finally {
        await patchJitsi({ domain: JITSI_TEST_SETTINGS.domain, appSecret: JITSI_TEST_SETTINGS.appSecret });
      }
    },
  );
});
