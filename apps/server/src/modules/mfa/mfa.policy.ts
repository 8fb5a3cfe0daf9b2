import type { MfaSetupDue, SecuritySettings } from '@parley/shared';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The fields of an account the policy looks at. */
export interface PolicySubject {
  role: 'admin' | 'user';
  is_provider: number;
  username: string;
  /** 1 for a guest (issue 19): never covered, their personal link is their only way in. */
  guest?: number;
}

/**
 * Does `requireMfa` ask this person for a second factor? (`staff`: administrators and providers;
 * guests never: they have no password and cannot set one up.)
 */
export function policyCovers(security: SecuritySettings, user: PolicySubject): boolean {
  if (user.guest === 1) return false;
  switch (security.requireMfa) {
    case 'none':
      return false;
    case 'admins':
      return user.role === 'admin';
    case 'staff':
      return user.role === 'admin' || user.is_provider === 1;
    case 'everyone':
      return true;
  }
}

/** What the session says about a factor still to set up, counted from when policy first asked. */
export function setupDue(security: SecuritySettings, sinceIso: string, nowMs: number): MfaSetupDue {
  const enrollBy = Date.parse(sinceIso) + security.mfaGraceDays * DAY_MS;
  return { enrollBy: new Date(enrollBy).toISOString(), blocked: nowMs > enrollBy };
}

/** May this account sign in with its password under these settings? */
export const passwordAllowed = (security: SecuritySettings, user: PolicySubject): boolean =>
  security.passwordSignIn ||
  (user.role === 'admin' && security.breakGlassAdmins.includes(user.username.toLowerCase()));
