import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { lookup as dnsLookupAll } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { Errors } from '../../errors.js';

/** Resolves a host name to its addresses (IPv4 and IPv6); rejects when it has none. */
export type Resolver = (host: string) => Promise<string[]>;

export const systemResolver: Resolver = async (host) =>
  (await dnsLookupAll(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Addresses a push endpoint may not point at: the server's own machine and networks (loopback,
 * RFC 1918 and unique-local, link-local, carrier-grade NAT, unspecified, multicast, reserved and
 * documentation ranges). A push endpoint comes from a browser, that is from anyone signed in, and
 * the server POSTs to it: without this a subscription would be a way into the server's network.
 */
const refused = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  refused.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  // IPv4-compatible (deprecated) and NAT64 forms reach IPv4 addresses: judged as IPv4 below.
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
  ['100::', 64],
] as const) {
  refused.addSubnet(net, prefix, 'ipv6');
}

/** The IPv4 address an IPv6 address carries (mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::/96`), or null. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:(?:0:)?|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1]!;
  const hex = /^(?:::ffff:(?:0:)?|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex) return null;
  const hi = parseInt(hex[1]!, 16);
  const lo = parseInt(hex[2]!, 16);
  return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join('.');
}

/** True for an address a push endpoint may not use (see `refused`); anything unparsable counts as refused. */
export function isRefusedAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 4) return refused.check(bare, 'ipv4');
  if (family !== 6) return true;
  const v4 = embeddedIpv4(bare);
  if (v4 !== null) return refused.check(v4, 'ipv4');
  return refused.check(bare, 'ipv6');
}

export interface EndpointPolicyOptions {
  /** PUSH_ALLOW_PRIVATE_ENDPOINTS: private addresses are accepted (tests, closed networks). */
  allowPrivate: boolean;
  resolve: Resolver;
}

/**
 * Refuses (400 `push_endpoint_refused`) an endpoint that is not `https:` or whose host is, or
 * resolves to, a refused address. Checked when a subscription is saved; deliveries check again
 * at connect time (`guardedLookup`), so a host whose DNS changes later still cannot reach inside.
 */
export async function checkEndpoint(endpoint: string, options: EndpointPolicyOptions): Promise<void> {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw Errors.pushEndpointRefused('pushEndpointNotUrl');
  }
  if (url.protocol !== 'https:') throw Errors.pushEndpointRefused('pushEndpointNotHttps');
  if (url.username !== '' || url.password !== '') {
    throw Errors.pushEndpointRefused('pushEndpointCredentials');
  }
  if (options.allowPrivate) return;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(host) !== 0) addresses = [host];
  else {
    try {
      addresses = await options.resolve(host);
    } catch {
      throw Errors.pushEndpointRefused('pushEndpointUnresolved', { host });
    }
  }
  if (addresses.length === 0) throw Errors.pushEndpointRefused('pushEndpointUnresolved', { host });
  if (addresses.some(isRefusedAddress)) {
    throw Errors.pushEndpointRefused('pushEndpointPrivate');
  }
}

/**
 * A `lookup` for the delivery agent's sockets: the system's, refusing hosts that resolve to a
 * refused address unless `allowPrivate`, so a host that pointed outside when it was checked and
 * inside later (DNS rebinding) is still not connected to.
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      if (!allowPrivate && addresses.some((a) => isRefusedAddress(a.address))) {
        const refusal = Object.assign(new Error(`push host ${hostname} resolves to a refused address`), {
          code: 'EPUSHREFUSED',
        });
        return callback(refusal, '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error('no address'), { code: 'ENOTFOUND' }), '', 0);
      return callback(null, first.address, first.family);
    });
  };
}
