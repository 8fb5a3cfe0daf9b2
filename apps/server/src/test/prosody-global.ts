/**
 * Vitest global setup: one real Prosody for the whole run (Jitsi's token plugins, see
 * prosody-server.ts), serving every deployment the tests talk to as its own VirtualHost, plus the
 * key server a JaaS-style host fetches public keys from. Test files reach it with `sharedProsody()`
 * (shared-prosody.ts). Without Prosody the suite fails: `scripts/install-test-deps.sh` installs it.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { JITSI_TEST_SETTINGS } from './calls.js';
import { startAsapKeyServer, startProsody } from './prosody-server.js';
import { SHARED_PROSODY_HOSTS } from './shared-prosody-hosts.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const { tenant, kid } = SHARED_PROSODY_HOSTS.jaasAccount;
  const keyServer = await startAsapKeyServer({
    [kid]: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  });
  const prosody = await startProsody(
    SHARED_PROSODY_HOSTS.hosts(JITSI_TEST_SETTINGS.appSecret, keyServer.url),
  );
  project.provide('prosody', {
    hosts: prosody.hosts,
    jaasAccount: {
      tenant,
      kid,
      privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      keyServerUrl: keyServer.url,
    },
  });
  return async () => {
    await Promise.all([prosody.stop(), keyServer.stop()]);
  };
}
