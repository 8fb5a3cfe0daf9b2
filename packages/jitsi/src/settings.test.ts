import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_JITSI_SETTINGS,
  diagnose,
  JitsiSettingsError,
  JitsiSettingsPatchSchema,
  JitsiSettingsSchema,
  JITSI_SECRET_KEYS,
  parseJitsiSettings,
} from './settings.js';

const rsaPem = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
const ecPem = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
const b64 = (s: string) => Buffer.from(s).toString('base64');

const APP = 'vpaas-magic-cookie-0123456789abcdef0123456789abcdef';
const jaas = {
  domain: '8x8.vc',
  useAuthToken: true,
  useJaas: true,
  appId: APP,
  jaasApiKeyId: `${APP}/4f4910`,
  jaasPrivateKey: b64(rsaPem),
};

describe('JitsiSettingsSchema', () => {
  it('parses {} to the documented defaults', () => {
    expect(parseJitsiSettings({})).toEqual({
      domain: 'meet.jit.si',
      titlePrefix: 'Parley',
      titleSuffix: '',
      useSsl: true,
      chromeExtensionId: '',
      useAuthToken: false,
      appId: '',
      appSecret: '',
      useJaas: false,
      jaasPrivateKey: '',
      jaasApiKeyId: '',
      limitTokenToRoom: true,
      tokenAudience: 'jitsi',
      tokenExpiration: 3600,
      tokenSubject: '',
      jaasFeatures: { recording: false, livestreaming: false, transcription: false, 'outbound-call': false },
      shareEmail: false,
      xmppDomain: '',
    });
    expect(DEFAULT_JITSI_SETTINGS).toEqual(parseJitsiSettings({}));
    expect(parseJitsiSettings(undefined)).toEqual(DEFAULT_JITSI_SETTINGS);
  });

  it('normalises domain, expiration and a pasted PEM key', () => {
    const s = parseJitsiSettings({
      domain: ' Meet.Example.COM:8443/Acme/ ',
      tokenExpiration: '30m',
      jaasPrivateKey: rsaPem,
    });
    expect(s.domain).toBe('meet.example.com:8443/acme');
    expect(s.tokenExpiration).toBe(1800);
    expect(Buffer.from(s.jaasPrivateKey, 'base64').toString()).toContain('BEGIN PRIVATE KEY');
    expect(parseJitsiSettings({ tokenExpiration: 'now + 1hour' }).tokenExpiration).toBe(3600);
    expect(parseJitsiSettings({ tokenExpiration: '2h' }).tokenExpiration).toBe(7200);
    expect(parseJitsiSettings({ tokenExpiration: 900 }).tokenExpiration).toBe(900);
  });

  it('accepts the base64 key with line breaks, as GNU base64 wraps it', () => {
    const wrapped = b64(rsaPem).replace(/(.{76})/g, '$1\n');
    expect(parseJitsiSettings({ jaasPrivateKey: wrapped }).jaasPrivateKey).toBe(b64(rsaPem));
  });

  it.each([
    ['https://meet.example.com', /Remove the scheme/],
    ['http:meet.example.com', /Remove the scheme/],
    ['meet.example.com/a/b', /single segment/],
    ['meet.example.com?x=1', /query or fragment/],
    ['meet example.com', /spaces/],
    ['meet.example.com:99999', /out of range/],
    ['meet_example!.com', /not a valid host/],
    ['', /empty/],
  ])('rejects domain %j', (domain, message) => {
    expect(() => parseJitsiSettings({ domain })).toThrow(message);
  });

  it('reports every problem at once, with the field, and rejects unknown keys', () => {
    try {
      parseJitsiSettings({ domain: 'https://x', tokenExpiration: 'soon', useSsl: 'yes', appsecret: 'x' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(JitsiSettingsError);
      const fields = (err as JitsiSettingsError).problems.map((p) => p.field);
      expect(fields).toEqual(expect.arrayContaining(['domain', 'tokenExpiration', 'useSsl']));
      expect((err as Error).message).toMatch(/Unknown setting "appsecret"/);
    }
  });

  it('rejects expirations outside 1m..7d and a bad chrome extension id', () => {
    expect(() => parseJitsiSettings({ tokenExpiration: 10 })).toThrow(/outside/);
    expect(() => parseJitsiSettings({ tokenExpiration: '8d' })).toThrow(/outside/);
    expect(() => parseJitsiSettings({ tokenExpiration: -5 })).toThrow(/not understood/);
    expect(() => parseJitsiSettings({ chromeExtensionId: 'abc' })).toThrow(/32-letter/);
    expect(
      parseJitsiSettings({ chromeExtensionId: 'nocfbnnmjnndkbipkabodnheejiegccf' }).chromeExtensionId,
    ).toBe('nocfbnnmjnndkbipkabodnheejiegccf');
  });

  it('lists the secrets the server must never return', () => {
    expect(JITSI_SECRET_KEYS).toEqual(['appSecret', 'jaasPrivateKey']);
    for (const key of JITSI_SECRET_KEYS) expect(Object.keys(JitsiSettingsSchema.shape)).toContain(key);
  });
});

describe('JitsiSettingsPatchSchema', () => {
  it('fills in no defaults, so absent keys stay unchanged', () => {
    expect(JitsiSettingsPatchSchema.parse({})).toEqual({});
    expect(JitsiSettingsPatchSchema.parse({ tokenExpiration: '2h' })).toEqual({ tokenExpiration: 7200 });
    expect(JitsiSettingsPatchSchema.parse({ jaasFeatures: { recording: true } })).toEqual({
      jaasFeatures: { recording: true },
    });
    expect(JitsiSettingsPatchSchema.safeParse({ domain: 'https://x' }).success).toBe(false);
  });
});

describe('diagnose', () => {
  it('is empty for the defaults and for a complete self-hosted or JaaS setup', () => {
    expect(diagnose({})).toEqual([]);
    expect(diagnose({ useAuthToken: true, appId: 'parley', appSecret: 's'.repeat(32) })).toEqual([]);
    expect(diagnose(jaas)).toEqual([]);
  });

  it('explains a missing secret and app id for self-hosted tokens', () => {
    const problems = diagnose({ useAuthToken: true });
    expect(problems.map((p) => p.field)).toEqual(['appId', 'appSecret']);
    expect(problems[1]!.message).toMatch(/JWT_APP_SECRET/);
  });

  it('explains JaaS problems: key id of another app, non-RSA key, token auth off, not an AppID', () => {
    expect(diagnose({ ...jaas, jaasApiKeyId: 'vpaas-magic-cookie-other/abc' })).toEqual([
      {
        field: 'jaasApiKeyId',
        message: expect.stringMatching(/does not start with the AppID/) as string,
        code: 'jaasKeyIdMismatch',
        values: { keyId: 'vpaas-magic-cookie-other/abc', appId: jaas.appId },
      },
    ]);
    expect(diagnose({ ...jaas, jaasPrivateKey: b64(ecPem) })[0]!.message).toMatch(/EC key.*RSA/);
    expect(diagnose({ ...jaas, jaasPrivateKey: b64('hello') })[0]!.message).toMatch(
      /does not decode to a PEM/,
    );
    expect(diagnose({ ...jaas, useAuthToken: false })[0]!.field).toBe('useAuthToken');
    expect(diagnose({ ...jaas, appId: 'myapp', jaasApiKeyId: 'myapp/1' })[0]!.message).toMatch(
      /not a JaaS AppID/,
    );
    expect(diagnose({ ...jaas, jaasPrivateKey: '', jaasApiKeyId: '' }).map((p) => p.field)).toEqual([
      'jaasApiKeyId',
      'jaasPrivateKey',
    ]);
  });

  it('reports shape problems and still checks the rest', () => {
    const problems = diagnose({ domain: 'https://meet.example.com', useAuthToken: true, appId: 'parley' });
    expect(problems.map((p) => p.field)).toEqual(['domain', 'appSecret']);
    expect(diagnose('nonsense')).toHaveLength(1);
  });
});
