import type { Consultation, GuestInvite, Me } from '@parley/shared';
import { GuestsRepository, newGuestToken } from '../modules/guests/index.js';
import type { Person } from './factories.js';
import { TestClient, type TestApp } from './test-app.js';

/** Test helpers for guests (issue 19): a provider's guest client and their personal link. */

export interface GuestInvitation {
  consultation: Consultation;
  /** The token of the personal link (`/visit/<token>`). */
  token: string;
  guestId: string;
}

/**
 * A provider's proposal to someone without an account (`POST /consultations { guest, start }`): the
 * consultation, the token of the personal link it answered with, and the guest account's id. With
 * `expiresAt`, the link is then made to expire then (a test's shortcut).
 */
export async function insertGuestClient(
  app: TestApp,
  provider: Person,
  start: string,
  options: { name?: string; email?: string; expiresAt?: string } = {},
): Promise<GuestInvitation & { invite: GuestInvite }> {
  const res = await provider.client.post('/api/v1/consultations', {
    guest: { name: options.name ?? 'Gwen Guest', email: options.email ?? 'gwen@example.org' },
    start,
  });
  if (res.statusCode !== 201) throw new Error(`guest proposal failed: ${res.statusCode} ${res.body}`);
  const { consultation, invite } = res.json<{ consultation: Consultation; invite: GuestInvite }>();
  const token = tokenOf(invite.url);
  if (options.expiresAt !== undefined) {
    await app.db.kysely
      .updateTable('guest_passes')
      .set({ expires_at: options.expiresAt })
      .where('consultation_id', '=', consultation.id)
      .execute();
  }
  return { consultation, token, guestId: consultation.client.id, invite };
}

/** The token of a personal link (`…/visit/<token>`). */
export const tokenOf = (url: string): string => {
  const match = /\/visit\/([^/?#]+)$/.exec(url);
  if (!match) throw new Error(`not a personal link: ${url}`);
  return match[1]!;
};

/** A personal link for `userId`, as the booking flow writes it; returns its token. */
export async function insertPass(
  app: TestApp,
  pass: {
    userId: string;
    consultationId: string;
    createdBy: string | null;
    expiresAt: string;
    purpose?: 'client' | 'participant';
  },
): Promise<string> {
  const { token, tokenHash } = newGuestToken();
  const now = app.services.clock.now();
  await new GuestsRepository(app.db.kysely).insertPass({
    id: `pass-${tokenHash.slice(0, 16)}`,
    token_hash: tokenHash,
    user_id: pass.userId,
    purpose: pass.purpose ?? 'client',
    consultation_id: pass.consultationId,
    created_by: pass.createdBy,
    created_at: now.toISOString(),
    expires_at: pass.expiresAt,
    last_used_at: null,
    revoked_at: null,
  });
  return token;
}

/** A browser that opened the link and started the guest session: a client signed in as the guest. */
export async function visit(app: TestApp, token: string, client = new TestClient(app)): Promise<Person> {
  const res = await client.post(`/api/v1/visit/${token}/session`);
  if (res.statusCode !== 200) throw new Error(`visit failed: ${res.statusCode} ${res.body}`);
  return { client, user: res.json<{ user: Me }>().user };
}
