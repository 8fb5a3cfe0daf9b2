/** The pages a person is sent back from rather than to after signing in. */
const SIGN_IN_PAGES = ['/login', '/login/mfa', '/register', '/setup', '/forgot-password'];

/** Only same-site paths are followed after sign-in, never `//elsewhere.example`. */
export function safeNextPath(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (SIGN_IN_PAGES.some((p) => next === p || next.startsWith(`${p}?`))) return '/';
  return next;
}
