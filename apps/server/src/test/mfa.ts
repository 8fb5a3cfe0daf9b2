import { createHmac } from 'node:crypto';
import type { MfaFactor } from '@parley/shared';
import { TEST_PASSWORD } from './factories.js';
import { TestClient, type TestApp } from './test-app.js';
import { SoftwareAuthenticator } from './webauthn-authenticator.js';

/**
 * Second factors in route tests: TOTP codes computed here from the secret (independently of the
 * server's implementation), and enrolment through the API.
 */

function base32(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of text) bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  const bytes = bits.match(/.{8}/g) ?? [];
  return Buffer.from(bytes.map((b) => parseInt(b, 2)));
}

/** The six-digit code an authenticator app shows at `ms` (RFC 6238, SHA-1, 30 s). */
export function totpCode(secret: string, ms: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(ms / 30_000)));
  const mac = createHmac('sha1', base32(secret)).update(counter).digest();
  const offset = mac[19]! & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/** Sets up and confirms an authenticator app for the client's person. */
export async function enrollTotp(app: TestApp, client: TestClient) {
  const setup = await client.post('/api/v1/me/mfa/totp');
  if (setup.statusCode !== 200) throw new Error(`totp setup: ${setup.statusCode} ${setup.body}`);
  const { secret } = setup.json<{ secret: string }>();
  const now = app.services.clock.now().getTime();
  const confirm = await client.post('/api/v1/me/mfa/totp/confirm', { code: totpCode(secret, now) });
  if (confirm.statusCode !== 200) throw new Error(`totp confirm: ${confirm.statusCode} ${confirm.body}`);
  return { secret, recoveryCodes: confirm.json<{ recoveryCodes: string[] }>().recoveryCodes };
}

/** Registers a passkey made by a software authenticator. */
export async function enrollPasskey(client: TestClient, authenticator = new SoftwareAuthenticator()) {
  const options = await client.post('/api/v1/me/mfa/passkeys/options');
  if (options.statusCode !== 200) throw new Error(`passkey options: ${options.statusCode} ${options.body}`);
  const response = authenticator.register(options.json().options);
  const created = await client.post('/api/v1/me/mfa/passkeys', { name: 'Laptop', response });
  if (created.statusCode !== 201) throw new Error(`passkey: ${created.statusCode} ${created.body}`);
  const body = created.json<{ factor: MfaFactor; recoveryCodes?: string[] }>();
  return { authenticator, ...body };
}

/** A fresh browser that typed the right password: it holds the `parley_mfa` cookie, no session. */
export async function passwordStep(app: TestApp, username: string, ip?: string) {
  const client = new TestClient(app);
  const res = await client.post(
    '/api/v1/auth/login',
    { username, password: TEST_PASSWORD },
    ip ? { 'x-forwarded-for': ip } : {},
  );
  return { client, res };
}
