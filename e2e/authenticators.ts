/**
 * What a person's authenticators do, for the specs: an authenticator app's TOTP codes (RFC 6238:
 * HMAC-SHA-1, 6 digits, 30 s steps) and Chromium's virtual WebAuthn authenticator (CDP `WebAuthn`).
 */
import { createHmac } from 'node:crypto';
import type { Page } from '@playwright/test';

/** RFC 4648 base32 (the authenticator key as `otpauth://` carries it) to bytes. */
function base32Decode(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const bytes: number[] = [];
  for (const char of text.replace(/[\s=]/g, '').toUpperCase()) {
    const index = alphabet.indexOf(char);
    if (index < 0) throw new Error(`not base32: ${char}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

/** The code for time step `step` (seconds since the epoch / 30). */
export function totp(secret: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/** The TOTP step of the real clock: the server under test runs on it too. */
export const currentTotpStep = () => Math.floor(Date.now() / 30_000);

/** A platform authenticator with resident keys and user verification that answers every prompt. */
export interface VirtualAuthenticator {
  /** The credentials it holds (one per registered passkey). */
  credentials(): Promise<unknown[]>;
  /** Takes the authenticator away again (the page's later prompts find none). */
  remove(): Promise<void>;
}

export async function addVirtualAuthenticator(page: Page): Promise<VirtualAuthenticator> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  const credentials = async () =>
    (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;
  const remove = async () => {
    await cdp.send('WebAuthn.disable');
  };
  return { credentials, remove };
}
