import { DisplayNameSchema, EmailSchema, type ClaimMapping, type GroupRole } from '@parley/shared';

/** The facts about a person that a provider's claims give, read through the admin's claim mapping. */
export interface ProviderPerson {
  subject: string;
  username: string | null;
  displayName: string | null;
  /** Lower-case, or null when absent or not an address. */
  email: string | null;
  emailVerified: boolean;
  avatarUrl: string | null;
  /** Null when the provider has no groups claim configured (roles are then left alone). */
  groups: string[] | null;
  /** The provider's session id, for back-channel logout. */
  sid: string | null;
}

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : null;

export function readPerson(claims: Record<string, unknown>, mapping: ClaimMapping): ProviderPerson {
  const email = text(claims[mapping.email])?.toLowerCase() ?? null;
  const rawGroups = mapping.groups === null ? null : claims[mapping.groups];
  return {
    subject: String(claims.sub),
    username: text(claims[mapping.username]),
    displayName: text(claims[mapping.displayName]),
    email: email !== null && EmailSchema.safeParse(email).success ? email : null,
    // Strictly true: a missing claim, "false" or anything else is not a verified address.
    emailVerified: claims.email_verified === true,
    avatarUrl: text(claims[mapping.avatar]),
    groups:
      mapping.groups === null
        ? null
        : Array.isArray(rawGroups)
          ? rawGroups.filter((g): g is string => typeof g === 'string')
          : typeof rawGroups === 'string'
            ? [rawGroups]
            : [],
    sid: text(claims.sid),
  };
}

/** Authentication methods (RFC 8176) that mean more than a password was used. */
const MFA_AMR = new Set([
  'mfa',
  'otp',
  'hwk',
  'swk',
  'fpt',
  'face',
  'sms',
  'pin',
  'iris',
  'retina',
  'vbm',
  'sc',
]);
/** `acr` values naming a multi-factor level (PAPE, phishing-resistant, common "mfa" URNs). */
const MFA_ACR = /multi-factor|\bmfa\b|phrh?$/i;

/** Did the provider say it checked more than a password? */
export function providerDidMfa(claims: Record<string, unknown>): boolean {
  const amr = Array.isArray(claims.amr) ? claims.amr : [];
  if (amr.some((m) => typeof m === 'string' && MFA_AMR.has(m.toLowerCase()))) return true;
  return typeof claims.acr === 'string' && MFA_ACR.test(claims.acr);
}

/** The roles the groups give: administrator and provider are independent; no match gives neither. */
export function rolesFromGroups(
  groups: string[],
  rules: Record<string, GroupRole>,
): { role: 'admin' | 'user'; provider: boolean } {
  const given = new Set(groups.filter((g) => Object.hasOwn(rules, g)).map((g) => rules[g]));
  return { role: given.has('admin') ? 'admin' : 'user', provider: given.has('provider') };
}

/** A valid Parley username from the provider's: lower-case, allowed characters, 2–32 long. */
export function usernameBase(claimed: string | null, email: string | null): string {
  const source = claimed ?? email ?? 'user';
  const local = source.includes('@') ? source.slice(0, source.indexOf('@')) : source;
  const cleaned = local
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 28)
    .replace(/[._-]+$/, '');
  return cleaned.length >= 2 ? cleaned : 'user';
}

/** The display name if Parley accepts it as one, else null. */
export function cleanDisplayName(name: string | null): string | null {
  if (name === null) return null;
  const parsed = DisplayNameSchema.safeParse(name.slice(0, 64));
  return parsed.success ? parsed.data : null;
}

/** The part after the `@`. */
export const emailDomain = (email: string) => email.slice(email.lastIndexOf('@') + 1);
