import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const DEVICE_COOKIE = 'parley_device';
/** A browser stays "known" for a year after its last successful sign-in. */
export const DEVICE_COOKIE_TTL_MS = 365 * 24 * 60 * 60 * 1000;

/**
 * Device cookies (OWASP): after a successful sign-in the browser gets a signed cookie naming the
 * account, so later attempts from it are told apart from a stranger's and are not slowed by
 * failures elsewhere. Signed with a key derived from SECRET_KEY; nothing is stored server-side.
 */
export class DeviceCookies {
  private readonly key: Buffer;

  constructor(secretKey: string) {
    this.key = createHmac('sha256', secretKey).update('parley-device-cookie').digest();
  }

  issue(username: string, now: Date): string {
    const payload = Buffer.from(
      JSON.stringify({
        u: username,
        d: randomBytes(12).toString('base64url'),
        e: now.getTime() + DEVICE_COOKIE_TTL_MS,
      }),
    ).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  /** The device id when `cookie` is a valid, unexpired device cookie for `username`; else null. */
  verify(cookie: string | undefined, username: string, now: Date): string | null {
    if (!cookie) return null;
    const [payload, signature, extra] = cookie.split('.');
    if (!payload || !signature || extra !== undefined) return null;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    try {
      const data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
        u?: unknown;
        d?: unknown;
        e?: unknown;
      };
      if (data.u !== username || typeof data.d !== 'string' || typeof data.e !== 'number') return null;
      return data.e > now.getTime() ? data.d : null;
    } catch {
      return null;
    }
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}
