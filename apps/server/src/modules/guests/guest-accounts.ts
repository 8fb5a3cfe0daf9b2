import type { Locale } from '@parley/shared';
import type { UserRow } from '../../db/schema.js';
import { newId, newPublicId, newSecret, sha256 } from '../../lib/ids.js';
import type { GuestsRepository } from './guests.repository.js';

/** A guest's password hash: not a hash at all, so every password check refuses it without throwing. */
export const GUEST_NO_PASSWORD = '!guest';

/**
 * A new guest account (issue 19): an account row marked `guest`, so calls, consultations, chat and the
 * access log treat the person like anyone, under a random username nobody sees or mentions.
 */
export async function createGuestAccount(
  repos: { guests: GuestsRepository },
  input: {
    name: string;
    email: string | null;
    nowMs: number;
    /** The language their e-mails are written in (issue 21): the one they booked in, or their inviter's. */
    locale?: Locale | null;
  },
): Promise<UserRow> {
  const now = new Date(input.nowMs).toISOString();
  const row: UserRow = {
    id: newId(input.nowMs),
    // Valid under UsernameSchema, unique, and never shown: guests are named by display_name.
    username: `guest-${newPublicId()
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '')
      .slice(0, 20)}`,
    display_name: input.name,
    email: input.email,
    password_hash: GUEST_NO_PASSWORD,
    role: 'user',
    avatar_file: null,
    active: 1,
    is_provider: 0,
    guest: 1,
    created_at: now,
    updated_at: now,
    mfa_required_since: null,
    locale: input.locale ?? null,
  };
  await repos.guests.insertAccount(row);
  return row;
}

/** A personal link's secret part and what is stored of it. */
export function newGuestToken(): { token: string; tokenHash: string } {
  const token = newSecret();
  return { token, tokenHash: sha256(token) };
}

export const guestTokenHash = (token: string): string => sha256(token);
