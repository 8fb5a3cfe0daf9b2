import {
  advise,
  createTokenSigner,
  debianProsodyConfig,
  decodeJwt,
  dockerEnv,
  formatDockerEnv,
  joinCall,
  meetingLocation,
  newCallId,
  type JitsiSettings,
} from '@parley/jitsi';
import type { JitsiCheckResponse, JitsiReachabilityResponse } from '@parley/shared';
import type { SettingsService } from './settings.service.js';

/** How long the reachability check waits for the Jitsi domain. */
export const REACHABILITY_TIMEOUT_MS = 3000;

/** The made-up caller the sample token is minted for. */
export const SAMPLE_USER = { id: 'sample-user-id', name: 'Sample Caller' } as const;

/** Redirects followed within the same host (http → https, a trailing path) before giving up. */
const MAX_REDIRECTS = 3;
/** The most of the script read to recognise it (Jitsi's is a few hundred KB). */
const MAX_SCRIPT_BYTES = 2_000_000;
/** What every Jitsi Meet `external_api.js` defines. */
const JITSI_MARKER = 'JitsiMeetExternalAPI';

export interface JitsiCheckDependencies {
  settings: SettingsService;
  /** Injected in tests; the global fetch otherwise. */
  fetch?: typeof fetch;
  timeoutMs?: number;
}

type Reachability = JitsiReachabilityResponse;
type Reason = NonNullable<Reachability['reason']>;
type Fail = (reason: Reason, message: string, values?: Record<string, string | number>) => Reachability;

/** Each failure's code for a translated sentence (`jitsi.<code>` in the web app). */
const REASON_CODES: Readonly<Record<Reason, string>> = {
  no_domain: 'reachNoDomain',
  dns: 'reachDns',
  refused: 'reachRefused',
  unreachable: 'reachUnreachable',
  timeout: 'reachTimeout',
  tls: 'reachTls',
  redirect: 'reachRedirect',
  not_found: 'reachNotFound',
  http_error: 'reachHttpError',
  not_jitsi: 'reachNotJitsi',
};

/**
 * The admin page's "Check configuration": what the stored Jitsi settings produce (problems,
 * warnings, a sample token's claims, the docker-jitsi-meet environment or, for a Debian deployment,
 * its Prosody lines) and whether the server can reach the domain. Nothing it returns contains a
 * secret: tokens are decoded without their signature and the environment and Prosody lines print
 * the secret as a placeholder.
 */
export class JitsiCheckService {
  private readonly settings: SettingsService;
  private readonly fetch: typeof fetch;
  private readonly timeoutMs: number;

  constructor(deps: JitsiCheckDependencies) {
    this.settings = deps.settings;
    this.fetch = deps.fetch ?? globalThis.fetch;
    this.timeoutMs = deps.timeoutMs ?? REACHABILITY_TIMEOUT_MS;
  }

  async check(): Promise<JitsiCheckResponse> {
    const problems = await this.settings.jitsiProblems();
    const settings = await this.settings.get('jitsi');
    const configured = problems.length === 0;
    return {
      configured,
      problems,
      warnings: warningsFor(settings),
      sampleToken: configured ? sampleToken(settings) : null,
      dockerEnv: configured ? dockerEnvText(settings) : '',
      prosodyConfig: configured ? prosodyConfigText(settings) : '',
    };
  }

  /**
   * Fetches `<meeting base URL>/external_api.js` (nothing else: no other path, no redirect to another
   * host) with a short timeout, and says whether it is Jitsi's script or, in a few words, why not.
   * The answer carries no status code, timing or error text, so the check cannot be used to map what
   * listens on other hosts and ports.
   */
  async reachability(): Promise<Reachability> {
    const settings = await this.settings.get('jitsi');
    const url = scriptUrl(settings);
    if (url === null) {
      return {
        ok: false,
        url: '',
        reason: 'no_domain',
        message: 'No Jitsi domain is chosen yet: enter the domain and save first.',
        code: 'reachNoDomain',
      };
    }
    const signal = AbortSignal.timeout(this.timeoutMs);
    const fail: Fail = (reason, message, values) => ({
      ok: false,
      url,
      reason,
      message,
      code: REASON_CODES[reason],
      ...(values ? { values } : {}),
    });
    let target = new URL(url);
    try {
      for (let hop = 0; ; hop++) {
        const response = await this.fetch(target, {
          method: 'GET',
          redirect: 'manual',
          headers: { accept: 'application/javascript, text/javascript, */*;q=0.1' },
          signal,
        });
        if (response.status >= 300 && response.status < 400) {
          await response.body?.cancel().catch(() => undefined);
          const location = response.headers.get('location');
          const next = location === null ? null : safeUrl(location, target);
          if (
            next === null ||
            hop >= MAX_REDIRECTS ||
            // host, not hostname: another port of the same name is another service.
            next.host !== target.host ||
            !next.pathname.endsWith('/external_api.js')
          ) {
            return fail(
              'redirect',
              `${target.host} redirects elsewhere; enter the domain the script is really served from.`,
              { host: target.host },
            );
          }
          target = next;
          continue;
        }
        return await this.judge(response, url, fail);
      }
    } catch (err) {
      return this.failure(err, target, fail);
    }
  }

  private async judge(response: Response, url: string, fail: Fail): Promise<Reachability> {
    if (response.status === 404) {
      await response.body?.cancel().catch(() => undefined);
      return fail('not_found', 'There is no external_api.js there: is this a Jitsi Meet domain?');
    }
    if (response.status < 200 || response.status >= 300) {
      await response.body?.cancel().catch(() => undefined);
      return fail('http_error', 'The server did not hand out the script: is Jitsi Meet running there?');
    }
    const type = response.headers.get('content-type') ?? '';
    const script = /javascript|ecmascript/i.test(type) ? await readCapped(response, MAX_SCRIPT_BYTES) : '';
    if (!script.includes(JITSI_MARKER)) {
      await response.body?.cancel().catch(() => undefined);
      return fail(
        'not_jitsi',
        'The answer is not Jitsi Meet’s external_api.js: is this a Jitsi Meet domain?',
      );
    }
    return { ok: true, url, reason: null, message: `Reached ${url}.`, code: 'reachOk', values: { url } };
  }

  private failure(err: unknown, target: URL, fail: Fail): Reachability {
    const name = (err as { name?: string }).name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      return fail(
        'timeout',
        `Nothing answered within ${formatSeconds(this.timeoutMs)}. Check the domain, the firewall and that Jitsi is running.`,
        { seconds: seconds(this.timeoutMs) },
      );
    }
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    switch (cause?.code ?? '') {
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return fail('dns', `The name ${target.hostname} does not resolve (DNS) from this server.`, {
          hostname: target.hostname,
        });
      case 'ECONNREFUSED':
        return fail('refused', `${target.host} refused the connection: is Jitsi running there?`, {
          host: target.host,
        });
      default:
        if (cause?.code?.startsWith('ERR_TLS') || /certificate|SSL|TLS/i.test(cause?.message ?? '')) {
          return fail('tls', `The TLS connection to ${target.host} failed: check its certificate.`, {
            host: target.host,
          });
        }
        return fail('unreachable', `${target.host} cannot be reached from this server.`, {
          host: target.host,
        });
    }
  }
}

/** `location` resolved against `base`, or null when it is not an http(s) URL. */
function safeUrl(location: string, base: URL): URL | null {
  try {
    const url = new URL(location, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/** The body as text, at most `max` bytes of it (the rest is not downloaded). */
async function readCapped(response: Response, max: number): Promise<string> {
  const reader = (response.body as ReadableStream<Uint8Array> | null)?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < max) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, max).toString('utf8');
}

/** The script a browser loads for the stored settings, or null while no domain is chosen. */
export function scriptUrl(settings: JitsiSettings): string | null {
  if (settings.domain === '' && !settings.useJaas) return null;
  try {
    return `${meetingLocation(settings).baseUrl.replace(/\/+$/, '')}/external_api.js`;
  } catch {
    return null;
  }
}

/** The library's advice; empty while no domain is chosen and tokens are off (nothing to advise on yet). */
export function warningsFor(settings: JitsiSettings) {
  return advise(settings).map(({ field, message, code, values }) => ({
    field,
    message,
    ...(code !== undefined ? { code } : {}),
    ...(values !== undefined ? { values } : {}),
  }));
}

/** A token as a real join would mint it, for a sample moderator in a fresh room: header and claims only. */
export function sampleToken(settings: JitsiSettings): JitsiCheckResponse['sampleToken'] {
  if (!settings.useAuthToken) return null;
  try {
    const info = joinCall(createTokenSigner(settings), {
      callId: newCallId(),
      user: { ...SAMPLE_USER },
      moderator: true,
    });
    const decoded = info.jwt === undefined ? undefined : decodeJwt(info.jwt);
    return decoded ? { header: decoded.header, payload: decoded.payload } : null;
  } catch {
    return null;
  }
}

/** docker-jitsi-meet `.env` text for self-hosted token auth ('' for JaaS or without tokens). */
export function dockerEnvText(settings: JitsiSettings): string {
  try {
    return formatDockerEnv(dockerEnv(settings));
  } catch {
    return '';
  }
}

/** A Debian jitsi-meet-tokens install's Prosody lines ('' for other deployments or without tokens). */
export function prosodyConfigText(settings: JitsiSettings): string {
  try {
    return debianProsodyConfig(settings);
  } catch {
    return '';
  }
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** Milliseconds as the seconds the sentences show: whole, else to one decimal. */
function seconds(ms: number): number {
  return ms % 1000 === 0 ? ms / 1000 : Number((ms / 1000).toFixed(1));
}
