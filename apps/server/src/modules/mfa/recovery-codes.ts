import { randomInt } from 'node:crypto';
import { sha256 } from '../../lib/ids.js';

export const RECOVERY_CODE_COUNT = 10;
/** No 0/O, 1/I/L: codes are read off paper. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** `xxxxx-xxxxx`, about 49 bits each. */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  const half = () => Array.from({ length: 5 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return Array.from({ length: count }, () => `${half()}-${half()}`);
}

/** Case, spaces and dashes do not matter. */
export const normaliseRecoveryCode = (code: string): string => code.toLowerCase().replace(/[\s-]/g, '');

/** What is stored (and looked up): the hash of the normalised code. */
export const hashRecoveryCode = (code: string): string => sha256(normaliseRecoveryCode(code));

/** Might this be a recovery code (rather than a six-digit TOTP code)? */
export const looksLikeRecoveryCode = (code: string): boolean =>
  /^[a-z0-9]{10}$/.test(normaliseRecoveryCode(code));
