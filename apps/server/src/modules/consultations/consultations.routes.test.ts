import type { Consultation, Member, Room, RoomSummary } from '@parley/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  bookConsultation,
  consultationAction,
  freeSlots,
  holdSlot,
  makeProvider,
  openAvailability,
} from '../../test/consultations.js';
import { DATABASE_KINDS } from '../../test/databases.js';
import { signedInPeople, signedInUser, type Person } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = '2026-11-23T10:00:00.000Z';

describe.each(DATABASE_KINDS)('consultation booking (%s)', (kind) => {
  const clock = fixedClock(T0);
  let app: TestApp;
  let admin: Person;
  let pat: Person; // provider
  let cleo: Person; // client
  let dan: Person; // another client
  let eve: Person; // a third user, party to nothing

  /** An instant `hours` from the test's current time, on the hour. */
  const at = (hours: number) => {
    const ms = clock.now().getTime() + hours * HOUR;
    return new Date(Math.ceil(ms / HOUR) * HOUR).toISOString();
  };
  const post = (p: Person, url: string, body?: unknown) => p.client.post(`/api/v1${url}`, body);
  const get = async (p: Person, id: string) => {
    const res = await p.client.get(`/api/v1/consultations/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ consultation: Consultation }>().consultation;
  };
  type ErrorBody = { error: { code: string; message: string } };
  const expectError = (res: { statusCode: number; json<T>(): T }, status: number, code: string) => {
    const body = res.json<ErrorBody>();
    expect(res.statusCode, JSON.stringify(body)).toBe(status);
    expect(body.error).toMatchObject({ code, message: expect.any(String) });
    return body.error.message;
  };
  const slotStarts = async (provider: Person, fromHours: number, toHours: number) =>
    (await freeSlots(dan.client, provider.user.id, at(fromHours), at(toHours))).map((s) => s.start);

  beforeAll(async () => {
    app = await createTestApp(kind, {}, { clock });
    admin = await signedInUser(app, { role: 'admin' });
    [pat, cleo, dan, eve] = await signedInPeople(app, 'pat', 'cleo', 'dan', 'eve');
    await makeProvider(admin, pat, openAvailability());
  });
  afterAll(async () => app.close());
  beforeEach(() => clock.set(T0));

  it('holds a free slot for a few minutes (201 held), then the client confirms: scheduled with its chat room', async () => {
    const start = at(2);
    const res = await post(cleo, '/consultations', { providerId: pat.user.id, start });
    expect(res.statusCode, res.body).toBe(201);
    const held = res.json<{ consultation: Consultation }>().consultation;
    expect(held).toMatchObject({
      status: 'held',
      role: 'client',
      bookedBy: 'client',
      start,
      end: new Date(Date.parse(start) + 50 * MINUTE).toISOString(),
      heldUntil: new Date(clock.now().getTime() + 5 * MINUTE).toISOString(),
      roomId: null,
      proposal: null,
      provider: { id: pat.user.id, displayName: pat.user.displayName },
      client: { id: cleo.user.id, displayName: cleo.user.displayName },
      joinOpensAt: new Date(Date.parse(start) - 10 * MINUTE).toISOString(),
      joinClosesAt: new Date(Date.parse(start) + 65 * MINUTE).toISOString(),
      feedbackGiven: false,
    });
    expect(held.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(held.history).toEqual([
      {
        from: null,
        to: 'held',
        by: cleo.user.id,
        at: clock.now().toISOString(),
        reason: null,
        previousStart: null,
      },
    ]);
    // The provider sees it too, from their side; the slot is gone from the list.
    expect((await get(pat, held.id)).role).toBe('provider');
    expect(await slotStarts(pat, 0, 4)).not.toContain(start);

    // Only the client confirms.
    expectError(await post(pat, `/consultations/${held.id}/confirm`), 403, 'forbidden');
    clock.advance(MINUTE);
    const confirmed = await consultationAction(cleo.client, held.id, 'confirm');
    expect(confirmed).toMatchObject({ status: 'scheduled', heldUntil: null });
    expect(confirmed.roomId).toEqual(expect.any(String));
    expect(confirmed.history.map((h) => [h.from, h.to, h.by, h.reason])).toEqual([
      [null, 'held', cleo.user.id, null],
      ['held', 'scheduled', cleo.user.id, 'confirmed'],
    ]);
    // Confirming again answers with the same booking.
    const again = await post(cleo, `/consultations/${held.id}/confirm`);
    expect(again.statusCode).toBe(200);
    expect(again.json().consultation.roomId).toBe(confirmed.roomId);

    // The room: type consultation, exactly the two of them, not in the directory, not to be left.
    const roomId = confirmed.roomId!;
    const room = (await cleo.client.get(`/api/v1/rooms/${roomId}`)).json<{ room: Room }>().room;
    expect(room.type).toBe('consultation');
    const members = (await pat.client.get(`/api/v1/rooms/${roomId}/members`)).json<{ members: Member[] }>()
      .members;
    expect(members.map((m) => m.user.id).sort()).toEqual([pat.user.id, cleo.user.id].sort());
    const mine = (await pat.client.get('/api/v1/rooms')).json<{ rooms: RoomSummary[] }>().rooms;
    expect(mine.map((r) => r.id)).toContain(roomId);
    const directory = (await eve.client.get('/api/v1/rooms/directory')).json<{ rooms: Room[] }>().rooms;
    expect(directory.map((r) => r.id)).not.toContain(roomId);
    expect((await eve.client.get(`/api/v1/rooms/${roomId}`)).statusCode).toBe(404);
    expect((await eve.client.post(`/api/v1/rooms/${roomId}/join`)).statusCode).toBe(404);
    expect((await cleo.client.post(`/api/v1/rooms/${roomId}/leave`)).statusCode).toBe(403);
    // Its chat works like any room's.
    const sent = await cleo.client.post(`/api/v1/rooms/${roomId}/messages`, {
      text: 'Hello',
      clientMsgId: 'c1',
    });
    expect(sent.statusCode, sent.body).toBe(201);
  });

  it('a provider sees a client who gave a nickname under it, without avatar; the client sees their own name', async () => {
    const held = await holdSlot(dan.client, pat.user.id, at(30), 'Sunflower');
    expect(held.client).toEqual({ id: dan.user.id, displayName: dan.user.displayName, avatarUrl: null });
    const seen = await get(pat, held.id);
    expect(seen.client).toEqual({ id: dan.user.id, displayName: 'Sunflower', avatarUrl: null });
    await consultationAction(dan.client, held.id, 'cancel');
  });

  it('refuses a time that is not a free slot with 422 slot_unavailable and a reason', async () => {
    const refuse = async (start: string, message: RegExp) => {
      const msg = expectError(
        await post(dan, '/consultations', { providerId: pat.user.id, start }),
        422,
        'slot_unavailable',
      );
      expect(msg).toMatch(message);
    };
    await refuse(new Date(Date.parse(at(3)) + 30 * MINUTE).toISOString(), /not one of .* free slots/);
    await refuse(at(-2), /passed/);
    await refuse(
      new Date(clock.now().getTime() + 61 * 24 * HOUR).toISOString().slice(0, 13) + ':00:00.000Z',
      /60 days ahead/,
    );
    // Minimum notice: this provider wants 2 hours.
    const [nora] = await signedInPeople(app, 'nora');
    await makeProvider(admin, nora, openAvailability({ minNoticeMinutes: 120 }));
    const tooSoon = await post(dan, '/consultations', { providerId: nora.user.id, start: at(1) });
    expect(expectError(tooSoon, 422, 'slot_unavailable')).toMatch(/2 hours' notice/);
    // Bad input is 400, a provider that is not one 404, oneself 400.
    expectError(
      await post(dan, '/consultations', { providerId: pat.user.id, start: 'tomorrow' }),
      400,
      'validation_failed',
    );
    expectError(
      await post(dan, '/consultations', { providerId: pat.user.id, start: '2026-11-24T09:00:00' }),
      400,
      'validation_failed',
    );
    expectError(await post(dan, '/consultations', { start: at(3) }), 400, 'validation_failed');
    expectError(
      await post(dan, '/consultations', { providerId: pat.user.id, start: at(3), extra: 1 }),
      400,
      'validation_failed',
    );
    expectError(
      await post(dan, '/consultations', { providerId: eve.user.id, start: at(3) }),
      404,
      'not_found',
    );
    expectError(
      await post(pat, '/consultations', { providerId: pat.user.id, start: at(3) }),
      400,
      'validation_failed',
    );
  });

  it('409 slot_taken when someone else holds the slot or an overlapping time (including the buffer)', async () => {
    const start = at(5);
    const held = await holdSlot(cleo.client, pat.user.id, start);
    const msg = expectError(
      await post(dan, '/consultations', { providerId: pat.user.id, start }),
      409,
      'slot_taken',
    );
    expect(msg).toMatch(/choose another/);
    // The provider proposing to someone else 55 minutes later meets the hold's 10-minute buffer.
    const overlap = new Date(Date.parse(start) + 55 * MINUTE).toISOString();
    expectError(
      await post(pat, '/consultations', { clientId: dan.user.id, start: overlap }),
      409,
      'slot_taken',
    );
    // Right after the buffer is fine.
    const after = new Date(Date.parse(start) + 60 * MINUTE).toISOString();
    const proposal = await post(pat, '/consultations', { clientId: dan.user.id, start: after });
    expect(proposal.statusCode, proposal.body).toBe(201);
    await consultationAction(cleo.client, held.id, 'cancel');
    await consultationAction(dan.client, proposal.json().consultation.id, 'decline');
  });

  it('an expired hold frees its slot: refused to confirm, swept by the timer, and never blocking before that', async () => {
    const start = at(6);
    const held = await holdSlot(cleo.client, pat.user.id, start);
    clock.advance(5 * MINUTE + 1);
    // Not swept yet, but it no longer blocks anyone: dan gets the slot, and the hold is expired in passing.
    const taken = await holdSlot(dan.client, pat.user.id, start);
    const lapsed = await get(cleo, held.id);
    expect(lapsed.status).toBe('expired');
    expect(lapsed.history.at(-1)).toMatchObject({
      from: 'held',
      to: 'expired',
      by: null,
      reason: 'hold_expired',
    });
    expectError(await post(cleo, `/consultations/${held.id}/confirm`), 409, 'consultation_state');

    // Confirming one's own lapsed hold: 409 with the reason, and it is expired at once.
    clock.advance(5 * MINUTE + 1);
    const msg = expectError(await post(dan, `/consultations/${taken.id}/confirm`), 409, 'consultation_state');
    expect(msg).toMatch(/expired/);
    expect((await get(dan, taken.id)).status).toBe('expired');
    expect(await slotStarts(pat, 0, 10)).toContain(start);

    // The sweeper expires holds nobody touched.
    const third = await holdSlot(dan.client, pat.user.id, start);
    clock.advance(5 * MINUTE);
    await app.sweeper.runOnce('consultation-holds');
    expect((await get(dan, third.id)).status).toBe('expired');
    await app.sweeper.runOnce('consultation-holds'); // idempotent
    expect((await get(dan, third.id)).history.filter((h) => h.to === 'expired')).toHaveLength(1);
  });

  it('one hold per client and provider: a new hold lets the previous one go', async () => {
    const first = await holdSlot(cleo.client, pat.user.id, at(7));
    const second = await holdSlot(cleo.client, pat.user.id, at(8));
    const replaced = await get(cleo, first.id);
    expect(replaced).toMatchObject({
      status: 'canceled',
      canceledBy: 'client',
      cancelReason: 'Replaced by a new hold',
    });
    expect(await slotStarts(pat, 0, 10)).toContain(at(7));
    // Re-picking a neighbouring slot also works (the old claims go first).
    await consultationAction(cleo.client, second.id, 'cancel');
  });

  it('cancels: a hold by either side; scheduled before the window; late inside it; not after the start', async () => {
    const held = await holdSlot(cleo.client, pat.user.id, at(9));
    const canceled = await consultationAction(pat.client, held.id, 'cancel', { reason: 'Away that day' });
    expect(canceled).toMatchObject({
      status: 'canceled',
      canceledBy: 'provider',
      cancelReason: 'Away that day',
    });
    expect(await slotStarts(pat, 0, 12)).toContain(at(9));
    expectError(await post(cleo, `/consultations/${held.id}/cancel`), 409, 'consultation_state');

    // Two days ahead: an ordinary cancellation, freeing the time.
    const early = await bookConsultation(cleo, pat, at(48));
    const c1 = await consultationAction(cleo.client, early.id, 'cancel');
    expect(c1).toMatchObject({ status: 'canceled', canceledBy: 'client', cancelReason: null });
    expect(c1.history.at(-1)).toMatchObject({ from: 'scheduled', to: 'canceled', by: cleo.user.id });
    expect(await slotStarts(pat, 47, 49)).toContain(at(48));

    // Inside 24 hours: late_canceled (by either party), the time free again too.
    const soon = await bookConsultation(cleo, pat, at(20));
    const c2 = await consultationAction(pat.client, soon.id, 'cancel', { reason: 'Ill' });
    expect(c2).toMatchObject({ status: 'late_canceled', canceledBy: 'provider', cancelReason: 'Ill' });
    expect(await slotStarts(pat, 19, 21)).toContain(at(20));

    // After the start: too late.
    const started = await bookConsultation(dan, pat, at(3));
    clock.set(new Date(Date.parse(started.start) + MINUTE).toISOString());
    const msg = expectError(
      await post(dan, `/consultations/${started.id}/cancel`),
      409,
      'consultation_state',
    );
    expect(msg).toMatch(/already started/);
    clock.set(T0);
    await consultationAction(dan.client, started.id, 'cancel');
    // A body that is not an object, or an unknown field: 400.
    expectError(
      await post(dan, `/consultations/${started.id}/cancel`, { why: 'x' }),
      400,
      'validation_failed',
    );
  });

  it('reschedules to another free slot keeping the id, swapping the claims and recording the old start', async () => {
    const booked = await bookConsultation(cleo, pat, at(26));
    const target = at(27);
    // Someone holds the slot after: moving onto it is slot_taken and changes nothing.
    const blocker = await holdSlot(dan.client, pat.user.id, at(28));
    expectError(
      await post(cleo, `/consultations/${booked.id}/reschedule`, { start: at(28) }),
      409,
      'slot_taken',
    );
    expect((await get(cleo, booked.id)).start).toBe(at(26));
    // A time that is no slot: 422; the same time: 400.
    expectError(
      await post(cleo, `/consultations/${booked.id}/reschedule`, {
        start: new Date(Date.parse(target) + 5 * MINUTE).toISOString(),
      }),
      422,
      'slot_unavailable',
    );
    expectError(
      await post(cleo, `/consultations/${booked.id}/reschedule`, { start: at(26) }),
      400,
      'validation_failed',
    );

    // Moving one hour later overlaps its own buffer: still fine, it is its own claim.
    const moved = await consultationAction(cleo.client, booked.id, 'reschedule', { start: target });
    expect(moved).toMatchObject({ id: booked.id, status: 'scheduled', start: target, roomId: booked.roomId });
    expect(moved.history.at(-1)).toMatchObject({
      from: 'scheduled',
      to: 'scheduled',
      by: cleo.user.id,
      reason: 'reschedule',
      previousStart: at(26),
    });
    const free = await slotStarts(pat, 25, 29);
    expect(free).toContain(at(26));
    expect(free).not.toContain(target);
    // The provider may move it too.
    const back = await consultationAction(pat.client, booked.id, 'reschedule', { start: at(26) });
    expect(back.history.filter((h) => h.reason === 'reschedule')).toHaveLength(2);
    // A hold cannot be rescheduled.
    expectError(
      await post(dan, `/consultations/${blocker.id}/reschedule`, { start: at(29) }),
      409,
      'consultation_state',
    );
    await consultationAction(dan.client, blocker.id, 'cancel');
    await consultationAction(cleo.client, booked.id, 'cancel');
  });

  it('the provider proposes a new time: claimed at once, accepted (moves) or declined (dropped, freed)', async () => {
    const booked = await bookConsultation(cleo, pat, at(30));
    expectError(await post(cleo, `/consultations/${booked.id}/propose`, { start: at(31) }), 403, 'forbidden');
    // Outside the published hours is allowed for the provider (their own calendar), on the 5-minute grid.
    const proposedStart = new Date(Date.parse(at(31)) + 15 * MINUTE).toISOString();
    const proposed = await consultationAction(pat.client, booked.id, 'propose', { start: proposedStart });
    expect(proposed.proposal).toMatchObject({ start: proposedStart, at: clock.now().toISOString() });
    // It waits at most until the current start (sooner than 48 hours and the proposed start).
    expect(proposed.heldUntil).toBe(at(30));
    expect(proposed.status).toBe('scheduled');
    // Nobody else can take the proposed time meanwhile.
    expectError(
      await post(dan, '/consultations', { providerId: pat.user.id, start: at(32) }),
      409,
      'slot_taken',
    );
    // Only the client answers; the provider cannot accept their own proposal.
    expectError(await post(pat, `/consultations/${booked.id}/accept`), 403, 'forbidden');

    const accepted = await consultationAction(cleo.client, booked.id, 'accept');
    expect(accepted).toMatchObject({
      start: proposedStart,
      proposal: null,
      heldUntil: null,
      status: 'scheduled',
    });
    expect(accepted.history.at(-1)).toMatchObject({
      reason: 'proposal_accepted',
      previousStart: at(30),
      by: cleo.user.id,
    });
    expect(await slotStarts(pat, 29, 31)).toContain(at(30)); // the old time is free
    expectError(await post(cleo, `/consultations/${booked.id}/accept`), 409, 'consultation_state'); // nothing left

    // Declining drops the proposal and frees its time.
    const again = await consultationAction(pat.client, booked.id, 'propose', { start: at(34) });
    expect(again.proposal?.start).toBe(at(34));
    expect(await slotStarts(pat, 33, 35)).not.toContain(at(34));
    const declined = await consultationAction(cleo.client, booked.id, 'decline');
    expect(declined).toMatchObject({ start: proposedStart, proposal: null });
    expect(declined.history.at(-1)).toMatchObject({ reason: 'proposal_declined' });
    expect(await slotStarts(pat, 33, 35)).toContain(at(34));
    expectError(await post(cleo, `/consultations/${booked.id}/decline`), 409, 'consultation_state');

    // A proposal nobody answers lapses at the current start at the latest, and its time is freed.
    await consultationAction(pat.client, booked.id, 'propose', { start: at(40) });
    clock.set(new Date(Date.parse(proposedStart) + 1).toISOString());
    await app.sweeper.runOnce('consultation-holds');
    const lapsed = await get(cleo, booked.id);
    expect(lapsed).toMatchObject({ proposal: null, status: 'scheduled' });
    expect(lapsed.history.at(-1)).toMatchObject({ reason: 'proposal_expired', by: null });
    clock.set(T0);
    expect(await slotStarts(pat, 39, 41)).toContain(at(40));
    await consultationAction(cleo.client, booked.id, 'cancel');
  });

  it('a provider proposes a new session to a client, who accepts (scheduled, with a room) or declines', async () => {
    const res = await post(pat, '/consultations', { clientId: dan.user.id, start: at(50) });
    expect(res.statusCode, res.body).toBe(201);
    const offer = res.json<{ consultation: Consultation }>().consultation;
    expect(offer).toMatchObject({
      status: 'held',
      bookedBy: 'provider',
      role: 'provider',
      client: { id: dan.user.id },
      // The earlier of its start and 48 hours from now.
      heldUntil: new Date(clock.now().getTime() + 48 * HOUR).toISOString(),
    });
    // The client's view, and who may answer it.
    expect((await get(dan, offer.id)).role).toBe('client');
    expectError(await post(pat, `/consultations/${offer.id}/accept`), 403, 'forbidden');
    const accepted = await consultationAction(dan.client, offer.id, 'accept');
    expect(accepted).toMatchObject({ status: 'scheduled', heldUntil: null });
    expect(accepted.roomId).toEqual(expect.any(String));
    expect(accepted.history.at(-1)).toMatchObject({
      from: 'held',
      to: 'scheduled',
      reason: 'accepted',
      by: dan.user.id,
    });

    const soon = await post(pat, '/consultations', { clientId: cleo.user.id, start: at(5) });
    expect(soon.json().consultation.heldUntil).toBe(at(5)); // never past its start
    const declined = await consultationAction(cleo.client, soon.json().consultation.id, 'decline');
    expect(declined).toMatchObject({ status: 'canceled', canceledBy: 'client', roomId: null });
    expect(await slotStarts(pat, 4, 6)).toContain(at(5));

    // Refusals: clients cannot propose, nor for another provider; the client must exist; not oneself;
    // a nickname is the client's.
    expectError(
      await post(cleo, '/consultations', { clientId: dan.user.id, start: at(52) }),
      403,
      'forbidden',
    );
    const [other] = await signedInPeople(app, 'otto');
    await makeProvider(admin, other);
    expectError(
      await post(pat, '/consultations', { providerId: other.user.id, clientId: dan.user.id, start: at(52) }),
      403,
      'forbidden',
    );
    expectError(
      await post(pat, '/consultations', { clientId: 'nobody', start: at(52) }),
      400,
      'validation_failed',
    );
    expectError(
      await post(pat, '/consultations', { clientId: pat.user.id, start: at(52) }),
      400,
      'validation_failed',
    );
    expectError(
      await post(pat, '/consultations', { clientId: dan.user.id, start: at(52), nickname: 'X' }),
      400,
      'validation_failed',
    );
    expectError(
      await post(pat, '/consultations', { clientId: dan.user.id, start: at(-1) }),
      422,
      'slot_unavailable',
    );
    await consultationAction(dan.client, accepted.id, 'cancel');
  });

  it('a third user and an admin get 404 for everything about a consultation', async () => {
    const booked = await bookConsultation(cleo, pat, at(60));
    const held = await holdSlot(dan.client, pat.user.id, at(62));
    const strangerAdmin = await signedInUser(app, { role: 'admin' });
    for (const outsider of [eve, strangerAdmin]) {
      for (const id of [booked.id, held.id, '00000000-0000-7000-8000-000000000000']) {
        expectError(await outsider.client.get(`/api/v1/consultations/${id}`), 404, 'not_found');
        expectError(await outsider.client.get(`/api/v1/consultations/${id}/calendar.ics`), 404, 'not_found');
        for (const action of ['confirm', 'cancel', 'accept', 'decline']) {
          expectError(await outsider.client.post(`/api/v1/consultations/${id}/${action}`), 404, 'not_found');
        }
        for (const action of ['reschedule', 'propose']) {
          expectError(
            await outsider.client.post(`/api/v1/consultations/${id}/${action}`, { start: at(64) }),
            404,
            'not_found',
          );
        }
      }
      const list = (await outsider.client.get('/api/v1/consultations')).json<{
        consultations: Consultation[];
      }>();
      expect(list.consultations.map((c) => c.id)).not.toContain(booked.id);
      expect((await outsider.client.get(`/api/v1/rooms/${booked.roomId}/messages`)).statusCode).toBe(404);
    }
    // Nothing changed.
    expect((await get(cleo, booked.id)).status).toBe('scheduled');
    expect((await get(dan, held.id)).status).toBe('held');
    // Not signed in: 401.
    expect(
      (await app.app.inject({ method: 'GET', url: `/api/v1/consultations/${booked.id}` })).statusCode,
    ).toBe(401);
    await consultationAction(cleo.client, booked.id, 'cancel');
    await consultationAction(dan.client, held.id, 'cancel');
  });

  it('lists mine by role, status and upcoming/past', async () => {
    const [ivy, jay] = await signedInPeople(app, 'ivy', 'jay');
    await makeProvider(admin, jay);
    const a = await bookConsultation(ivy, pat, at(70));
    const b = await bookConsultation(ivy, jay, at(71));
    const c = await holdSlot(ivy.client, pat.user.id, at(72));
    const d = await bookConsultation(jay, pat, at(73)); // jay as a client of pat
    await consultationAction(ivy.client, b.id, 'cancel');
    const ids = async (p: Person, query = '') => {
      const res = await p.client.get(`/api/v1/consultations${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ consultations: Consultation[] }>().consultations.map((x) => x.id);
    };
    expect(await ids(ivy)).toEqual([c.id, b.id, a.id]); // newest start first
    expect(await ids(ivy, '?when=upcoming')).toEqual([a.id, c.id]); // by start
    expect(await ids(ivy, '?when=past')).toEqual([b.id]);
    expect(await ids(ivy, '?status=scheduled,held')).toEqual([c.id, a.id]);
    expect(await ids(jay)).toEqual([d.id, b.id]);
    expect(await ids(jay, '?role=provider')).toEqual([b.id]);
    expect(await ids(jay, '?role=client')).toEqual([d.id]);
    expect(await ids(ivy, `?before=${encodeURIComponent(at(72))}`)).toEqual([b.id, a.id]);
    expect(await ids(ivy, '?limit=1')).toEqual([c.id]);
    // Each from the asker's side.
    const asProvider = (await pat.client.get('/api/v1/consultations?role=provider&when=upcoming')).json();
    expect(asProvider.consultations.every((x: Consultation) => x.role === 'provider')).toBe(true);
    expectError(await ivy.client.get('/api/v1/consultations?status=booked'), 400, 'validation_failed');
    expectError(await ivy.client.get('/api/v1/consultations?role=admin'), 400, 'validation_failed');
    expectError(await ivy.client.get('/api/v1/consultations?before=soon'), 400, 'validation_failed');
    expectError(await ivy.client.get('/api/v1/consultations?limit=0'), 400, 'validation_failed');
  });

  it('offers an RFC 5545 calendar file for a scheduled consultation, its SEQUENCE growing with each move', async () => {
    const booked = await bookConsultation(cleo, pat, at(80), 'Robin');
    const res = await cleo.client.get(`/api/v1/consultations/${booked.id}/calendar.ics`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    expect(res.headers['content-disposition']).toContain('.ics');
    const text = res.body;
    expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/); // CRLF only
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const unfolded = text.replace(/\r\n /g, '');
    const start = booked.start.replace(/[-:]/g, '').replace('.000', '');
    expect(unfolded).toContain(`UID:${booked.id}@parley\r\n`);
    expect(unfolded).toContain('SEQUENCE:0\r\n');
    expect(unfolded).toContain(`DTSTART:${start}\r\n`);
    expect(unfolded).toContain(`SUMMARY:Consultation with ${pat.user.displayName}\r\n`);
    expect(unfolded).not.toMatch(/@(?!parley)/); // no email addresses
    // The provider's file names the client by the nickname.
    const theirs = (await pat.client.get(`/api/v1/consultations/${booked.id}/calendar.ics`)).body.replace(
      /\r\n /g,
      '',
    );
    expect(theirs).toContain('SUMMARY:Consultation with Robin\r\n');
    expect(theirs).not.toContain(cleo.user.displayName);

    await consultationAction(pat.client, booked.id, 'reschedule', { start: at(81) });
    const moved = (await cleo.client.get(`/api/v1/consultations/${booked.id}/calendar.ics`)).body.replace(
      /\r\n /g,
      '',
    );
    expect(moved).toContain(`UID:${booked.id}@parley\r\n`);
    expect(moved).toContain('SEQUENCE:1\r\n');

    // Only scheduled (or running) consultations have one.
    const held = await holdSlot(dan.client, pat.user.id, at(83));
    expectError(
      await dan.client.get(`/api/v1/consultations/${held.id}/calendar.ics`),
      409,
      'consultation_state',
    );
    await consultationAction(cleo.client, booked.id, 'cancel');
    expectError(
      await cleo.client.get(`/api/v1/consultations/${booked.id}/calendar.ics`),
      409,
      'consultation_state',
    );
    await consultationAction(dan.client, held.id, 'cancel');
  });

  it('a revoked provider takes no new bookings or proposals, and held ones cannot be confirmed', async () => {
    const [quinn] = await signedInPeople(app, 'quinn');
    await makeProvider(admin, quinn);
    const held = await holdSlot(cleo.client, quinn.user.id, at(90));
    const booked = await bookConsultation(dan, quinn, at(91));
    await admin.client.patch(`/api/v1/admin/users/${quinn.user.id}`, { provider: false });
    expectError(
      await post(dan, '/consultations', { providerId: quinn.user.id, start: at(92) }),
      404,
      'not_found',
    );
    expectError(
      await post(quinn, '/consultations', { clientId: dan.user.id, start: at(92) }),
      403,
      'forbidden',
    );
    expectError(await post(cleo, `/consultations/${held.id}/confirm`), 422, 'slot_unavailable');
    // What was booked stays, and can still be canceled.
    expect((await get(dan, booked.id)).status).toBe('scheduled');
    expect((await consultationAction(dan.client, booked.id, 'cancel')).status).toBe('canceled');
  });
});
