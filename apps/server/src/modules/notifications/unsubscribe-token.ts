import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The digest's unsubscribe link works without signing in: its token names the person and is signed
 * with the server's secret key (HMAC-SHA256, its own purpose string), so nobody can make one for
 * someone else. It never expires; all it can do is stop that person's digest.
 */
const PURPOSE = 'parley:digest-unsubscribe:';

const sign = (secret: string, userId: string) =>
  createHmac('sha256', secret)
    .update(PURPOSE + userId)
    .digest('base64url');

export function unsubscribeToken(secret: string, userId: string): string {
  return `${Buffer.from(userId).toString('base64url')}.${sign(secret, userId)}`;
}

/** The person a token was made for, or null for anything else. */
export function verifyUnsubscribeToken(secret: string, token: string): string | null {
  const [encoded, mac, extra] = token.split('.');
  if (!encoded || !mac || extra !== undefined) return null;
  const userId = Buffer.from(encoded, 'base64url').toString('utf8');
  if (!userId || userId.length > 64) return null;
  const expected = Buffer.from(sign(secret, userId));
  const given = Buffer.from(mac);
  return expected.length === given.length && timingSafeEqual(expected, given) ? userId : null;
}
