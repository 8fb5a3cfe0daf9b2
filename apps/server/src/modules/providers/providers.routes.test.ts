import type { Availability, Me, Provider, SlotsResponse } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdSlot, makeProvider, openAvailability } from '../../test/consultations.js';
import { DATABASE_KINDS } from '../../test/databases.js';
import { signedInPeople, signedInUser, type Person } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';

describe.each(DATABASE_KINDS)('providers (%s)', (kind) => {
  const clock = fixedClock('2026-11-23T10:00:00.000Z');
  let app: TestApp;
  let admin: Person;
  let ada: Person;
  let ben: Person;
  let cy: Person;

  beforeAll(async () => {
    app = await createTestApp(kind, {}, { clock });
    admin = await signedInUser(app, { role: 'admin' });
    [ada, ben, cy] = await signedInPeople(app, 'ada', 'ben', 'cy');
  });
  afterAll(async () => app.close());

  const slotsOf = async (p: Person, query: string) => {
    const res = await cy.client.get(`/api/v1/providers/${p.user.id}/slots?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<SlotsResponse>();
  };

  it('is not a provider until an admin grants it; /providers/me answers 404 until then', async () => {
    const me = await ada.client.get('/api/v1/providers/me');
    expect(me.statusCode).toBe(404);
    expect(me.json().error).toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('not a provider'),
    });
    expect((await ada.client.get('/api/v1/providers/me/availability')).statusCode).toBe(404);
    expect(
      (
        await ada.client.put('/api/v1/providers/me', {
          bio: '',
          specialities: [],
          languages: [],
          accepting: true,
        })
      ).statusCode,
    ).toBe(404);
    expect((await cy.client.get(`/api/v1/providers/${ada.user.id}`)).statusCode).toBe(404);

    // Only admins grant it.
    const refused = await ben.client.patch(`/api/v1/admin/users/${ada.user.id}`, { provider: true });
    expect(refused.statusCode).toBe(403);

    const granted = await admin.client.patch(`/api/v1/admin/users/${ada.user.id}`, { provider: true });
    expect(granted.statusCode).toBe(200);
    expect(granted.json().user.provider).toBe(true);
    // The cached principal was forgotten: her own session sees the change at once.
    expect((await ada.client.get('/api/v1/me')).json<{ user: Me }>().user.provider).toBe(true);

    const profile = (await ada.client.get('/api/v1/providers/me')).json<{ provider: Provider }>().provider;
    expect(profile).toMatchObject({
      id: ada.user.id,
      username: ada.user.username,
      bio: '',
      specialities: [],
      languages: [],
      timezone: 'UTC',
      sessionMinutes: 50,
      accepting: true,
    });
    // The default availability has no hours: nobody can book yet.
    const availability = (await ada.client.get('/api/v1/providers/me/availability')).json<Availability>();
    expect(availability).toMatchObject({ timezone: 'UTC', weekly: [], exceptions: [] });
    expect((await slotsOf(ada, 'from=2026-11-24&to=2026-11-30')).slots).toEqual([]);
  });

  it('edits the profile and is found by text, speciality and language', async () => {
    const res = await ada.client.put('/api/v1/providers/me', {
      bio: 'Anxiety and sleep; evenings available.',
      specialities: ['Anxiety', 'Sleep', 'anxiety'],
      languages: ['en', 'de-AT'],
      accepting: true,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().provider).toMatchObject({
      specialities: ['Anxiety', 'Sleep'],
      languages: ['en', 'de-AT'],
    });

    await makeProvider(admin, ben, openAvailability(), { specialities: ['Grief'], languages: ['fr'] });
    const list = async (query: string) =>
      (await cy.client.get(`/api/v1/providers${query}`))
        .json<{ providers: Provider[] }>()
        .providers.map((p) => p.id);
    expect(await list('')).toEqual(expect.arrayContaining([ada.user.id, ben.user.id]));
    expect(await list('?speciality=anxiety')).toEqual([ada.user.id]);
    expect(await list('?speciality=Anx')).toEqual([]); // a speciality is matched whole
    expect(await list('?language=de')).toEqual([ada.user.id]); // de finds de-AT
    expect(await list('?language=fr-CA')).toEqual([ben.user.id]); // fr-CA finds fr
    expect(await list('?q=SLEEP')).toEqual([ada.user.id]); // bio and specialities, any case
    expect(await list(`?q=${ben.user.username.slice(0, 4)}`)).toEqual([ben.user.id]);
    expect(await list('?q=100%25')).toEqual([]); // LIKE wildcards are literal

    const one = await cy.client.get(`/api/v1/providers/${ben.user.id}`);
    expect(one.json().provider).toMatchObject({ id: ben.user.id, specialities: ['Grief'], accepting: true });
    // Someone who never was a provider, and an id that names nobody: the same 404.
    expect((await cy.client.get(`/api/v1/providers/${cy.user.id}`)).statusCode).toBe(404);
    expect((await cy.client.get('/api/v1/providers/00000000-0000-7000-8000-000000000000')).statusCode).toBe(
      404,
    );
  });

  it('hides a provider who is not accepting, and gives no slots then', async () => {
    await ben.client.put('/api/v1/providers/me', {
      bio: '',
      specialities: ['Grief'],
      languages: ['fr'],
      accepting: false,
    });
    const ids = (await cy.client.get('/api/v1/providers'))
      .json<{ providers: Provider[] }>()
      .providers.map((p) => p.id);
    expect(ids).not.toContain(ben.user.id);
    expect((await cy.client.get(`/api/v1/providers/${ben.user.id}`)).json().provider.accepting).toBe(false);
    expect((await slotsOf(ben, 'from=2026-11-24&to=2026-11-24')).slots).toEqual([]);
    const hold = await cy.client.post('/api/v1/consultations', {
      providerId: ben.user.id,
      start: '2026-11-24T09:00:00.000Z',
    });
    expect(hold.statusCode).toBe(422);
    expect(hold.json().error.code).toBe('slot_unavailable');
    await ben.client.put('/api/v1/providers/me', {
      bio: '',
      specialities: ['Grief'],
      languages: ['fr'],
      accepting: true,
    });
  });

  it('stores availability, refusing unknown zones, overlaps, impossible and repeated dates', async () => {
    const good = openAvailability({
      timezone: 'Europe/Berlin',
      weekly: [
        { day: 2, start: '13:00', end: '17:00' },
        { day: 1, start: '09:00', end: '12:00' },
        { day: 1, start: '12:00', end: '13:00' }, // touching is fine
      ],
      exceptions: [{ date: '2026-12-24', hours: [] }],
    });
    const saved = await ada.client.put('/api/v1/providers/me/availability', good);
    expect(saved.statusCode, saved.body).toBe(200);
    // Sorted by day and start.
    expect(saved.json<Availability>().weekly.map((w) => `${w.day} ${w.start}`)).toEqual([
      '1 09:00',
      '1 12:00',
      '2 13:00',
    ]);
    expect((await ada.client.get('/api/v1/providers/me/availability')).json()).toEqual(saved.json());
    expect((await ada.client.get('/api/v1/providers/me')).json().provider.timezone).toBe('Europe/Berlin');

    const refuse = async (availability: unknown, path: string, message: RegExp) => {
      const res = await ada.client.put('/api/v1/providers/me/availability', availability);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
      expect(res.json().error.message).toMatch(message);
      expect(JSON.stringify(res.json().error.details)).toContain(path);
    };
    await refuse({ ...good, timezone: 'Mars/Olympus' }, 'timezone', /Unknown timezone/);
    await refuse(
      {
        ...good,
        weekly: [
          { day: 3, start: '09:00', end: '12:00' },
          { day: 3, start: '11:00', end: '14:00' },
        ],
      },
      'weekly',
      /Wednesday: 09:00–12:00 overlaps 11:00–14:00/,
    );
    await refuse({ ...good, exceptions: [{ date: '2026-02-30', hours: [] }] }, 'exceptions', /not a date/);
    await refuse(
      {
        ...good,
        exceptions: [
          { date: '2026-12-24', hours: [] },
          { date: '2026-12-24', hours: [] },
        ],
      },
      'exceptions',
      /appears twice/,
    );
    await refuse(
      {
        ...good,
        exceptions: [
          {
            date: '2026-12-31',
            hours: [
              { start: '10:00', end: '12:00' },
              { start: '11:55', end: '13:00' },
            ],
          },
        ],
      },
      'exceptions',
      /overlaps/,
    );
    await refuse({ ...good, weekly: [{ day: 8, start: '09:00', end: '10:00' }] }, 'weekly', /.+/);
    await refuse({ ...good, weekly: [{ day: 1, start: '10:00', end: '09:00' }] }, 'weekly', /.+/);
    await refuse({ ...good, sessionMinutes: 52 }, 'sessionMinutes', /multiple of 5/);
    await refuse({ ...good, weekly: [{ day: 1, start: '09:00', end: '24:05' }] }, 'weekly', /.+/);
    // What was stored is unchanged.
    expect((await ada.client.get('/api/v1/providers/me/availability')).json()).toEqual(saved.json());
  });

  it("lists free slots in the provider's zone as UTC instants, without booked times", async () => {
    // Monday 2026-11-30, Berlin (UTC+1): 09:00–13:00 local, 50 + 10 minutes.
    const res = await slotsOf(ada, 'from=2026-11-30&to=2026-11-30&tz=Europe/Berlin');
    expect(res.timezone).toBe('Europe/Berlin');
    expect(res.slots.map((s) => s.start)).toEqual([
      '2026-11-30T08:00:00.000Z',
      '2026-11-30T09:00:00.000Z',
      '2026-11-30T10:00:00.000Z',
      '2026-11-30T11:00:00.000Z',
    ]);
    expect(res.slots[0]!.end).toBe('2026-11-30T08:50:00.000Z');
    // Asked in New York's dates, the same Monday morning falls on Monday too, starting at 00:00 there.
    const ny = await slotsOf(ada, 'from=2026-11-30&to=2026-11-30&tz=America/New_York');
    expect(ny.slots).toHaveLength(4);

    await holdSlot(cy.client, ada.user.id, '2026-11-30T09:00:00.000Z');
    const after = await slotsOf(ada, 'from=2026-11-30T00:00:00Z&to=2026-12-01T00:00:00Z');
    expect(after.slots.map((s) => s.start)).toEqual([
      '2026-11-30T08:00:00.000Z',
      '2026-11-30T10:00:00.000Z',
      '2026-11-30T11:00:00.000Z',
    ]);
  });

  it('a hold that lapsed frees its slot for the listing at once, before the sweeper runs', async () => {
    clock.advance(6 * 60_000); // past the 5-minute hold
    const res = await slotsOf(ada, 'from=2026-11-30&to=2026-11-30&tz=Europe/Berlin');
    expect(res.slots).toHaveLength(4);
  });

  it('answers bad slot queries with 400, never 500', async () => {
    const bad = async (query: string, message: RegExp) => {
      const res = await cy.client.get(`/api/v1/providers/${ada.user.id}/slots?${query}`);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.message).toMatch(message);
    };
    await bad('from=2026-11-30&to=2026-11-30&tz=Not/AZone', /Unknown timezone/);
    await bad('from=yesterday&to=2026-11-30', /from is not a date/);
    await bad('from=2026-11-30&to=2026-99-01', /to is not a date/);
    await bad('from=2026-12-01&to=2026-11-30', /after/);
    await bad('from=2026-11-30&to=2027-03-01', /at most 62 days/);
    await bad('to=2026-11-30', /.+/);
    await bad('from=2026-11-30&to=2026-11-30&extra=1', /.+/);
    expect(
      (await cy.client.get('/api/v1/providers/bad%20id/slots?from=2026-11-30&to=2026-11-30')).statusCode,
    ).toBe(400);
    // Not signed in.
    expect((await app.app.inject({ method: 'GET', url: '/api/v1/providers' })).statusCode).toBe(401);
  });

  it('a revoked provider is hidden and takes no new bookings, but keeps the profile; granting again restores it', async () => {
    const revoked = await admin.client.patch(`/api/v1/admin/users/${ben.user.id}`, { provider: false });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().user.provider).toBe(false);
    expect((await ben.client.get('/api/v1/me')).json().user.provider).toBe(false);
    expect((await cy.client.get(`/api/v1/providers/${ben.user.id}`)).statusCode).toBe(404);
    expect(
      (await cy.client.get(`/api/v1/providers/${ben.user.id}/slots?from=2026-11-30&to=2026-11-30`))
        .statusCode,
    ).toBe(404);
    expect((await ben.client.get('/api/v1/providers/me')).statusCode).toBe(404);
    const ids = (await cy.client.get('/api/v1/providers'))
      .json<{ providers: Provider[] }>()
      .providers.map((p) => p.id);
    expect(ids).not.toContain(ben.user.id);
    const hold = await cy.client.post('/api/v1/consultations', {
      providerId: ben.user.id,
      start: '2026-11-30T09:00:00.000Z',
    });
    expect(hold.statusCode).toBe(404);

    await admin.client.patch(`/api/v1/admin/users/${ben.user.id}`, { provider: true });
    const back = (await cy.client.get(`/api/v1/providers/${ben.user.id}`)).json<{ provider: Provider }>()
      .provider;
    expect(back).toMatchObject({ specialities: ['Grief'], languages: ['fr'] });
    expect((await ben.client.get('/api/v1/providers/me/availability')).json()).toEqual(openAvailability());
  });

  it('a deactivated provider is hidden too', async () => {
    await admin.client.patch(`/api/v1/admin/users/${ben.user.id}`, { active: false });
    expect((await cy.client.get(`/api/v1/providers/${ben.user.id}`)).statusCode).toBe(404);
    await admin.client.patch(`/api/v1/admin/users/${ben.user.id}`, { active: true });
    expect((await cy.client.get(`/api/v1/providers/${ben.user.id}`)).statusCode).toBe(200);
  });
});
