import type { Availability, Consultation, Provider, Slot, SlotsResponse } from '@parley/shared';
import type { Clock } from '../lib/clock.js';
import { configureJitsi } from './calls.js';
import type { DatabaseKind } from '../db/database.js';
import { signedInPeople, signedInUser, type Person } from './factories.js';
import { createTestApp, type TestApp, type TestClient } from './test-app.js';

/**
 * Test helpers for providers and consultations (issue 10). With the default `fixedClock()`
 * (2026-11-23T10:00Z) and `openAvailability()`, every hour from 11:00Z on is a free 50-minute slot.
 */

/** Every day 00:00–24:00 UTC, 50-minute sessions with a 10-minute buffer (slots on the hour), no notice. */
export function openAvailability(more: Partial<Availability> = {}): Availability {
  return {
    timezone: 'UTC',
    sessionMinutes: 50,
    bufferMinutes: 10,
    minNoticeMinutes: 0,
    horizonDays: 60,
    weekly: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: '00:00', end: '24:00' })),
    exceptions: [],
    ...more,
  };
}

function expectStatus(res: { statusCode: number; body: string }, status: number, what: string): void {
  if (res.statusCode !== status) throw new Error(`${what} failed: ${res.statusCode} ${res.body}`);
}

/**
 * Makes `person` a provider (through the admin route) with `availability` (open by default) and,
 * if given, a profile. Returns their provider profile.
 */
export async function makeProvider(
  admin: Person,
  person: Person,
  availability: Availability = openAvailability(),
  profile?: { bio?: string; specialities?: string[]; languages?: string[]; accepting?: boolean },
): Promise<Provider> {
  expectStatus(
    await admin.client.patch(`/api/v1/admin/users/${person.user.id}`, { provider: true }),
    200,
    'grant provider',
  );
  expectStatus(
    await person.client.put('/api/v1/providers/me/availability', availability),
    200,
    'set availability',
  );
  const res = await person.client.put('/api/v1/providers/me', {
    bio: profile?.bio ?? '',
    specialities: profile?.specialities ?? [],
    languages: profile?.languages ?? ['en'],
    accepting: profile?.accepting ?? true,
  });
  expectStatus(res, 200, 'set provider profile');
  return res.json<{ provider: Provider }>().provider;
}

/** The provider's free slots between two instants (or dates), as the client sees them. */
export async function freeSlots(
  client: TestClient,
  providerId: string,
  from: string,
  to: string,
  tz = 'UTC',
): Promise<Slot[]> {
  const query = new URLSearchParams({ from, to, tz }).toString();
  const res = await client.get(`/api/v1/providers/${providerId}/slots?${query}`);
  expectStatus(res, 200, 'slots');
  return res.json<SlotsResponse>().slots;
}

/** POST /consultations: a client's hold (201 held). */
export async function holdSlot(
  client: TestClient,
  providerId: string,
  start: string,
  nickname?: string,
): Promise<Consultation> {
  const res = await client.post('/api/v1/consultations', {
    providerId,
    start,
    ...(nickname === undefined ? {} : { nickname }),
  });
  expectStatus(res, 201, 'hold');
  return res.json<{ consultation: Consultation }>().consultation;
}

/** POST /consultations/:id/<action> with an optional body; expects 200. */
export async function consultationAction(
  client: TestClient,
  id: string,
  action: 'confirm' | 'cancel' | 'reschedule' | 'propose' | 'accept' | 'decline',
  body?: Record<string, unknown>,
): Promise<Consultation> {
  const res = await client.post(`/api/v1/consultations/${id}/${action}`, body);
  expectStatus(res, 200, action);
  return res.json<{ consultation: Consultation }>().consultation;
}

/**
 * A scheduled consultation: `client` holds `start` with the provider and confirms it (its chat room
 * exists then). `start` is an ISO instant on the provider's grid, e.g. '2026-11-23T12:00:00.000Z'.
 */
export async function bookConsultation(
  client: Person,
  provider: Person,
  start: string,
  nickname?: string,
): Promise<Consultation> {
  const held = await holdSlot(client.client, provider.user.id, start, nickname);
  return consultationAction(client.client, held.id, 'confirm');
}

/**
 * The cast of the authorization suites: an app on `clock` (its sweeper stopped, Jitsi configured),
 * an administrator, Pat the provider (open availability), and Cleo and Eve, two ordinary members.
 */
export async function consultationCast(
  kind: DatabaseKind,
  clock: Clock,
): Promise<{ app: TestApp; admin: Person; pat: Person; cleo: Person; eve: Person }> {
  const app = await createTestApp(kind, {}, { clock });
  await app.sweeper.stop();
  const admin = await signedInUser(app, { role: 'admin' });
  await configureJitsi(app);
  const [pat, cleo, eve] = await signedInPeople(app, 'pat', 'cleo', 'eve');
  await makeProvider(admin, pat, openAvailability());
  return { app, admin, pat, cleo, eve };
}
