import { randomBytes } from 'node:crypto';
import type { E2eeMode, JoinE2ee } from '@parley/shared';
import { Errors, type AppError } from '../errors.js';

/**
 * A fresh media key for one call or consultation session: 32 random bytes as hex, the form the
 * IFrame API's `e2eeKey` option takes (it turns it into `setMediaEncryptionKey` after joining).
 */
export function newMediaKey(): string {
  return randomBytes(32).toString('hex');
}

/**
 * What a join answer carries about encryption, for someone the join admits: the mode and key when
 * the meeting is encrypted, nothing when it is not. A browser that says it cannot encrypt is refused
 * when encryption is required (the token would let it in, but it could not take part). An encrypted
 * meeting whose key is gone has ended (the key is erased then): `ended` is thrown rather than letting
 * the join go on in clear.
 */
export function joinE2ee(
  mode: E2eeMode | null,
  key: string | null,
  e2eeSupported: boolean | undefined,
  ended: () => AppError,
): { e2ee?: JoinE2ee } {
  if (mode === null || mode === 'off') return {};
  if (key === null) throw ended();
  if (mode === 'required' && e2eeSupported === false) throw Errors.e2eeUnsupported();
  return { e2ee: { mode, key } };
}
