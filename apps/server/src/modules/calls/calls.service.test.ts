import { DEFAULT_CALLS_SETTINGS, type CallsSettings, type PublicUser } from '@parley/shared';
import { beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from '../../db/database.js';
import type { MeetingJoinRequest, MeetingProblem, MeetingProvider } from '../../meetings/meeting-provider.js';
import { fixedClock, insertPerson, recordingRealtime } from '../../test/fakes.js';
import { MembershipService, RoomsService } from '../chat/index.js';
import type { Transaction } from '../../db/unit-of-work.js';
import { createUnitOfWork, type Repositories } from '../../unit-of-work.js';
import { AttendanceService } from './attendance.service.js';
import { CallViews } from './call-views.js';
import type { CallsRepository } from './calls.repository.js';
import { CallsQueries } from './calls.queries.js';
import { CallsService } from './calls.service.js';
import { CallsSweeper } from './calls.sweeper.js';

/** A provider that records joins and can be switched to "not configured". */
function fakeMeetings() {
  const joins: MeetingJoinRequest[] = [];
  const ended: string[] = [];
  let problems: MeetingProblem[] = [];
  const provider: MeetingProvider = {
    name: 'jitsi',
    problems: () => Promise.resolve(problems),
    join: (request) => {
      joins.push(request);
      return Promise.resolve({
        roomName: `room-${request.callId}`,
        url: `https://meet.test/room-${request.callId}`,
        jwt: `jwt-for-${request.user.id}`,
        iframe: {},
        domain: 'meet.test',
        scriptUrl: 'https://meet.test/external_api.js',
        chromeExtensionId: null,
      });
    },
    end: (id) => {
      ended.push(id);
      return Promise.resolve();
    },
    roomNameFor: (id) => Promise.resolve(`room-${id}`),
    parseWebhook: () => Promise.resolve(null),
  };
  return {
    provider,
    joins,
    ended,
    unconfigure: () => {
      problems = [{ field: 'domain', message: 'Choose the Jitsi domain' }];
    },
  };
}

describe('calls service', () => {
  let db: Db;
  let clock: ReturnType<typeof fixedClock>;
  let realtime: ReturnType<typeof recordingRealtime>;
  let meetings: ReturnType<typeof fakeMeetings>;
  let settings: CallsSettings;
  let rooms: RoomsService;
  let membership: MembershipService;
  let calls: CallsService;
  let attendance: AttendanceService;
  let queries: CallsQueries;
  let timers: CallsSweeper;
  const person = (id: string): PublicUser => ({
    id,
    username: id,
    displayName: id.toUpperCase(),
    avatarUrl: id === 'ada' ? '/avatars/ada.webp' : null,
    role: 'user',
  });
  const [ada, ben, cy] = [person('ada'), person('ben'), person('cy')];

  beforeEach(async () => {
    db = openDatabase('sqlite::memory:');
    await migrateToLatest(db);
    clock = fixedClock();
    for (const p of [ada, ben, cy]) {
      await insertPerson(db.kysely, p, clock.now().toISOString(), p.avatarUrl ? 'ada.webp' : null);
    }
    realtime = recordingRealtime();
    meetings = fakeMeetings();
    settings = { ...DEFAULT_CALLS_SETTINGS };
    const uow = createUnitOfWork(db, realtime);
    rooms = new RoomsService({ uow, clock });
    membership = new MembershipService({ uow, clock });
    const views = new CallViews({ repos: uow.repos, clock });
    const common = {
      uow,
      views,
      meetings: meetings.provider,
      settings: () => Promise.resolve(settings),
      clock,
      publicUrl: 'https://chat.example.org',
    };
    calls = new CallsService({ ...common, membership });
    attendance = new AttendanceService(common);
    queries = new CallsQueries({ uow, membership, views });
    timers = new CallsSweeper({ uow, meetings: meetings.provider, clock });
  });

  it('rings only the callees, by user, after the call and its message are stored', async () => {
    const { room } = await rooms.create(ada, { type: 'direct', memberIds: [ben.id] });
    realtime.calls.length = 0;
    const { call, created } = await calls.start(ada, room.id, 'Hi');
    expect(created).toBe(true);
    const ringing = realtime.calls.filter((c) => 'event' in c && c.event === 'call:ringing');
    expect(ringing).toEqual([
      expect.objectContaining({
        kind: 'toUser',
        userId: ben.id,
        args: [expect.objectContaining({ caller: ada })],
      }),
    ]);
    // The call message came first (so a client that opens the room on the ring finds it).
    const order = realtime.calls.map((c) => ('event' in c ? c.event : c.kind));
    expect(order.indexOf('message:new')).toBeLessThan(order.indexOf('call:ringing'));
    expect(call.status).toBe('ringing');
  });

  it('joins with the random meeting id, an absolute avatar, no e-mail, and moderator only for the caller', async () => {
    const { room } = await rooms.create(ada, { type: 'channel', name: 'ops', memberIds: [ben.id] });
    const { call } = await calls.start(ben, room.id);
    await attendance.join(ada, call.id);
    await attendance.join(ben, call.id);
    const [adaJoin, benJoin] = meetings.joins;
    expect(adaJoin).toMatchObject({
      moderator: false,
      user: { id: ada.id, avatarUrl: 'https://chat.example.org/avatars/ada.webp', email: null },
    });
    expect(benJoin).toMatchObject({ moderator: true });
    expect(adaJoin!.callId).not.toBe(call.id);
    expect(adaJoin!.callId).not.toContain(room.id);
    expect(call.roomName).toBe(`room-${adaJoin!.callId}`);

    settings = { ...settings, moderators: 'caller-and-room-moderators' };
    await attendance.join(ada, call.id);
    expect(meetings.joins[2]).toMatchObject({ moderator: true });
  });

  it('refuses to start when the provider is not configured, and outsiders see nothing', async () => {
    const { room } = await rooms.create(ada, { type: 'direct', memberIds: [ben.id] });
    meetings.unconfigure();
    await expect(calls.start(ada, room.id)).rejects.toMatchObject({ code: 'meetings_not_configured' });
    await expect(calls.start(cy, room.id)).rejects.toMatchObject({ status: 404 });
    expect(realtime.calls.filter((c) => 'event' in c && c.event.startsWith('call:'))).toEqual([]);
  });

  it('ends a call at the maximum length and tells the provider', async () => {
    const { room } = await rooms.create(ada, { type: 'channel', name: 'long', memberIds: [ben.id] });
    const { call } = await calls.start(ada, room.id);
    await attendance.report(ada, call.id, { type: 'videoConferenceJoined' });
    clock.advance(settings.maxDurationMinutes * 60_000);
    // Ben's ringing stopped long ago (missed) and the call reached its maximum length: two rows.
    expect(await timers.sweep()).toBe(2);
    expect(await timers.sweep()).toBe(0);
    const ended = await queries.get(ada, call.id);
    expect(ended).toMatchObject({ status: 'ended', endReason: 'max_duration' });
    expect(meetings.ended).toHaveLength(1);
    expect(realtime.calls.filter((c) => 'event' in c && c.event === 'call:ended')).toHaveLength(1);
  });

  it('commits a call and its message together: a failure after the message leaves neither', async () => {
    const { room } = await rooms.create(ada, { type: 'channel', name: 'atomic', memberIds: [ben.id] });
    realtime.calls.length = 0;
    const uow = createUnitOfWork(db, realtime);
    // The same unit of work, except that recording the message on the call fails: after the call row
    // and its message were written, before the commit.
    const failing: typeof uow = Object.assign(Object.create(uow) as typeof uow, {
      run: <T>(work: (tx: Transaction<Repositories>) => Promise<T>) =>
        uow.run((tx) =>
          work({
            ...tx,
            calls: Object.assign(Object.create(tx.calls) as CallsRepository, {
              setMessage: () => Promise.reject(new Error('disk full')),
            }),
          }),
        ),
    });
    const broken = new CallsService({
      uow: failing,
      membership,
      views: new CallViews({ repos: uow.repos, clock }),
      meetings: meetings.provider,
      settings: () => Promise.resolve(settings),
      clock,
      publicUrl: 'https://chat.example.org',
    });
    await expect(broken.start(ada, room.id, 'Doomed')).rejects.toThrow('disk full');
    expect(await db.kysely.selectFrom('calls').selectAll().execute()).toEqual([]);
    const messages = await db.kysely
      .selectFrom('messages')
      .selectAll()
      .where('room_id', '=', room.id)
      .execute();
    expect(messages.filter((m) => m.text.includes('started a call'))).toEqual([]);
    // Nobody was told about what never happened.
    expect(realtime.calls.filter((c) => 'event' in c && /^(call:|message:new)/.test(c.event))).toEqual([]);

    // Then a start that works posts its message with the call, and the call points at it.
    const { call, messageId } = await calls.start(ada, room.id, 'Fine');
    const stored = await db.kysely
      .selectFrom('calls')
      .selectAll()
      .where('id', '=', call.id)
      .executeTakeFirst();
    expect(stored?.message_id).toBe(messageId);
    const message = await db.kysely
      .selectFrom('messages')
      .selectAll()
      .where('id', '=', messageId)
      .executeTakeFirst();
    expect(message).toMatchObject({ call_id: call.id, text: 'started a call: Fine' });
  });

  it('refuses a start whose room was archived after it was read, leaving no call', async () => {
    const { room } = await rooms.create(ada, { type: 'channel', name: 'closing', memberIds: [ben.id] });
    const seen = await membership.viewAsMember(ada, room.id, { members: true });
    await rooms.update(ada, room.id, { archived: true });
    // The room as it was read just before the archive landed.
    const stale = Object.assign(Object.create(membership) as MembershipService, {
      viewAsMember: () => Promise.resolve(seen),
    });
    const racing = new CallsService({
      uow: createUnitOfWork(db, realtime),
      membership: stale,
      views: new CallViews({ repos: createUnitOfWork(db, realtime).repos, clock }),
      meetings: meetings.provider,
      settings: () => Promise.resolve(settings),
      clock,
      publicUrl: 'https://chat.example.org',
    });
    await expect(racing.start(ada, room.id)).rejects.toMatchObject({ code: 'room_archived' });
    expect(await db.kysely.selectFrom('calls').selectAll().execute()).toEqual([]);
  });
});
