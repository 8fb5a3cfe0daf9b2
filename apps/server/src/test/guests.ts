import type { Consultation, Me } from '@parley/shared';
import { createGuestAccount, GuestsRepository, newGuestToken } from '../modules/guests/index.js';
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
 * A guest client (an account marked guest) with a provider's proposal and a personal link that
 * expires at `expiresAt` (a day after the start by default). Written as the booking flow does.
 */
export async function insertGuestClient(
  app: TestApp,
  provider: Person,
  start: string,
  options: { name?: string; email?: string | null; expiresAt?: string } = {},
): Promise<GuestInvitation> {
  const repos = { guests: new GuestsRepository(app.db.kysely) };
  const nowMs = app.services.clock.now().getTime();
  const guest = await createGuestAccount(repos, {
    name: options.name ?? 'Gwen Guest',
    email: options.email === undefined ? 'gwen@example.org' : options.email,
    nowMs,
  });
  const res = await provider.client.post('/api/v1/consultations', { clientId: guest.id, start });
  if (res.statusCode !== 201) throw new Error(`proposal failed: ${res.statusCode} ${res.body}`);
  const { consultation } = res.json<{ consultation: Consultation }>();
  const token = await insertPass(app, {
    userId: guest.id,
    consultationId: consultation.id,
    createdBy: provider.user.id,
    expiresAt: options.expiresAt ?? new Date(Date.parse(start) + 24 * 3_600_000).toISOString(),
  });
  return { consultation, token, guestId: guest.id };
}

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
