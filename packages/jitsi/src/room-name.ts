/**
 * Room names exactly as Jitsi computes them. The web client strips some characters from the URL path
 * and then builds the MUC node with `getBackendSafeRoomName` (decode, NFKC, lowercase, encode,
 * lowercase); Prosody lowercases the token's `room` claim and compares it with that node. Parley puts
 * the same string in the URL and in the claim, so they match whatever an admin types as prefix/suffix.
 */
import { randomBytes } from 'node:crypto';

/** Characters jitsi-meet's `_fixRoom` removes from the room path segment (`_ROOM_EXCLUDE_PATTERN`). */
const ROOM_EXCLUDE_RE = /[:?#[\]@!$&'()*+,;=></"]/g;
/** Unpaired surrogates cannot be URL-encoded (`encodeURIComponent` throws), so they are dropped. */
const LONE_SURROGATE_RE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** XMPP localparts are limited to 1023 bytes (RFC 7622); the node is ASCII after encoding. */
export const MAX_ROOM_NAME_LENGTH = 1023;

/** One pass of what the Jitsi client does to a room path segment before it reaches Prosody. */
function jitsiClientPass(room: string): string {
  let value = room.replace(ROOM_EXCLUDE_RE, '');
  try {
    value = decodeURIComponent(value);
  } catch {
    // Jitsi keeps a string that is not valid percent-encoding as it is ("100%" stays "100%").
  }
  value = value.replace(LONE_SURROGATE_RE, '').normalize('NFKC').toLowerCase();
  return encodeURIComponent(value).toLowerCase();
}

/**
 * The backend-safe form of `room`: what Jitsi's client turns it into, and a fixed point of that
 * transformation, so putting the result in a URL yields the very same MUC node. encodeURIComponent
 * leaves `!'()*` alone although the client strips them from paths, and decoding or NFKC can bring
 * stripped characters back, hence the loop (it settles in one or two passes).
 */
export function backendSafeRoomName(room: string): string {
  let current = jitsiClientPass(room);
  for (let i = 0; i < 8; i++) {
    const next = jitsiClientPass(current);
    if (next === current) return current;
    current = next;
  }
  return current;
}

/**
 * The room name for a call: `prefix + id + suffix` in backend-safe form. Use it both in the meeting
 * URL and in the token's `room` claim. Throws a `RangeError` if the result is empty or longer than
 * an XMPP node may be.
 */
export function roomName(prefix: string, id: string, suffix = ''): string {
  const name = backendSafeRoomName(prefix + id + suffix);
  if (name === '' || name === '.' || name === '..') {
    throw new RangeError(
      `The room name "${name}" is empty or a dot segment after removing the characters Jitsi strips.`,
    );
  }
  if (name.length > MAX_ROOM_NAME_LENGTH) {
    throw new RangeError(
      `The room name is ${name.length} characters once encoded; Jitsi (XMPP) allows ${MAX_ROOM_NAME_LENGTH}. Shorten the title prefix or suffix.`,
    );
  }
  return name;
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * A fresh call id: 26 lowercase base32 characters carrying 128 random bits. Only `[a-z2-7]`, so
 * the plain and the URL-encoded form are the same and nothing about the chat room can be guessed.
 */
export function newCallId(): string {
  const bytes = randomBytes(16);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** Whether `id` has the shape {@link newCallId} produces. */
export function isCallId(id: string): boolean {
  return /^[a-z2-7]{26}$/.test(id);
}
