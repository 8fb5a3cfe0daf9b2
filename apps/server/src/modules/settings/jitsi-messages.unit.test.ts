import { readFileSync } from 'node:fs';
import { DEFAULT_JITSI_SETTINGS, parseJitsiSettings, type JitsiSettings } from '@parley/jitsi';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { JitsiMeetings } from '../../meetings/jitsi.adapter.js';
import { JitsiCheckService } from './jitsi-check.service.js';
import { diagnoseStored, unreadableSecretProblem, type SettingsService } from './settings.service.js';

/**
 * The web app shows the problems and check results the server words itself in the interface
 * language, from its `jitsi` catalogue (`jitsi.<code>` with `values`). Its English must say exactly
 * what the server's `message` says; the library's codes are held to it by the web app's
 * `jitsiProblemText.test.ts`.
 */
type Catalogue = { jitsi: Record<string, string> };
const catalogue = (locale: string) =>
  JSON.parse(
    readFileSync(new URL(`../../../../web/src/i18n/locales/${locale}/jitsi.json`, import.meta.url), 'utf8'),
  ) as Catalogue;
const catalogues = { en: catalogue('en'), uk: catalogue('uk'), de: catalogue('de') };

interface Coded {
  message: string;
  code?: string | undefined;
  values?: Record<string, string | number> | undefined;
}

function expectCatalogueToSay(result: Coded, code: string) {
  expect(result.code).toBe(code);
  const format = (locale: keyof typeof catalogues) => {
    const message = catalogues[locale].jitsi[code];
    if (message === undefined) throw new Error(`jitsi.${code} is not in the ${locale} catalogue`);
    return new IntlMessageFormat(message, locale).format(result.values ?? {}) as string;
  };
  expect(format('en')).toBe(result.message);
  expect(format('uk')).not.toBe(result.message);
  expect(format('de')).not.toBe(result.message);
}

const configured = parseJitsiSettings({ domain: 'meet.example.org' });
const notChosen: JitsiSettings = { ...DEFAULT_JITSI_SETTINGS, domain: '' };

/** The check service on fixed settings, with `fetch` answering as given. */
function reach(answer: () => Promise<Response>, settings = configured, timeoutMs?: number) {
  const settingsService = { get: () => Promise.resolve(settings) } as unknown as SettingsService;
  return new JitsiCheckService({
    settings: settingsService,
    fetch: () => answer(),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  }).reachability();
}
const networkError = (code: string) =>
  Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: { code, message: code } }));

describe("the server's Jitsi sentences and the web app's catalogue", () => {
  it('agree on the settings problems the server adds', async () => {
    expectCatalogueToSay(unreadableSecretProblem('appSecret'), 'secretUnreadable');
    expectCatalogueToSay(unreadableSecretProblem('jaasPrivateKey'), 'secretUnreadable');
    expectCatalogueToSay(diagnoseStored(notChosen)[0]!, 'chooseDomain');
    const meetings = new JitsiMeetings(
      () => Promise.resolve(notChosen),
      () => 0,
    );
    expectCatalogueToSay((await meetings.problems())[0]!, 'domainNotChosen');
  });

  it('agree on every reachability answer', async () => {
    const script = 'window.JitsiMeetExternalAPI = function () {};';
    const js = { 'content-type': 'application/javascript' };
    expectCatalogueToSay(await reach(() => Promise.reject(new Error('unused')), notChosen), 'reachNoDomain');
    expectCatalogueToSay(
      await reach(() => Promise.resolve(new Response(script, { headers: js }))),
      'reachOk',
    );
    expectCatalogueToSay(
      await reach(() =>
        Promise.resolve(
          new Response(null, { status: 302, headers: { location: 'https://elsewhere.example/' } }),
        ),
      ),
      'reachRedirect',
    );
    expectCatalogueToSay(
      await reach(() => Promise.resolve(new Response('', { status: 404 }))),
      'reachNotFound',
    );
    expectCatalogueToSay(
      await reach(() => Promise.resolve(new Response('', { status: 502 }))),
      'reachHttpError',
    );
    expectCatalogueToSay(
      await reach(() =>
        Promise.resolve(new Response('<html></html>', { headers: { 'content-type': 'text/html' } })),
      ),
      'reachNotJitsi',
    );
    const timeout = () => Promise.reject(Object.assign(new Error('timed out'), { name: 'TimeoutError' }));
    expectCatalogueToSay(await reach(timeout), 'reachTimeout');
    expectCatalogueToSay(await reach(timeout, configured, 2500), 'reachTimeout');
    expectCatalogueToSay(await reach(() => networkError('ENOTFOUND')), 'reachDns');
    expectCatalogueToSay(await reach(() => networkError('ECONNREFUSED')), 'reachRefused');
    expectCatalogueToSay(await reach(() => networkError('ERR_TLS_CERT_ALTNAME_INVALID')), 'reachTls');
    expectCatalogueToSay(await reach(() => networkError('ECONNRESET')), 'reachUnreachable');
  });
});
