import { generateKeyPairSync } from 'node:crypto';
import {
  advise,
  deploymentWarnings,
  diagnose,
  parseJitsiSettings,
  type JitsiSettingsInput,
  type JitsiSettingsProblem,
} from '@parley/jitsi';
import { afterEach, describe, expect, it } from 'vitest';
import { i18n, setLocale } from '../../i18n';
import en from '../../i18n/locales/en/jitsi.json';
import { jitsiProblemText } from './jitsiProblemText';

/**
 * The codes the server makes itself (settings.service.ts, jitsi-check.service.ts, jitsi.adapter.ts);
 * their English is held to the catalogue by the server's `jitsi-messages.unit.test.ts`.
 */
const SERVER_CODES = [
  'secretUnreadable',
  'chooseDomain',
  'domainNotChosen',
  'reachNoDomain',
  'reachOk',
  'reachRedirect',
  'reachNotFound',
  'reachHttpError',
  'reachNotJitsi',
  'reachTimeout',
  'reachDns',
  'reachRefused',
  'reachTls',
  'reachUnreachable',
];

const pem = (key: string) => Buffer.from(key, 'utf8').toString('base64');
const ecKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
  type: 'pkcs8',
  format: 'pem',
}) as string;
const smallRsaKey = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
  type: 'pkcs8',
  format: 'pem',
}) as string;
const APP_ID = 'vpaas-magic-cookie-0123456789abcdef0123456789abcdef';
const tokens = { useAuthToken: true, appId: 'parley', appSecret: 's'.repeat(32) };

/** Raw settings that, through diagnose(), make every problem code of @parley/jitsi. */
const diagnosed: unknown[] = [
  { domain: '' },
  { domain: 'https://meet.example.com' },
  { domain: 'meet.example.com?room=1' },
  { domain: 'meet example.com' },
  { domain: 'user@meet.example.com' },
  { domain: 'meet.example.com/a/b' },
  { domain: 'meet.example.com/ac!me' },
  { domain: 'meet.example.com:http' },
  { domain: 'meet.example.com:70000' },
  { domain: 'meet_example.com' },
  { tokenExpiration: 'soon' },
  { tokenExpiration: 10 },
  { colour: 'blue' },
  { colour: 'blue', size: 3, jaasFeatures: { video: true } },
  { useJaas: true },
  {
    useJaas: true,
    useAuthToken: true,
    appId: 'myapp',
    jaasApiKeyId: 'other/1',
    jaasPrivateKey: pem('hello'),
  },
  {
    useJaas: true,
    useAuthToken: true,
    appId: APP_ID,
    jaasApiKeyId: `${APP_ID}/1`,
    jaasPrivateKey: pem(ecKey),
  },
  {
    useJaas: true,
    useAuthToken: true,
    appId: APP_ID,
    jaasApiKeyId: `${APP_ID}/1`,
    jaasPrivateKey: pem(smallRsaKey),
  },
  {
    useJaas: true,
    useAuthToken: true,
    appId: APP_ID,
    jaasApiKeyId: `${APP_ID}/1`,
    jaasPrivateKey: pem('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n'),
  },
  { useAuthToken: true, tokenAudience: '' },
  // Shapes zod checks, in Parley's own words.
  { domain: 1 },
  { titlePrefix: 1 },
  { titlePrefix: 'x'.repeat(65) },
  { titleSuffix: 'x'.repeat(65) },
  { appId: 1, jaasApiKeyId: 'x'.repeat(513) },
  { tokenAudience: 1, tokenSubject: 'x'.repeat(257) },
  { useSsl: 'yes', jaasFeatures: { recording: 'yes' } },
  { chromeExtensionId: 1 },
  { chromeExtensionId: 'abc' },
  { jaasPrivateKey: 1 },
  { jaasPrivateKey: 'not base64!' },
  { tokenExpiration: true },
  { jaasFeatures: 'all' },
  { appSecret: 1 },
  { deployment: 'kubernetes' },
  { xmppDomain: 1 },
  { xmppDomain: 'a'.repeat(254) },
  { xmppDomain: 'https://meet.jitsi' },
];

/** Settings that, through advise() and deploymentWarnings(), make every warning code. */
const advised: JitsiSettingsInput[] = [
  {},
  { ...tokens, appSecret: 'short', limitTokenToRoom: false, useSsl: false, tokenExpiration: '2d' },
  { ...tokens, useJaas: true, domain: 'meet.example.com', appId: APP_ID, tokenSubject: 'someone' },
  { ...tokens, deployment: 'jaas' },
  { ...tokens, deployment: 'debian', useJaas: true },
  { ...tokens, deployment: 'docker', useJaas: true },
  // Debian: the XMPP domain, cleared or set, with and without the VirtualHost hint; a tenant.
  { ...tokens, deployment: 'debian', domain: 'meet.example.org', tokenSubject: 'other' },
  { ...tokens, deployment: 'debian', domain: 'meet.example.org', xmppDomain: 'xmpp.example.org' },
  { ...tokens, deployment: 'debian', domain: 'meet.example.org/acme', tokenSubject: 'other' },
  // docker: its XMPP domain (set, or cleared when it is the host name) and a tenant.
  { ...tokens, deployment: 'docker', domain: 'meet.example.org', tokenSubject: 'meet.example.org' },
  {
    ...tokens,
    deployment: 'docker',
    domain: 'meet.example.org',
    xmppDomain: 'meet.example.org',
    tokenSubject: 'x',
  },
  { ...tokens, deployment: 'docker', domain: 'meet.example.org/acme', tokenSubject: 'other' },
];

function everyProblem(): JitsiSettingsProblem[] {
  const all: JitsiSettingsProblem[] = diagnosed.flatMap((input) => diagnose(input));
  for (const input of advised) {
    const settings = parseJitsiSettings(input);
    all.push(...advise(settings), ...deploymentWarnings(settings));
  }
  return all;
}

describe('the jitsi catalogue', () => {
  afterEach(() => setLocale('en'));

  it('says in English exactly what @parley/jitsi says, for every code it makes', () => {
    const problems = everyProblem();
    const codes = new Set<string>();
    for (const problem of problems) {
      if (problem.code === undefined) continue;
      codes.add(problem.code);
      expect(i18n.exists(`jitsi.${problem.code}`), problem.code).toBe(true);
      expect(jitsiProblemText(problem), problem.code).toBe(problem.message);
    }
    // Every key is made by the library (above) or by the server (its own test).
    expect([...codes, ...SERVER_CODES].sort()).toEqual(Object.keys(en.jitsi).sort());
  });

  it('covers the conditional parts of the deployment warnings', () => {
    const variants = new Set(
      everyProblem()
        .filter((p) => p.code === 'debianSubjectRefused' || p.code === 'dockerSubjectUnverified')
        .map((p) => `${p.code} ${p.values?.target} ${p.values?.fix} ${p.values?.hint}`),
    );
    expect([...variants].sort()).toEqual([
      'debianSubjectRefused tenant clear none',
      'debianSubjectRefused xmppDomain clear virtualHost',
      'debianSubjectRefused xmppDomain set none',
      'dockerSubjectUnverified tenant clear none',
      'dockerSubjectUnverified xmppDomain clear none',
      'dockerSubjectUnverified xmppDomain set none',
    ]);
  });

  it('has every value it needs in Ukrainian and German, with typographic apostrophes', async () => {
    for (const locale of ['uk', 'de'] as const) {
      await setLocale(locale);
      for (const problem of everyProblem()) {
        if (problem.code === undefined) continue;
        const text = jitsiProblemText(problem);
        expect(text, `${locale} ${problem.code}`).not.toBe(problem.message);
        expect(text, `${locale} ${problem.code}`).not.toMatch(/\{[a-z]+[,}]|^jitsi\./i);
        expect(text, `${locale} ${problem.code}`).not.toContain("'");
      }
    }
  });

  it('falls back to the English message without a code or for a code it does not know', async () => {
    await setLocale('uk');
    expect(jitsiProblemText({ message: 'Invalid input' })).toBe('Invalid input');
    expect(jitsiProblemText({ message: 'Something new.', code: 'notYetKnown' })).toBe('Something new.');
    expect(jitsiProblemText({ message: 'x', code: 'reachTimeout', values: { seconds: 2.5 } })).toBe(
      'Немає відповіді протягом 2,5 с. Перевірте домен, брандмауер і чи працює Jitsi.',
    );
  });
});
