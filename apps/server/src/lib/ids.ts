import { createHash, randomBytes, randomUUID } from 'node:crypto';

export const newId = (): string => randomUUID();

/** 256 bits, URL-safe: for session cookies, CSRF tokens and API token secrets. */
export const newSecret = (): string => randomBytes(32).toString('base64url');

/** Stored in place of a bearer secret so a database leak does not leak working credentials. */
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');
