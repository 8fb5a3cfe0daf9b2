/**
 * The `domain` setting is what an admin copies from their browser's address bar minus the scheme:
 * `host[:port]` with an optional tenant (`meet.example.com/acme`). Jitsi's tenant is a single path
 * segment that Prosody turns into the `[acme]room` node, so deeper paths cannot work.
 */

/** The pieces of a valid `domain` setting. */
export interface DomainParts {
  /** `hostname[:port]`, what goes after `https://` and what `JitsiMeetExternalAPI` takes. */
  host: string;
  /** The bare hostname (no port); the default token `sub` on deployments without tenants. */
  hostname: string;
  port?: number;
  /** The tenant path segment, lowercased, when the deployment uses `https://host/<tenant>/<room>`. */
  tenant?: string;
}

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const HOSTNAME_RE = new RegExp(`^(?:${LABEL})(?:\\.${LABEL})*$`);
const IPV6_RE = /^\[[0-9a-f:.]+\]$/;
const TENANT_RE = /^[a-z0-9_-]+$/;

/** Why a domain is unusable, in an admin's words, or `undefined` when it is fine. */
export function domainProblem(raw: string): string | undefined {
  const value = raw.trim();
  if (value === '') {
    return 'The Jitsi domain is empty. Enter the host of your Jitsi server, e.g. meet.example.com.';
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || /^https?:/i.test(value)) {
    return `Remove the scheme from the domain ("${value}"): enter it as meet.example.com; whether links use https is the "useSsl" setting.`;
  }
  if (/[?#]/.test(value)) {
    return `The domain "${value}" contains a query or fragment (? or #); enter only host[:port][/tenant].`;
  }
  if (/\s/.test(value)) return `The domain "${value}" contains spaces.`;
  if (value.includes('@')) {
    return `The domain "${value}" contains "@"; enter only host[:port][/tenant], without credentials.`;
  }
  const [hostPort = '', ...path] = value.toLowerCase().replace(/\/+$/, '').split('/');
  if (path.length > 1) {
    return `The domain "${value}" has more than one path segment; Jitsi tenants are a single segment (meet.example.com/acme).`;
  }
  if (path.length === 1 && !TENANT_RE.test(path[0]!)) {
    return `The tenant "${path[0]}" may only contain letters, digits, "-" and "_".`;
  }
  const portMatch = /^(.*?)(?::(\d+))?$/.exec(hostPort)!;
  const hostname = portMatch[1]!;
  if (hostPort.includes(':') && !hostname.startsWith('[') && portMatch[2] === undefined) {
    return `The port in "${value}" is not a number.`;
  }
  if (portMatch[2] !== undefined) {
    const port = Number(portMatch[2]);
    if (port < 1 || port > 65535) return `The port ${portMatch[2]} in "${value}" is out of range (1-65535).`;
  }
  if (!HOSTNAME_RE.test(hostname) && !IPV6_RE.test(hostname)) {
    return `"${hostname}" is not a valid host name.`;
  }
  return undefined;
}

/** Splits a domain that passed {@link domainProblem}; throws on an invalid one. */
export function parseDomain(raw: string): DomainParts {
  const problem = domainProblem(raw);
  if (problem !== undefined) throw new Error(problem);
  const [host = '', tenant] = raw.trim().toLowerCase().replace(/\/+$/, '').split('/');
  const m = /^(.*?)(?::(\d+))?$/.exec(host)!;
  const parts: DomainParts = { host, hostname: m[1]! };
  if (m[2] !== undefined) parts.port = Number(m[2]);
  if (tenant !== undefined) parts.tenant = tenant;
  return parts;
}

/** The canonical spelling of a valid domain: trimmed, lowercased, no trailing slash. */
export function normaliseDomain(raw: string): string {
  return raw.trim().toLowerCase().replace(/\/+$/, '');
}
