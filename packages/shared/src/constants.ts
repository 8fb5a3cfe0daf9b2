/**
 * Plain values shared by the server and the web app, without zod: the web imports them from
 * `@parley/shared/constants` on pages that check no answer at once, so its first chunks carry no zod
 * (the schemas load with the first answer to check). The package's main entry re-exports them.
 */

export const CSRF_HEADER = 'x-csrf-token';
export const SESSION_COOKIE = 'parley_session';
export const CSRF_COOKIE = 'parley_csrf';

export const ROOM_ROLES = ['owner', 'moderator', 'member'] as const;
/** A group DM holds at most this many people, the creator included. */
export const DIRECT_MAX_MEMBERS = 8;
export const MESSAGE_MAX_LENGTH = 10_000;

export const CALL_TITLE_MAX_LENGTH = 120;

/**
 * A one-time password-reset link (an administrator's or an e-mailed one): the web app's reset page
 * with the token in the fragment, so the token never reaches a server log or a Referer header.
 */
export const passwordResetLink = (publicUrl: string, token: string): string =>
  `${publicUrl}/reset-password#token=${token}`;
