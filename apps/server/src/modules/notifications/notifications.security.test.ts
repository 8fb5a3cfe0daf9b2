import type { NotificationSettings, RoomSummary } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookConsultation, consultationCast } from '../../test/consultations.js';
import { DATABASE_KINDS } from '../../test/databases.js';
import { privateRoom, type Person } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { insertGuestClient, visit } from '../../test/guests.js';
import { TestClient, type TestApp } from '../../test/test-app.js';

const T0 = '2026-11-23T10:00:00.000Z';
const SETTINGS = '/api/v1/me/notification-settings';
const schedule = (allowFrom: string[]) => ({
  dnd: { schedule: { days: [1], from: '22:00', to: '07:00', timezone: 'UTC', allowFrom } },
});

/**
 * Who may read and change what (issue 21): each person only their own settings and their own
 * membership's level, from the session (never a parameter); anonymous callers, guests and read-only
 * tokens change nothing; the people allowed to ring through are people the person can see.
 */
describe.each(DATABASE_KINDS)('notification settings, authorization (%s)', (kind) => {
  const clock = fixedClock(T0);
  let app: TestApp;
  let admin: Person;
  let pat: Person;
  let cleo: Person;
  let eve: Person;

  beforeAll(async () => {
    ({ app, admin, pat, cleo, eve } = await consultationCast(kind, clock));
  });
  afterAll(async () => app.close());

  it('answers 401 to anonymous callers and refuses writes without the CSRF token', async () => {
    const room = await privateRoom(cleo, eve);
    const anonymous = new TestClient(app);
    for (const res of [
      await anonymous.get(SETTINGS),
      await anonymous.patch(SETTINGS, { preview: true }),
      await anonymous.put(`/api/v1/rooms/${room.id}/notifications`, { level: 'none' }),
    ]) {
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('authentication_required');
    }
    const forged = await app.app.inject({
      method: 'PATCH',
      url: SETTINGS,
      cookies: cleo.client.cookies,
      headers: { origin: 'http://localhost:3000' },
      payload: { preview: true },
    });
    expect(forged.statusCode).toBe(403);
    expect((await cleo.client.get(SETTINGS)).json<NotificationSettings>().preview).toBe(false);
  });

  it('takes the person from the session: no body or parameter names someone else', async () => {
    const room = await privateRoom(cleo, eve);
    const withId = await eve.client.patch(SETTINGS, { userId: cleo.user.id, preview: true });
    expect(withId.statusCode).toBe(400);
    expect((await eve.client.patch(`${SETTINGS}?userId=${cleo.user.id}`, { preview: true })).statusCode).toBe(
      200,
    );
    expect((await cleo.client.get(SETTINGS)).json<NotificationSettings>().preview).toBe(false);
    // Eve's level of the room is hers; Cleo's stays as it was.
    expect(
      (await eve.client.put(`/api/v1/rooms/${room.id}/notifications`, { level: 'none' })).statusCode,
    ).toBe(200);
    const cleos = (await cleo.client.get('/api/v1/rooms')).json<{ rooms: RoomSummary[] }>().rooms;
    expect(cleos.find((r) => r.id === room.id)!.notifications.level).toBe('all');
  });

  it('gives administrators no reach into rooms they are not in', async () => {
    const room = await privateRoom(cleo, eve);
    const res = await admin.client.put(`/api/v1/rooms/${room.id}/notifications`, { level: 'none' });
    expect(res.statusCode).toBe(404);
  });

  it('lets a read-only token read the settings but change nothing', async () => {
    const room = await privateRoom(cleo, eve);
    const { secret } = (
      await cleo.client.post('/api/v1/me/tokens', { name: 'reader', scopes: ['read'] })
    ).json<{ secret: string }>();
    const reader = new TestClient(app);
    reader.bearer = secret;
    expect((await reader.get(SETTINGS)).statusCode).toBe(200);
    for (const res of [
      await reader.patch(SETTINGS, { preview: true }),
      await reader.put(`/api/v1/rooms/${room.id}/notifications`, { level: 'none' }),
    ]) {
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('insufficient_scope');
    }
  });

  it('lets only people one can see ring through: not a client known by a nickname, not a guest', async () => {
    await bookConsultation(cleo, pat, '2026-11-24T12:00:00.000Z', 'Anonymous Owl');
    const guest = await insertGuestClient(app, pat, '2026-11-24T14:00:00.000Z');
    for (const id of [cleo.user.id, guest.guestId, 'no-such-id']) {
      const res = await pat.client.patch(SETTINGS, schedule([eve.user.id, id]));
      expect(res.statusCode).toBe(400);
      // The answer names only what was sent.
      expect(res.body).not.toContain(cleo.user.displayName);
    }
    expect((await pat.client.get(SETTINGS)).json<NotificationSettings>().dnd.schedule).toBeNull();
    // The client knows the provider by name, and the provider knows Eve.
    expect((await cleo.client.patch(SETTINGS, schedule([pat.user.id]))).statusCode).toBe(200);
    expect((await pat.client.patch(SETTINGS, schedule([eve.user.id]))).statusCode).toBe(200);
  });

  it('refuses guests on every route', async () => {
    const invitation = await insertGuestClient(app, pat, '2026-11-25T12:00:00.000Z');
    const guest = (await visit(app, invitation.token)).client;
    const roomId = invitation.consultation.roomId ?? 'none';
    for (const res of [
      await guest.get(SETTINGS),
      await guest.patch(SETTINGS, { preview: true }),
      await guest.put(`/api/v1/rooms/${roomId}/notifications`, { level: 'none' }),
    ]) {
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('guest_not_allowed');
    }
  });
});
