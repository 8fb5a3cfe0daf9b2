import {
  createTokenSigner,
  joinCall,
  newCallId,
  parseJitsiSettings,
  type JitsiSettings,
  type JitsiSettingsInput,
} from '@parley/jitsi';
import { describe, expect, it } from 'vitest';
import { dockerEnvText, warningsFor } from '../modules/settings/index.js';
import { JITSI_TEST_SETTINGS } from '../test/calls.js';
import { sharedProsody } from '../test/shared-prosody.js';
import { joinJitsiRoom } from '../test/xmpp-client.js';

/**
 * The doctor's deployment warnings (Check configuration, `parley jitsi doctor`) against the real
 * Prosody with Jitsi's token plugins: each warning's scenario is refused the way the warning says,
 * and the configuration the doctor calls fine joins. The hosts are the run's shared Prosody
 * (test/shared-prosody-hosts.ts): `debian` (meet.example.org, domain verification on), `docker`
 * (meet.jitsi, off), `dockerVerifying` (XMPP domain verified.jitsi, on) and `jaas` (RS256 by kid).
 */

const { hosts, jaasAccount } = sharedProsody();

const settings = (more: JitsiSettingsInput): JitsiSettings =>
  parseJitsiSettings({ ...JITSI_TEST_SETTINGS, ...more });

/** A token minted for a fresh call exactly as a join mints it, and the MUC node its URL leads to. */
function joinOf(s: JitsiSettings): { jwt: string; room: string } {
  const join = joinCall(createTokenSigner(s), {
    callId: newCallId(),
    user: { id: 'u-doctor', name: 'Dee' },
    moderator: true,
  });
  // Jitsi's client: the path's last segment, lowercased; `/<tenant>/<room>` gives `[tenant]room`.
  const parts = new URL(join.url).pathname.slice(1).split('/');
  const room = parts.at(-1)!.toLowerCase();
  return { jwt: join.jwt!, room: parts.length === 2 ? `[${parts[0]!.toLowerCase()}]${room}` : room };
}

const fields = (s: JitsiSettings) => warningsFor(s).map((w) => w.field);
const envValue = (s: JitsiSettings, name: string) =>
  new RegExp(`^${name}=(.*)$`, 'm').exec(dockerEnvText(s))?.[1];

const MISMATCH = {
  accepted: false,
  stage: 'presence',
  condition: 'cancel/not-allowed',
  text: 'Room and token mismatched',
};

describe('the doctor against a real Prosody', () => {
  it('Debian: a Token subject that is not the XMPP domain is flagged, and Prosody refuses it at the room join; cleared, it joins', async () => {
    const wrong = settings({ deployment: 'debian', tokenSubject: 'meet.jitsi' });
    const warning = warningsFor(wrong).find((w) => w.field === 'tokenSubject');
    expect(warning?.message).toMatch(
      /refuse every room join \("Room and token mismatched"\).*Clear the Token subject/,
    );
    const refused = joinOf(wrong);
    expect(await joinJitsiRoom(hosts.debian, refused.jwt, refused.room)).toEqual(MISMATCH);

    const fine = settings({ deployment: 'debian' });
    expect(fields(fine)).not.toContain('tokenSubject');
    const accepted = joinOf(fine);
    expect(await joinJitsiRoom(hosts.debian, accepted.jwt, accepted.room)).toMatchObject({ accepted: true });
  });

  it('Debian on a tenant URL: sub must be the tenant, not the host', async () => {
    const wrong = settings({
      deployment: 'debian',
      domain: 'meet.example.org/acme',
      tokenSubject: 'meet.example.org',
    });
    expect(warningsFor(wrong).find((w) => w.field === 'tokenSubject')?.message).toMatch(/the tenant "acme"/);
    const refused = joinOf(wrong);
    expect(refused.room).toMatch(/^\[acme\]/);
    expect(await joinJitsiRoom(hosts.debian, refused.jwt, refused.room)).toEqual(MISMATCH);

    const fine = settings({ deployment: 'debian', domain: 'meet.example.org/acme' });
    expect(fields(fine)).not.toContain('tokenSubject');
    const accepted = joinOf(fine);
    expect(await joinJitsiRoom(hosts.debian, accepted.jwt, accepted.room)).toMatchObject({ accepted: true });
  });

  it('docker: a sub that is not XMPP_DOMAIN gets verification off in the env (it joins), and is refused where verification is on; sub = XMPP_DOMAIN gets it on and joins', async () => {
    expect(hosts.dockerVerifying.domainVerification).toBe(true);
    const xmppDomain = hosts.dockerVerifying.domain;
    const wrong = settings({ deployment: 'docker', xmppDomain, tokenSubject: 'meet.example.org' });
    expect(warningsFor(wrong).find((w) => w.field === 'tokenSubject')?.message).toMatch(
      /JWT_ENABLE_DOMAIN_VERIFICATION=false: with verification on, Prosody would refuse every room join/,
    );
    expect(envValue(wrong, 'JWT_ENABLE_DOMAIN_VERIFICATION')).toBe('false');
    const token = joinOf(wrong);
    // What the warning predicts, with JWT_ENABLE_DOMAIN_VERIFICATION=true:
    expect(await joinJitsiRoom(hosts.dockerVerifying, token.jwt, token.room)).toEqual(MISMATCH);
    // What the printed env sets (verification off; the XMPP domain then plays no part):
    expect(hosts.docker.domainVerification).toBe(false);
    expect(await joinJitsiRoom(hosts.docker, token.jwt, token.room)).toMatchObject({ accepted: true });

    const fine = settings({ deployment: 'docker', xmppDomain, tokenSubject: xmppDomain });
    expect(fields(fine)).not.toContain('tokenSubject');
    expect(envValue(fine, 'XMPP_DOMAIN')).toBe(xmppDomain);
    expect(envValue(fine, 'JWT_ENABLE_DOMAIN_VERIFICATION')).toBe('true');
    const accepted = joinOf(fine);
    expect(await joinJitsiRoom(hosts.dockerVerifying, accepted.jwt, accepted.room)).toMatchObject({
      accepted: true,
    });

    // docker-jitsi-meet's defaults and Parley's: verification off as printed, and the token joins.
    const plain = settings({ deployment: 'docker' });
    expect(warningsFor(plain)).toEqual([]);
    expect(envValue(plain, 'JWT_ENABLE_DOMAIN_VERIFICATION')).toBe('false');
    const joined = joinOf(plain);
    expect(await joinJitsiRoom(hosts.docker, joined.jwt, joined.room)).toMatchObject({ accepted: true });
  });

  describe('JaaS', () => {
    const jaasKey = {
      appId: jaasAccount.tenant,
      jaasApiKeyId: jaasAccount.kid,
      jaasPrivateKey: Buffer.from(jaasAccount.privateKeyPem).toString('base64'),
      domain: '8x8.vc',
    };

    it('"Use JaaS" off against a JaaS deployment is flagged, and JaaS refuses the HS256 token at login; on, sub = AppID joins [AppID]room', async () => {
      const wrong = settings({ deployment: 'jaas', ...jaasKey, useJaas: false });
      expect(warningsFor(wrong).find((w) => w.field === 'useJaas')?.message).toMatch(
        /JaaS refuses every one of them/,
      );
      const refused = joinOf(wrong);
      expect(
        await joinJitsiRoom(hosts.jaas, refused.jwt, `[${jaasAccount.tenant}]${refused.room}`),
      ).toMatchObject({
        accepted: false,
        stage: 'sasl',
        condition: 'not-allowed',
      });

      const fine = settings({ deployment: 'jaas', ...jaasKey, useJaas: true, appSecret: '' });
      expect(warningsFor(fine)).toEqual([]);
      const accepted = joinOf(fine);
      expect(accepted.room.startsWith(`[${jaasAccount.tenant}]`)).toBe(true);
      expect(await joinJitsiRoom(hosts.jaas, accepted.jwt, accepted.room)).toMatchObject({ accepted: true });
    });

    it('"Use JaaS" on against a self-hosted deployment is flagged, and its Prosody refuses the RS256 token at login', async () => {
      const wrong = settings({ deployment: 'docker', ...jaasKey, useJaas: true, appSecret: '' });
      expect(warningsFor(wrong).find((w) => w.field === 'useJaas')?.message).toMatch(
        /your Prosody \(app_secret, HS256\) refuses those tokens/,
      );
      const token = joinOf(wrong);
      expect(
        await joinJitsiRoom(hosts.docker, token.jwt, token.room.replace(/^\[[^\]]+\]/, '')),
      ).toMatchObject({
        accepted: false,
        stage: 'sasl',
        condition: 'not-allowed',
      });
    });
  });
});
