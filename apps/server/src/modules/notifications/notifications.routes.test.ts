import type { NotificationSettings, RoomNotifications, RoomSummary } from '@parley/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import {
  createRoom,
  privateRoom,
  sentMessage,
  signedInPeople,
  uniqueUsername,
  type Person,
} from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { listening, recorder, settle, socketPool } from '../../test/sockets.js';
import { createTestApp, type TestApp, type TestClient } from '../../test/test-app.js';

const T0 = '2026-12-07T10:00:00.000Z';
const SETTINGS = '/api/v1/me/notification-settings';
const DEFAULTS: NotificationSettings = {
  dnd: { until: null, schedule: null, active: false },
  email: { digestMinutes: null, missedCalls: false, available: false },
  preview: false,
  previewAllowed: false,
};

const settingsOf = async (client: TestClient) => {
  const res = await client.get(SETTINGS);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<NotificationSettings>();
};

describe.each(DATABASE_KINDS)('notification settings (%s)', (kind) => {
  const clock = fixedClock(T0);
  let app: TestApp;
  let alice: Person;
  let bob: Person;
  let carol: Person;
  let url = '';
  const sockets = socketPool(() => url);

  beforeAll(async () => {
    app = await createTestApp(kind, {}, { clock });
    await app.sweeper.stop();
    url = await listening(app);
    [alice, bob, carol] = await signedInPeople(app, 'alice', 'bob', 'carol');
  });
  afterEach(() => clock.set(T0));
  afterAll(async () => {
    sockets.closeAll();
    await app.close();
  });

  it('answers the defaults to someone who never changed anything', async () => {
    expect(await settingsOf(carol.client)).toEqual(DEFAULTS);
  });

  it('merges each change into what is stored; null clears; my other tabs hear of it', async () => {
    const tab = recorder(await sockets.connect(alice));
    const bobSocket = await sockets.connect(bob);
    const other = recorder(bobSocket);
    const schedule = {
      days: [5, 1, 2],
      from: '22:00',
      to: '07:00',
      timezone: 'Europe/Kyiv',
      allowFrom: [bob.user.id, bob.user.id],
    };
    let res = await alice.client.patch(SETTINGS, {
      dnd: { until: '2026-12-07T13:00:00+02:00', schedule },
    });
    expect(res.statusCode, res.body).toBe(200);
    const first = res.json<NotificationSettings>();
    expect(first.dnd).toEqual({
      until: '2026-12-07T11:00:00.000Z',
      schedule: { ...schedule, days: [1, 2, 5], allowFrom: [bob.user.id] },
      active: true,
    });
    expect(await tab.next('notifications:settings')).toEqual(first);

    res = await alice.client.patch(SETTINGS, { email: { digestMinutes: 15, missedCalls: true } });
    expect(res.json<NotificationSettings>()).toMatchObject({
      dnd: first.dnd,
      email: { digestMinutes: 15, missedCalls: true, available: false },
    });
    res = await alice.client.patch(SETTINGS, { preview: true, dnd: { until: null } });
    const last = res.json<NotificationSettings>();
    expect(last).toMatchObject({
      dnd: { until: null, schedule: first.dnd.schedule, active: false },
      email: { digestMinutes: 15, missedCalls: true },
      preview: true,
      previewAllowed: false,
    });
    expect(await settingsOf(alice.client)).toEqual(last);
    res = await alice.client.patch(SETTINGS, { dnd: { schedule: null }, email: { digestMinutes: null } });
    expect(res.json<NotificationSettings>()).toMatchObject({
      dnd: { schedule: null },
      email: { digestMinutes: null, missedCalls: true },
    });
    await settle(bobSocket);
    expect(other.of('notifications:settings')).toEqual([]);
    expect(await settingsOf(bob.client)).toEqual(DEFAULTS);
  });

  it('reports do not disturb by the schedule in its time zone, as the clock moves', async () => {
    // Monday 2026-12-07, 21:30 in Kyiv (UTC+2) is 19:30 UTC.
    await carol.client.patch(SETTINGS, {
      dnd: { schedule: { days: [1], from: '21:00', to: '06:00', timezone: 'Europe/Kyiv' } },
    });
    clock.set('2026-12-07T19:30:00.000Z');
    expect((await settingsOf(carol.client)).dnd.active).toBe(true);
    clock.set('2026-12-08T04:30:00.000Z');
    expect((await settingsOf(carol.client)).dnd.active).toBe(false);
    const until = await carol.client.patch(SETTINGS, { dnd: { until: '2026-12-08T05:00:00Z' } });
    expect(until.json<NotificationSettings>().dnd.active).toBe(true);
    clock.set('2026-12-08T05:00:00.000Z');
    // Once passed, the time reads as off.
    expect((await settingsOf(carol.client)).dnd).toMatchObject({ until: null, active: false });
    await carol.client.patch(SETTINGS, { dnd: { schedule: null } });
  });

  it('refuses times past, strangers to ring through, and malformed bodies, changing nothing', async () => {
    const before = await settingsOf(bob.client);
    const bad: unknown[] = [
      { dnd: { until: '2026-12-07T09:59:59Z' } },
      { dnd: { until: 'tomorrow' } },
      {
        dnd: {
          schedule: { days: [1], from: '22:00', to: '07:00', timezone: 'UTC', allowFrom: ['no-such-person'] },
        },
      },
      { dnd: { schedule: { days: [1], from: '22:00', to: '07:00', timezone: 'Mars/Olympus' } } },
      { dnd: { schedule: { days: [], from: '22:00', to: '07:00', timezone: 'UTC' } } },
      { dnd: { schedule: { days: [1, 1], from: '22:00', to: '07:00', timezone: 'UTC' } } },
      { dnd: { schedule: { days: [7], from: '24:00', to: '07:00', timezone: 'UTC' } } },
      { email: { digestMinutes: 1 } },
      { email: { digestMinutes: 5.5 } },
      { preview: 'yes' },
      { somethingElse: true },
      {},
      [],
    ];
    for (const body of bad) {
      const res = await bob.client.patch(SETTINGS, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
    }
    expect(await settingsOf(bob.client)).toEqual(before);
  });

  it('sets a room to mentions only or nothing, or mutes it; the badge then counts only mentions', async () => {
    const room = await createRoom(alice.client, {
      type: 'channel',
      name: uniqueUsername('quiet'),
      memberIds: [bob.user.id],
    });
    const tab = recorder(await sockets.connect(bob));
    for (const text of ['one', `hey @${bob.user.username}`, 'three']) {
      await sentMessage(alice, room.id, { text });
    }
    const summary = async () =>
      (await bob.client.get('/api/v1/rooms'))
        .json<{ rooms: RoomSummary[] }>()
        .rooms.find((r) => r.id === room.id)!;
    expect(await summary()).toMatchObject({
      unread: 3,
      mentions: 1,
      notifications: { level: 'all', muteUntil: null },
    });

    const put = (body: unknown) => bob.client.put(`/api/v1/rooms/${room.id}/notifications`, body);
    for (const level of ['mentions', 'none'] as const) {
      const res = await put({ level });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<RoomNotifications>()).toEqual({ level, muteUntil: null });
      expect(await summary()).toMatchObject({ unread: 1, mentions: 1, notifications: { level } });
    }
    const muted = await put({ level: 'all', muteUntil: '2026-12-07T11:00:00Z' });
    expect(muted.json<RoomNotifications>()).toEqual({ level: 'all', muteUntil: '2026-12-07T11:00:00.000Z' });
    expect(await tab.next('room:notifications', (e) => e.notifications.muteUntil !== null)).toEqual({
      roomId: room.id,
      notifications: { level: 'all', muteUntil: '2026-12-07T11:00:00.000Z' },
    });
    expect(await summary()).toMatchObject({ unread: 1, mentions: 1 });
    // The mute ends by itself: the badge counts everything again.
    clock.set('2026-12-07T11:00:00.000Z');
    expect(await summary()).toMatchObject({
      unread: 3,
      notifications: { level: 'all', muteUntil: '2026-12-07T11:00:00.000Z' },
    });
    // Alice's own view of the room did not change.
    const mine = (await alice.client.get('/api/v1/rooms')).json<{ rooms: RoomSummary[] }>().rooms;
    expect(mine.find((r) => r.id === room.id)!.notifications).toEqual({ level: 'all', muteUntil: null });
  });

  it('answers 404 for a room one is not in or that does not exist, 400 for a mute in the past', async () => {
    const room = await privateRoom(alice, bob);
    for (const path of [`/api/v1/rooms/${room.id}/notifications`, '/api/v1/rooms/nope/notifications']) {
      const res = await carol.client.put(path, { level: 'none' });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
    for (const body of [
      { level: 'all', muteUntil: T0 },
      { level: 'loud' },
      { level: 'all', muteUntil: 'later' },
      {},
      { level: 'all', extra: 1 },
    ]) {
      const res = await bob.client.put(`/api/v1/rooms/${room.id}/notifications`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
    const summary = (await bob.client.get('/api/v1/rooms')).json<{ rooms: RoomSummary[] }>().rooms;
    expect(summary.find((r) => r.id === room.id)!.notifications).toEqual({ level: 'all', muteUntil: null });
  });

  it('limits how often settings change', async () => {
    const [dana] = await signedInPeople(app, 'dana');
    let last = 0;
    for (let i = 0; i < 61; i++) {
      last = (await dana.client.patch(SETTINGS, { preview: i % 2 === 0 })).statusCode;
    }
    expect(last).toBe(429);
  });
});

describe('notification settings with SMTP_URL', () => {
  it('says e-mail is available', async () => {
    const app = await createTestApp('sqlite', { SMTP_URL: 'smtp://127.0.0.1:1' });
    try {
      const [erin] = await signedInPeople(app, 'erin');
      expect((await settingsOf(erin.client)).email.available).toBe(true);
    } finally {
      await app.close();
    }
  });
});
