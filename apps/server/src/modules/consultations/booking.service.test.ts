import {
  DEFAULT_CONSULTATIONS_SETTINGS,
  type Consultation,
  type ConsultationsSettings,
  type PublicUser,
} from '@parley/shared';
import { beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from '../../db/database.js';
import { openAvailability } from '../../test/consultations.js';
import { fixedClock, insertPerson, recordingRealtime } from '../../test/fakes.js';
import { createUnitOfWork } from '../../unit-of-work.js';
import { ProvidersRepository, ProvidersService } from '../providers/index.js';
import { UsersRepository } from '../users/index.js';
import { BookingService } from './booking.service.js';
import { ConsultationsQueries } from './consultations.queries.js';
import { ConsultationsSweeper } from './consultations.sweeper.js';
import { ProposalsService } from './proposals.service.js';
import { buildIcs, escapeText, foldLine } from './ics.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe(BookingService.name, () => {
  let db: Db;
  let clock: ReturnType<typeof fixedClock>;
  let realtime: ReturnType<typeof recordingRealtime>;
  let settings: ConsultationsSettings;
  let uow: ReturnType<typeof createUnitOfWork>;
  let sut: BookingService;
  let proposals: ProposalsService;
  let queries: ConsultationsQueries;
  let sweeper: ConsultationsSweeper;
  let providers: ProvidersService;
  const person = (id: string): PublicUser => ({
    id,
    username: id,
    displayName: id.toUpperCase(),
    avatarUrl: `/avatars/${id}.webp`,
    role: 'user',
  });
  const [pia, cal, dee] = [person('pia'), person('cal'), person('dee')];
  /** An instant `hours` from now, on the hour (the fixed clock starts at 10:00Z). */
  const at = (hours: number) => new Date(clock.now().getTime() + hours * HOUR).toISOString();
  const updates = () =>
    realtime.calls.flatMap((c) =>
      c.kind === 'toUser' && c.event === 'consultation:updated'
        ? [{ userId: c.userId!, args: c.args as [Consultation] }]
        : [],
    );

  beforeEach(async () => {
    db = openDatabase('sqlite::memory:');
    await migrateToLatest(db);
    clock = fixedClock('2026-11-23T10:00:00.000Z');
    for (const p of [pia, cal, dee]) {
      await insertPerson(db.kysely, p, clock.now().toISOString(), `${p.id}.webp`);
    }
    // The provider role, as the admin route grants it.
    await new UsersRepository(db.kysely, 'sqlite').changeAccount(
      pia.id,
      { is_provider: 1 },
      clock.now().toISOString(),
    );
    realtime = recordingRealtime();
    settings = { ...DEFAULT_CONSULTATIONS_SETTINGS };
    uow = createUnitOfWork(db, realtime);
    providers = new ProvidersService({
      repo: new ProvidersRepository(db.kysely),
      busy: (id, from, to, now) => uow.repos.consultations.busyBuckets(id, from, to, now),
      clock,
    });
    await providers.setAvailability(pia.id, openAvailability());
    const deps = {
      providers,
      uow,
      settings: () => Promise.resolve(settings),
      clock,
      publicUrl: 'https://parley.example.org',
    };
    proposals = new ProposalsService(deps);
    sut = new BookingService({ ...deps, proposals });
    queries = new ConsultationsQueries(deps);
    sweeper = new ConsultationsSweeper({ uow, settings: deps.settings, clock, reminderMail: null });
  });

  it('tells both parties about each change, each from their own side (a nicknamed client stays anonymous)', async () => {
    const held = await sut.create(cal, { providerId: pia.id, start: at(2), nickname: 'Wren' });
    const told = updates();
    expect(told.map((u) => u.userId).sort()).toEqual([cal.id, pia.id]);
    const forPia = told.find((u) => u.userId === pia.id)!.args[0];
    const forCal = told.find((u) => u.userId === cal.id)!.args[0];
    expect(forPia).toMatchObject({
      id: held.id,
      role: 'provider',
      client: { displayName: 'Wren', avatarUrl: null },
    });
    expect(forCal).toMatchObject({
      role: 'client',
      client: { displayName: 'CAL', avatarUrl: '/avatars/cal.webp' },
    });
    expect(JSON.stringify(forPia)).not.toContain('CAL');
  });

  it('confirming subscribes both parties to the new room after the commit, then announces', async () => {
    const held = await sut.create(cal, { providerId: pia.id, start: at(2) });
    realtime.calls.length = 0;
    const scheduled = await sut.confirm(cal, held.id);
    const join = realtime.calls.find((c) => c.kind === 'joinRoom');
    expect(join).toMatchObject({ roomId: scheduled.roomId });
    expect((join as { userIds: string[] }).userIds.sort()).toEqual([cal.id, pia.id]);
    const order = realtime.calls.map((c) => ('event' in c ? c.event : c.kind));
    expect(order.indexOf('joinRoom')).toBeLessThan(order.lastIndexOf('consultation:updated'));
    expect(updates().map((u) => u.args[0].status)).toEqual(['scheduled', 'scheduled']);
  });

  it('uses the settings: hold length, proposal wait, late-cancellation window, join window', async () => {
    settings = {
      ...settings,
      holdMinutes: 2,
      proposalHours: 3,
      lateCancelHours: 72,
      joinLeadMinutes: 5,
      graceMinutes: 30,
    };
    const held = await sut.create(cal, { providerId: pia.id, start: at(48) });
    expect(held.heldUntil).toBe(new Date(clock.now().getTime() + 2 * MINUTE).toISOString());
    expect(held.joinOpensAt).toBe(new Date(Date.parse(at(48)) - 5 * MINUTE).toISOString());
    expect(held.joinClosesAt).toBe(new Date(Date.parse(at(48)) + 80 * MINUTE).toISOString());
    await sut.confirm(cal, held.id);
    // 48 hours ahead is inside a 72-hour window: late.
    expect((await sut.cancel(cal, held.id)).status).toBe('late_canceled');

    const offer = await sut.create(pia, { clientId: dee.id, start: at(30) });
    expect(offer.heldUntil).toBe(at(3));
  });

  it('expires lapsed holds and proposals on the clock, once, announcing each', async () => {
    const hold = await sut.create(cal, { providerId: pia.id, start: at(3) });
    const offer = await sut.create(pia, { clientId: dee.id, start: at(4) });
    clock.advance(5 * MINUTE - 1);
    expect(await sweeper.expireHolds()).toBe(0);
    clock.advance(1);
    realtime.calls.length = 0;
    expect(await sweeper.expireHolds()).toBe(1); // the hold; the proposal waits up to 48 hours (or its start)
    expect((await queries.get(cal, hold.id)).status).toBe('expired');
    expect(
      updates()
        .map((u) => u.userId)
        .sort(),
    ).toEqual([cal.id, pia.id]);
    clock.advance(4 * HOUR);
    expect(await sweeper.expireHolds()).toBe(1);
    const lapsed = await queries.get(dee, offer.id);
    expect(lapsed.status).toBe('expired');
    expect(lapsed.history.at(-1)).toMatchObject({
      from: 'held',
      to: 'expired',
      by: null,
      reason: 'proposal_expired',
    });
    expect(await sweeper.expireHolds()).toBe(0);
    // Their claims are gone.
    expect(await uow.repos.consultations.claimsOf(hold.id)).toEqual([]);
    expect(await uow.repos.consultations.claimsOf(offer.id)).toEqual([]);
  });

  it('a scheduled booking whose proposal lapsed stays busy in the slot list until (and after) the sweep', async () => {
    settings = { ...settings, proposalHours: 1 };
    const booked = await sut.confirm(cal, (await sut.create(cal, { providerId: pia.id, start: at(5) })).id);
    const proposedStart = at(8);
    await proposals.propose(pia, booked.id, proposedStart);
    const [from, to] = [at(0), at(10)];
    const listed = async () => (await providers.slots(pia.id, { from, to })).slots.map((slot) => slot.start);
    expect(await listed()).not.toContain(proposedStart);
    clock.advance(HOUR + 1);
    expect(await listed()).not.toContain(booked.start);
    expect(await sweeper.expireHolds()).toBe(1);
    expect(await listed()).not.toContain(booked.start);
    expect(await listed()).toContain(proposedStart);
  });

  it('non-parties get the same 404 as a missing consultation, for every action', async () => {
    const held = await sut.create(cal, { providerId: pia.id, start: at(5) });
    for (const id of [held.id, 'missing']) {
      await expect(queries.get(dee, id)).rejects.toMatchObject({ status: 404, code: 'not_found' });
      await expect(sut.confirm(dee, id)).rejects.toMatchObject({ status: 404 });
      await expect(sut.cancel(dee, id)).rejects.toMatchObject({ status: 404 });
      await expect(sut.reschedule(dee, id, at(6))).rejects.toMatchObject({ status: 404 });
      await expect(proposals.propose(dee, id, at(6))).rejects.toMatchObject({ status: 404 });
      await expect(proposals.accept(dee, id)).rejects.toMatchObject({ status: 404 });
      await expect(proposals.decline(dee, id)).rejects.toMatchObject({ status: 404 });
      await expect(queries.calendar(dee, id)).rejects.toMatchObject({ status: 404 });
    }
  });
});

describe('ConsultationsRepository.transition', () => {
  it('changes only a row still in `from` (and at `version`), records history, releases claims on endings', async () => {
    const db = openDatabase('sqlite::memory:');
    await migrateToLatest(db);
    const now = '2026-11-23T10:00:00.000Z';
    for (const id of ['p', 'c']) {
      await insertPerson(
        db.kysely,
        { id, username: id, displayName: id, avatarUrl: null, role: 'user' },
        now,
      );
    }
    const uow = createUnitOfWork(db, recordingRealtime());
    const row = {
      id: 'k1',
      provider_id: 'p',
      client_id: 'c',
      status: 'held' as const,
      booked_by: 'client' as const,
      client_nickname: null,
      start_at: '2026-11-24T09:00:00.000Z',
      end_at: '2026-11-24T09:50:00.000Z',
      held_until: '2026-11-23T10:05:00.000Z',
      proposal_start: null,
      proposal_end: null,
      proposal_at: null,
      room_id: null,
      provider_joined_at: null,
      client_joined_at: null,
      provider_left_at: null,
      client_left_at: null,
      canceled_by: null,
      cancel_reason: null,
      ended_at: null,
      purge_at: null,
      purged_at: null,
      created_at: now,
      updated_at: now,
    };
    await uow.run((tx) =>
      tx.consultations.insert(row, ['2026-11-24T09:00:00.000Z', '2026-11-24T09:05:00.000Z'], 'c'),
    );
    const repo = uow.repos.consultations;
    // Wrong `from`, or a stale version: nothing happens.
    expect(await repo.transition({ id: 'k1', from: 'scheduled', to: 'active', by: 'p', at: now })).toBe(
      false,
    );
    expect(
      await repo.transition({ id: 'k1', from: 'held', to: 'scheduled', by: 'c', at: now, version: 7 }),
    ).toBe(false);
    expect((await repo.detail('k1'))!.history).toHaveLength(1);
    // The right one: status, version, held_until cleared, history.
    const later = '2026-11-23T10:01:00.000Z';
    expect(
      await repo.transition({ id: 'k1', from: 'held', to: 'scheduled', by: 'c', at: later, version: 0 }),
    ).toBe(true);
    const scheduled = (await repo.get('k1'))!;
    expect(scheduled).toMatchObject({
      status: 'scheduled',
      version: 1,
      held_until: null,
      updated_at: later,
      ended_at: null,
    });
    // An ending stamps ended_at and (for cancellations) releases the claims.
    expect(
      await repo.transition({
        id: 'k1',
        from: 'scheduled',
        to: 'canceled',
        by: 'p',
        at: later,
        patch: { canceled_by: 'provider' },
      }),
    ).toBe(true);
    expect(await repo.get('k1')).toMatchObject({
      status: 'canceled',
      ended_at: later,
      canceled_by: 'provider',
      version: 2,
    });
    expect(await repo.claimsOf('k1')).toEqual([]);
    const history = (await repo.detail('k1'))!.history.map((h) => [h.from_status, h.to_status, h.by_user_id]);
    expect(history).toEqual([
      [null, 'held', 'c'],
      ['held', 'scheduled', 'c'],
      ['scheduled', 'canceled', 'p'],
    ]);
    await db.close();
  });
});

describe('calendar files', () => {
  it('escapes text and folds lines at 75 octets without splitting a character', () => {
    expect(escapeText('a;b,c\\d\ne')).toBe('a\\;b\\,c\\\\d\\ne');
    const long = `SUMMARY:${'é'.repeat(60)}`; // 8 + 120 octets
    const folded = foldLine(long);
    const lines = folded.split('\r\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const [i, line] of lines.entries()) {
      expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
      if (i > 0) expect(line.startsWith(' ')).toBe(true);
    }
    expect(lines.map((l, i) => (i === 0 ? l : l.slice(1))).join('')).toBe(long);
    expect(folded).not.toContain('\uFFFD');
    expect(foldLine('short')).toBe('short');
  });

  it('writes one VEVENT with UTC times, the stable UID and the sequence', () => {
    const ics = buildIcs({
      id: 'abc',
      sequence: 2,
      start: '2026-12-01T09:00:00.000Z',
      end: '2026-12-01T09:50:00.000Z',
      stamp: '2026-11-23T10:00:00.000Z',
      summary: 'Consultation with Ada, PhD',
      description: 'Line one\nLine two',
      url: 'https://parley.example.org/consultations/abc',
      status: 'CONFIRMED',
    });
    expect(ics).toContain('\r\nUID:abc@parley\r\n');
    expect(ics).toContain('\r\nSEQUENCE:2\r\n');
    expect(ics).toContain('\r\nDTSTART:20261201T090000Z\r\n');
    expect(ics).toContain('\r\nDTEND:20261201T095000Z\r\n');
    expect(ics).toContain('\r\nDTSTAMP:20261123T100000Z\r\n');
    expect(ics).toContain('\r\nSUMMARY:Consultation with Ada\\, PhD\r\n');
    expect(ics).toContain('\r\nDESCRIPTION:Line one\\nLine two\r\n');
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    expect(ics.split('\r\n').every((l) => !l.includes('\n'))).toBe(true);
  });
});
