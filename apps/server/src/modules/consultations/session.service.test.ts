import {
  DEFAULT_CONSULTATIONS_SETTINGS,
  type Consultation,
  type ConsultationPresence,
  type ConsultationsSettings,
  type Message,
  type PublicUser,
} from '@parley/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from '../../db/database.js';
import type { MeetingJoinRequest, MeetingProvider } from '../../meetings/meeting-provider.js';
import { openAvailability } from '../../test/consultations.js';
import { fixedClock, insertPerson, recordingRealtime } from '../../test/fakes.js';
import { createUnitOfWork } from '../../unit-of-work.js';
import { ProvidersRepository, ProvidersService } from '../providers/index.js';
import { UsersRepository } from '../users/index.js';
import { BookingService } from './booking.service.js';
import { ConsultationRecordsService } from './consultation-records.service.js';
import { ProposalsService } from './proposals.service.js';
import { ConsultationSessionService } from './session.service.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * The session services on their own (no HTTP, no sockets): SQLite in memory, a fixed clock, a fake
 * meeting provider and a recording realtime port, wired through the app's unit of work.
 */
function setup() {
  const person = (id: string): PublicUser => ({
    id,
    username: id,
    displayName: id.toUpperCase(),
    avatarUrl: null,
    role: 'user',
  });
  const [pia, cal, dee] = [person('pia'), person('cal'), person('dee')];
  const clock = fixedClock('2026-11-23T10:00:00.000Z');
  const realtime = recordingRealtime();
  const settings: ConsultationsSettings = { ...DEFAULT_CONSULTATIONS_SETTINGS };
  const joins: MeetingJoinRequest[] = [];
  const meetings: MeetingProvider = {
    name: 'jitsi',
    problems: () => Promise.resolve([]),
    join: (request) => {
      joins.push(request);
      return Promise.resolve({
        roomName: request.roomName,
        url: `https://meet.example.org/${request.roomName}`,
        jwt: 'token',
        iframe: {},
        domain: 'meet.example.org',
        scriptUrl: 'https://meet.example.org/external_api.js',
        chromeExtensionId: null,
      });
    },
    end: () => Promise.resolve(),
    roomNameFor: (id) => Promise.resolve(id),
    parseWebhook: () => Promise.resolve(null),
  };
  return { pia, cal, dee, clock, realtime, settings, joins, meetings };
}

describe(ConsultationSessionService.name, () => {
  let db: Db;
  let env: ReturnType<typeof setup>;
  let uow: ReturnType<typeof createUnitOfWork>;
  let sut: ConsultationSessionService;
  let records: ConsultationRecordsService;
  let booked: Consultation;

  /** What the sockets were told since the last `realtime.calls.length = 0`, in order. */
  const told = () =>
    env.realtime.calls.map((c) => ('event' in c ? c.event : c.kind) + ('userId' in c ? ` ${c.userId}` : ''));
  const lines = () =>
    env.realtime.calls.flatMap((c) =>
      c.kind === 'toRoom' && c.event === 'message:new' ? [(c.args[0] as Message).text] : [],
    );

  beforeEach(async () => {
    env = setup();
    const { pia, cal, dee, clock, realtime } = env;
    db = openDatabase('sqlite::memory:');
    await migrateToLatest(db);
    for (const p of [pia, cal, dee]) await insertPerson(db.kysely, p, clock.now().toISOString());
    await new UsersRepository(db.kysely, 'sqlite').changeAccount(
      pia.id,
      { is_provider: 1 },
      clock.now().toISOString(),
    );
    uow = createUnitOfWork(db, realtime);
    const providers = new ProvidersService({
      repo: new ProvidersRepository(db.kysely),
      busy: (id, from, to, now) => uow.repos.consultations.busyBuckets(id, from, to, now),
      clock,
    });
    await providers.setAvailability(pia.id, openAvailability());
    const deps = {
      providers,
      uow,
      settings: () => Promise.resolve(env.settings),
      clock,
      publicUrl: 'https://parley.example.org',
    };
    const booking = new BookingService({ ...deps, proposals: new ProposalsService(deps) });
    const start = new Date(clock.now().getTime() + HOUR).toISOString();
    booked = await booking.confirm(cal, (await booking.create(cal, { providerId: pia.id, start })).id);
    sut = new ConsultationSessionService({
      uow,
      meetings: env.meetings,
      settings: deps.settings,
      clock,
      publicUrl: deps.publicUrl,
    });
    records = new ConsultationRecordsService({ uow, settings: deps.settings, clock });
    realtime.calls.length = 0;
  });
  afterEach(() => db.close());

  it('joins only inside the window: the provider as moderator, logged once a minute; nobody else', async () => {
    const { pia, cal, dee, clock, joins } = env;
    await expect(sut.join(pia, booked.id, {})).rejects.toMatchObject({ code: 'join_window_closed' });
    clock.set(new Date(Date.parse(booked.start) - 5 * MINUTE).toISOString());
    await expect(sut.join(dee, booked.id, {})).rejects.toMatchObject({ status: 404 });
    await expect(sut.join(dee, 'not-an-id', {})).rejects.toMatchObject({ status: 404 });

    const answer = await sut.join(pia, booked.id, { audioMuted: true });
    expect(answer).toMatchObject({ roomName: booked.id, jwt: 'token', consultation: { role: 'provider' } });
    expect(answer.presence).toEqual({
      consultationId: booked.id,
      providerInCall: false,
      clientInCall: false,
    });
    await sut.join(cal, booked.id, {});
    await sut.join(pia, booked.id, {});
    expect(joins.map((j) => [j.user.id, j.moderator])).toEqual([
      [pia.id, true],
      [cal.id, false],
      [pia.id, true],
    ]);
    const log = await uow.repos.consultationSessions.accessLog({ limit: 10 });
    expect(log.map((e) => [e.user_id, e.action])).toEqual([
      [cal.id, 'join'],
      [pia.id, 'join'],
    ]);
    // Joining changes nobody's presence: nothing was announced.
    expect(told()).toEqual([]);
  });

  it('a party joining starts the consultation, its chat line and the announcements after the commit, once', async () => {
    const { pia, cal, clock } = env;
    clock.set(booked.start);
    const seen = await sut.report(cal, booked.id, 'joined');
    expect(seen.consultation.status).toBe('active');
    expect(seen.presence).toMatchObject({ clientInCall: true, providerInCall: false });
    expect(lines()).toEqual(['CAL joined the call']);
    expect(told()).toEqual([
      'message:new',
      `consultation:updated ${pia.id}`,
      `consultation:updated ${cal.id}`,
      'consultation:presence',
    ]);
    const presence = env.realtime.calls.at(-1) as unknown as {
      userIds: string[];
      args: [ConsultationPresence];
    };
    expect(presence.userIds).toEqual([pia.id, cal.id]);
    expect(presence.args[0]).toEqual({
      consultationId: booked.id,
      providerInCall: false,
      clientInCall: true,
    });

    // A repeat changes nothing and tells no one.
    env.realtime.calls.length = 0;
    await sut.report(cal, booked.id, 'joined');
    expect(told()).toEqual([]);

    // The other party's browser only moves the flag: presence, no consultation update.
    await sut.report(cal, booked.id, 'other_joined');
    expect(told()).toEqual(['message:new', 'consultation:presence']);
    expect(lines()).toEqual(['PIA joined the call']);
    const row = await uow.repos.consultations.get(booked.id);
    expect(row).toMatchObject({ status: 'active', provider_joined_at: null, client_joined_at: booked.start });
  });

  it('camera and microphone changes are one chat line each, only while in the call', async () => {
    const { cal, clock } = env;
    clock.set(booked.start);
    await sut.report(cal, booked.id, 'camera_off');
    expect(told()).toEqual([]);
    await sut.report(cal, booked.id, 'joined');
    env.realtime.calls.length = 0;
    await sut.report(cal, booked.id, 'camera_off');
    await sut.report(cal, booked.id, 'camera_off');
    await sut.report(cal, booked.id, 'microphone_on');
    expect(lines()).toEqual(['CAL turned their camera off', 'CAL turned their microphone on']);
  });

  it("the client's erasure, its record and its chat line commit together; the provider cannot erase", async () => {
    const { pia, cal, clock } = env;
    clock.set(booked.start);
    await sut.report(cal, booked.id, 'joined');
    await sut.report(pia, booked.id, 'joined');
    env.realtime.calls.length = 0;

    await expect(records.eraseChat(pia, booked.id)).rejects.toMatchObject({ status: 403 });
    expect(await records.eraseChat(cal, booked.id)).toEqual({ erased: 2 });
    expect(told()).toEqual(['messages:purged', 'message:new']);
    expect(lines()).toEqual(['The client erased the chat history']);
    const purges = await uow.repos.consultationSessions.purges(booked.id);
    expect(purges).toMatchObject([{ reason: 'client_erasure', by_user_id: cal.id, messages: 2 }]);
    const left = await db.kysely
      .selectFrom('messages')
      .select('text')
      .where('room_id', '=', booked.roomId!)
      .execute();
    expect(left.map((m) => m.text)).toEqual(['The client erased the chat history']);
  });
});
