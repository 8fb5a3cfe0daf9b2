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

/** A domain problem: a stable `code` and its `values` for translations, beside the English sentence. */
export interface DomainIssue {
  code: string;
  message: string;
  values?: Record<string, string | number>;
}

/** Why a domain is unusable, in an admin's words, or `undefined` when it is fine. */
export function domainProblem(raw: string): string | undefined {
  return domainIssue(raw)?.message;
}

/** {@link domainProblem} with a machine-readable code and the dynamic parts, for translated texts. */
export function domainIssue(raw: string): DomainIssue | undefined {
  const value = raw.trim();
  if (value === '') {
    return {
      code: 'domainEmpty',
      message: 'The Jitsi domain is empty. Enter the host of your Jitsi server, e.g. meet.example.com.',
    };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || /^https?:/i.test(value)) {
    return {
      code: 'domainScheme',
      message: `Remove the scheme from the domain ("${value}"): enter it as meet.example.com; whether links use https is the "useSsl" setting.`,
      values: { value },
    };
  }
  if (/[?#]/.test(value)) {
    return {
      code: 'domainQuery',
      message: `The domain "${value}" contains a query or fragment (? or #); enter only host[:port][/tenant].`,
      values: { value },
    };
  }
  if (/\s/.test(value)) {
    return { code: 'domainSpaces', message: `The domain "${value}" contains spaces.`, values: { value } };
  }
  if (value.includes('@')) {
    return {
      code: 'domainCredentials',
      message: `The domain "${value}" contains "@"; enter only host[:port][/tenant], without credentials.`,
      values: { value },
    };
  }
  const [hostPort = '', ...path] = value.toLowerCase().replace(/\/+$/, '').split('/');
  if (path.length > 1) {
    return {
      code: 'domainPath',
      message: `The domain "${value}" has more than one path segment; Jitsi tenants are a single segment (meet.example.com/acme).`,
      values: { value },
    };
  }
  if (path.length === 1 && !TENANT_RE.test(path[0]!)) {
    return {
      code: 'domainTenant',
      message: `The tenant "${path[0]}" may only contain letters, digits, "-" and "_".`,
      values: { tenant: path[0]! },
    };
  }
  const portMatch = /^(.*?)(?::(\d+))?$/.exec(hostPort)!;
  const hostname = portMatch[1]!;
  if (hostPort.includes(':') && !hostname.startsWith('[') && portMatch[2] === undefined) {
    return {
      code: 'domainPortNotNumber',
      message: `The port in "${value}" is not a number.`,
      values: { value },
    };
  }
  if (portMatch[2] !== undefined) {
    const port = Number(portMatch[2]);
    if (port < 1 || port > 65535) {
      return {
        code: 'domainPortRange',
        message: `The port ${portMatch[2]} in "${value}" is out of range (1-65535).`,
        values: { port: portMatch[2], value },
      };
    }
  }
  if (!HOSTNAME_RE.test(hostname) && !IPV6_RE.test(hostname)) {
    return { code: 'domainHost', message: `"${hostname}" is not a valid host name.`, values: { hostname } };
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
