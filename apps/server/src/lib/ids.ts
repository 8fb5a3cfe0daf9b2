import { createHash, randomBytes } from 'node:crypto';

let lastMs = 0;
let sequence = 0;

/**
 * A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then random bits, so ids sort by creation time
 * (messages and calls page by time) and stay unguessable. Within one millisecond a 12-bit counter
 * in `rand_a` keeps ids from this process increasing.
 */
export function newId(now = Date.now()): string {
  if (now <= lastMs) {
    sequence = (sequence + 1) & 0xfff;
    if (sequence === 0) lastMs += 1;
    now = lastMs;
  } else {
    lastMs = now;
    sequence = randomBytes(2).readUInt16BE(0) & 0x7ff;
  }
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | (sequence >> 8);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** 256 bits, URL-safe: for session cookies, CSRF tokens and API token secrets. */
export const newSecret = (): string => randomBytes(32).toString('base64url');

/** Stored in place of a bearer secret so a database leak does not leak working credentials. */
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');
