import { inject } from 'vitest';
import { prosodyHost, type ProsodyHost } from './prosody-server.js';
import type { SharedProsody, SharedProsodyHost } from './shared-prosody-hosts.js';

export { ROTATED_APP_SECRET, type SharedProsodyHost } from './shared-prosody-hosts.js';

/** The run's one Prosody (started by prosody-global.ts): a client handle per deployment. */
export function sharedProsody(): {
  hosts: Record<SharedProsodyHost, ProsodyHost>;
  jaasAccount: SharedProsody['jaasAccount'];
} {
  const provided = inject('prosody');
  const hosts = Object.fromEntries(
    Object.entries(provided.hosts).map(([name, info]) => [name, prosodyHost(info)]),
  ) as Record<SharedProsodyHost, ProsodyHost>;
  return { hosts, jaasAccount: provided.jaasAccount };
}
