import { createHash, randomBytes } from 'node:crypto';

/**
 * Makes UUIDv7s (RFC 9562): 48 bits of Unix milliseconds, then random bits, so ids sort by creation
 * time (messages and calls page by time) and stay unguessable. The time is given, never read here:
 * it is the injected clock's (`clock.now().getTime()`), so ids agree with every other time the
 * server records. Within one millisecond, or when the given time is earlier than the last (a clock
 * set back, or a row stamped with a past moment such as a timer's due time), a 12-bit counter in
 * `rand_a` keeps this generator's ids increasing, so rows ordered by (time, id) keep their order.
 * Each generator keeps its own state.
 */
export function idGenerator(): (nowMs: number) => string {
  let lastMs = 0;
  let sequence = 0;
  return (nowMs) => {
    let ms = nowMs;
    if (ms <= lastMs) {
      sequence = (sequence + 1) & 0xfff;
      if (sequence === 0) lastMs += 1;
      ms = lastMs;
    } else {
      lastMs = ms;
      sequence = randomBytes(2).readUInt16BE(0) & 0x7ff;
    }
    const bytes = randomBytes(16);
    bytes.writeUIntBE(ms, 0, 6);
    bytes[6] = 0x70 | (sequence >> 8);
    bytes[7] = sequence & 0xff;
    bytes[8] = 0x80 | (bytes[8]! & 0x3f);
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
}

/** The process's ids, stamped with the given time (the injected clock's, never the wall clock's). */
export const newId: (nowMs: number) => string = idGenerator();

/** 256 bits, URL-safe: for session cookies, CSRF tokens and API token secrets. */
export const newSecret = (): string => randomBytes(32).toString('base64url');

/** Stored in place of a bearer secret so a database leak does not leak working credentials. */
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/** 128 bits, URL-safe: the id shown for something whose own id is a secret's hash (a device session). */
export const newPublicId = (): string => randomBytes(16).toString('base64url');
