import {
  advise,
  createTokenSigner,
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

export interface JitsiCheckOptions {
  /** Injected in tests; the global fetch otherwise. */
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Milliseconds, for measuring how long the fetch took. */
  now?: () => number;
}

/**
 * The admin page's "Check configuration": what the stored Jitsi settings produce (problems,
 * warnings, a sample token's claims, the docker-jitsi-meet environment) and whether the server can
 * reach the domain. Nothing it returns contains a secret: tokens are decoded without their signature
 * and the environment prints the secret as a placeholder.
 */
export class JitsiCheck {
  private readonly fetch: typeof fetch;
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(
    private readonly settings: SettingsService,
    options: JitsiCheckOptions = {},
  ) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.timeoutMs = options.timeoutMs ?? REACHABILITY_TIMEOUT_MS;
    this.now = options.now ?? (() => performance.now());
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
    };
  }

  /** Fetches `<meeting base URL>/external_api.js` with a short timeout and says what happened. */
  async reachability(): Promise<JitsiReachabilityResponse> {
    const settings = await this.settings.get('jitsi');
    const url = scriptUrl(settings);
    if (url === null) {
      return {
        ok: false,
        url: '',
        status: null,
        ms: 0,
        message: 'No Jitsi domain is chosen yet: enter the domain and save first.',
      };
    }
    const started = this.now();
    const elapsed = () => Math.max(0, Math.round(this.now() - started));
    let response: Response;
    try {
      response = await this.fetch(url, {
        method: 'GET',
        redirect: 'follow',
        headers: { accept: 'application/javascript, text/javascript, */*;q=0.1' },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const ms = elapsed();
      return { ok: false, url, status: null, ms, message: this.failureMessage(err, url) };
    }
    const ms = elapsed();
    const status = response.status;
    const type = response.headers.get('content-type') ?? '';
    // The script itself is not needed; stop the download.
    await response.body?.cancel().catch(() => undefined);
    if (status === 404) {
      return { ok: false, url, status, ms, message: 'The server answered 404: is this a Jitsi Meet domain?' };
    }
    if (status < 200 || status >= 300) {
      return {
        ok: false,
        url,
        status,
        ms,
        message: `The server answered ${status}${response.statusText ? ` ${response.statusText}` : ''} instead of the script.`,
      };
    }
    if (!/javascript|ecmascript/i.test(type)) {
      return {
        ok: false,
        url,
        status,
        ms,
        message: `Not a JavaScript file (the answer is ${type === '' ? 'untyped' : type.split(';')[0]}): is this a Jitsi Meet domain?`,
      };
    }
    return { ok: true, url, status, ms, message: `Reached ${url} in ${ms} ms.` };
  }

  private failureMessage(err: unknown, url: string): string {
    const name = (err as { name?: string }).name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      return `Timed out after ${formatSeconds(this.timeoutMs)}: nothing answered at ${url}. Check the domain, the firewall and that Jitsi is running.`;
    }
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const host = new URL(url).host;
    switch (cause?.code ?? '') {
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return `The name ${new URL(url).hostname} does not resolve (DNS) from this server.`;
      case 'ECONNREFUSED':
        return `${host} refused the connection: nothing listens there, or a firewall rejects it.`;
      case 'ECONNRESET':
        return `${host} closed the connection before answering.`;
      case 'EHOSTUNREACH':
      case 'ENETUNREACH':
        return `${host} cannot be reached from this server (no route).`;
      default:
        if (cause?.code?.startsWith('ERR_TLS') || /certificate|SSL|TLS/i.test(cause?.message ?? '')) {
          return `The TLS connection to ${host} failed: ${cause?.message ?? cause?.code}. Check its certificate.`;
        }
        return `Could not fetch ${url}: ${cause?.message ?? (err as Error).message}`;
    }
  }
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
  return advise(settings).map((w) => ({ field: w.field, message: w.message }));
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

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
