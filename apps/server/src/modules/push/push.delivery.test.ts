import type { Room } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callAction, configureJitsi, startCall } from '../../test/calls.js';
import { bookConsultation, consultationAction, makeProvider } from '../../test/consultations.js';
import { DATABASE_KINDS } from '../../test/databases.js';
import {
  createRoom,
  privateRoom,
  sentMessage,
  signedInPeople,
  signedInUser,
  type Person,
} from '../../test/factories.js';
import {
  startPushService,
  type BrowserSubscription,
  type PushServiceFixture,
} from '../../test/push-service.js';
import { connectSocket, listening, type ClientSocket } from '../../test/sockets.js';
import { createTestDb } from '../../test/databases.js';
import { fixedClock } from '../../test/fakes.js';
import { createTestApp, createTestAppOn, TestClient, type TestApp } from '../../test/test-app.js';
import { topicOf } from './push.notifier.js';

/** A browser of this person subscribed to pushes of `pushService` through the API. */
async function subscribedDevice(
  pushService: PushServiceFixture,
  person: Person,
): Promise<BrowserSubscription> {
  const sub = pushService.subscribe();
  const res = await person.client.post('/api/v1/me/push-subscriptions', {
    endpoint: sub.endpoint,
    keys: sub.keys,
    device: 'Test browser',
  });
  expect(res.statusCode).toBe(201);
  return sub;
}

/** What the push service decrypted for one subscription, in order. */
const receivedBy = (pushService: PushServiceFixture, sub: BrowserSubscription) =>
  pushService.received.filter((p) => p.subscriptionId === sub.id);

/**
 * Pushes end to end: the real app sends with `web-push` to the suite's local push service, which
 * checks the VAPID signature and decrypts each body with the subscription's keys, as a browser would.
 */
describe.each(DATABASE_KINDS)('Web Push deliveries (%s)', (kind) => {
  let pushService: PushServiceFixture;
  let app: TestApp;
  let url: string;
  let alice: Person;
  let bob: Person;
  let carol: Person;
  const sockets: ClientSocket[] = [];
  const RING_SECONDS = 45;

  const device = (person: Person) => subscribedDevice(pushService, person);
  const pushesTo = (sub: BrowserSubscription) => receivedBy(pushService, sub);
  const settled = () => app.services.push.notifier.settled();

  beforeAll(async () => {
    pushService = await startPushService();
    app = await createTestApp(
      kind,
      { PUSH_ALLOW_PRIVATE_ENDPOINTS: 'true' },
      { push: { extraCa: pushService.ca } },
    );
    url = await listening(app);
    [alice, bob, carol] = await signedInPeople(app, 'alice', 'bob', 'carol');
    await configureJitsi(app, { ringTimeoutSeconds: RING_SECONDS });
    await app.services.settings.update({
      limits: { ringsOfOnePersonPer10Minutes: 1000, ringAfterDeclineSeconds: 0 },
    });
    pushService.expectKey(app.services.push.keys.current()!.publicKey);
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await app.close();
    await pushService.close();
    expect(pushService.failures).toEqual([]);
  });

  const dm = (a: Person, b: Person): Promise<Room> =>
    createRoom(a.client, { type: 'direct', memberIds: [b.user.id] });

  it('rings a person with no open tab (urgency high, TTL the ring timeout), then closes it when the call ends', async () => {
    const room = await dm(alice, bob);
    const phone = await device(bob);
    const call = await startCall(alice.client, room.id);
    await settled();
    const [ring] = pushesTo(phone);
    expect(ring).toMatchObject({
      urgency: 'high',
      ttl: RING_SECONDS,
      topic: topicOf(`call:${call.id}`),
      payload: {
        kind: 'call',
        title: `${alice.user.displayName} is calling`,
        body: 'Video call',
        url: `/rooms/${room.id}?call=${call.id}`,
        tag: `call:${call.id}`,
      },
    });
    expect(ring!.vapid.aud).toBe(pushService.origin);
    expect(ring!.vapid.k).toBe((await bob.client.get('/api/v1/push/public-key')).json().key);
    // The caller's own devices are not rung.
    const alicePhone = await device(alice);
    expect(pushesTo(alicePhone)).toEqual([]);

    await callAction(alice.client, call.id, 'cancel');
    await settled();
    expect(pushesTo(phone).map((p) => p.payload)).toEqual([
      ring!.payload,
      { kind: 'close', tag: `call:${call.id}` },
    ]);
    expect(pushesTo(phone)[1]).toMatchObject({ urgency: 'high', topic: topicOf(`call:${call.id}`) });
    expect(pushesTo(alicePhone)).toEqual([]);
    const listed = (await bob.client.get('/api/v1/me/push-subscriptions')).json().subscriptions;
    expect(listed[0].lastUsedAt).not.toBeNull();
  });

  it('closes the ring once, when the person declines (later changes send nothing more)', async () => {
    const room = await dm(alice, carol);
    const phone = await device(carol);
    const call = await startCall(alice.client, room.id);
    await settled();
    expect(pushesTo(phone).map((p) => (p.payload as { kind: string }).kind)).toEqual(['call']);
    await callAction(carol.client, call.id, 'decline');
    await settled();
    expect(pushesTo(phone).map((p) => p.payload)).toEqual([
      expect.objectContaining({ kind: 'call' }),
      { kind: 'close', tag: `call:${call.id}` },
    ]);
  });

  it('rings every member of a group room with no open tab, naming the room, and closes each ring once', async () => {
    const [mia, ned, ola] = await signedInPeople(app, 'mia', 'ned', 'ola');
    const room = await privateRoom(mia, ned, ola);
    const [nedPhone, olaPhone] = [await device(ned), await device(ola)];
    const call = await startCall(mia.client, room.id);
    await settled();
    for (const phone of [nedPhone, olaPhone]) {
      expect(pushesTo(phone).map((p) => p.payload)).toEqual([
        {
          kind: 'call',
          title: `${mia.user.displayName} is calling`,
          body: `Video call in ${room.displayName}`,
          url: `/rooms/${room.id}?call=${call.id}`,
          tag: `call:${call.id}`,
        },
      ]);
    }
    // Ned answers: only his ring closes; Ola's goes on until the call ends.
    await callAction(ned.client, call.id, 'accept');
    await settled();
    expect(pushesTo(nedPhone).at(-1)!.payload).toEqual({ kind: 'close', tag: `call:${call.id}` });
    expect(pushesTo(olaPhone)).toHaveLength(1);
    await callAction(mia.client, call.id, 'end');
    await settled();
    expect(pushesTo(olaPhone).at(-1)!.payload).toEqual({ kind: 'close', tag: `call:${call.id}` });
    expect(pushesTo(nedPhone)).toHaveLength(2);
  });

  it('sends a direct message without its text unless the workspace and the person allow previews', async () => {
    const [dora, erin] = await signedInPeople(app, 'dora', 'erin');
    const room = await dm(dora, erin);
    const laptop = await device(erin);
    const first = await sentMessage(dora, room.id, { text: 'the secret plan' });
    await settled();
    expect(pushesTo(laptop)).toHaveLength(1);
    expect(pushesTo(laptop)[0]).toMatchObject({
      urgency: 'normal',
      payload: {
        kind: 'message',
        title: `New message from ${dora.user.displayName}`,
        body: 'Open Parley to read it',
        url: `/rooms/${room.id}?message=${first.id}&seq=${first.seq}`,
        tag: `room:${room.id}`,
      },
    });

    // The workspace allows previews, but Erin has not turned them on: still no text.
    await app.services.settings.update({ push: { allowPreviews: true } });
    await sentMessage(dora, room.id, { text: 'the secret plan, part two' });
    await settled();
    expect(JSON.stringify(pushesTo(laptop))).not.toContain('secret');

    await app.db.kysely
      .insertInto('notification_settings')
      .values({ user_id: erin.user.id, preview: 1, updated_at: new Date(0).toISOString() })
      .execute();
    await sentMessage(dora, room.id, { text: 'part three' });
    await settled();
    expect(pushesTo(laptop).at(-1)!.payload).toMatchObject({ body: 'part three' });

    // The workspace turns previews off again: Erin's choice alone does not show text.
    await app.services.settings.update({ push: { allowPreviews: false } });
    await sentMessage(dora, room.id, { text: 'part four' });
    await settled();
    expect(pushesTo(laptop).at(-1)!.payload).toMatchObject({ body: 'Open Parley to read it' });
  });

  it('pushes a mention in a room to the person mentioned only', async () => {
    const [fay, gus, hal] = await signedInPeople(app, 'fay', 'gus', 'hal');
    const room = await privateRoom(fay, gus, hal);
    const [gusPhone, halPhone] = [await device(gus), await device(hal)];
    await sentMessage(fay, room.id, { text: 'just chatting' });
    await sentMessage(fay, room.id, { text: `over to you @${gus.user.username}` });
    await settled();
    expect(pushesTo(halPhone)).toEqual([]);
    expect(pushesTo(gusPhone).map((p) => p.payload)).toEqual([
      expect.objectContaining({ kind: 'message', title: `${fay.user.displayName} mentioned you` }),
    ]);
  });

  it('deletes a subscription the push service answers 410 for, and keeps the others', async () => {
    const [ivy, jon] = await signedInPeople(app, 'ivy', 'jon');
    const room = await dm(ivy, jon);
    const [old, current] = [await device(jon), await device(jon)];
    pushService.answer(old.id, 410);
    await sentMessage(ivy, room.id, { text: 'hello' });
    await settled();
    expect(pushesTo(current)).toHaveLength(1);
    const listed = (await jon.client.get('/api/v1/me/push-subscriptions')).json().subscriptions;
    expect(listed).toHaveLength(1);
    const rows = await app.db.kysely
      .selectFrom('push_subscriptions')
      .select('endpoint')
      .where('user_id', '=', jon.user.id)
      .execute();
    expect(rows.map((r) => r.endpoint)).toEqual([current.endpoint]);
  });

  it('pushes nothing to a person with Parley open (a socket on this node)', async () => {
    const [kim, lee] = await signedInPeople(app, 'kim', 'lee');
    const room = await dm(kim, lee);
    const phone = await device(lee);
    const tab = await connectSocket(url, { cookie: lee.client.sessionCookieHeader });
    sockets.push(tab);
    await sentMessage(kim, room.id, { text: 'you there?' });
    const call = await startCall(kim.client, room.id);
    await callAction(kim.client, call.id, 'cancel');
    await settled();
    expect(pushesTo(phone)).toEqual([]);

    // The tab closes: the next message reaches the phone.
    tab.close();
    await expect.poll(() => app.presence.localStatuses([lee.user.id])).toEqual({});
    await sentMessage(kim, room.id, { text: 'now?' });
    await settled();
    expect(pushesTo(phone).map((p) => (p.payload as { kind: string }).kind)).toEqual(['message']);
  });
});

describe.each(DATABASE_KINDS)('Web Push for consultations (%s)', (kind) => {
  const T0 = '2026-11-23T10:00:00.000Z';
  const clock = fixedClock(T0);
  let pushService: PushServiceFixture;
  let app: TestApp;
  let admin: Person;
  let provider: Person;
  let client: Person;

  const device = (person: Person) => subscribedDevice(pushService, person);
  const pushesTo = (sub: BrowserSubscription) => receivedBy(pushService, sub);
  const settled = () => app.services.push.notifier.settled();

  beforeAll(async () => {
    pushService = await startPushService();
    app = await createTestApp(
      kind,
      { PUSH_ALLOW_PRIVATE_ENDPOINTS: 'true' },
      { clock, push: { extraCa: pushService.ca } },
    );
    await app.sweeper.stop();
    admin = await signedInUser(app, { role: 'admin' });
    [provider, client] = await signedInPeople(app, 'pat', 'cleo');
    await makeProvider(admin, provider);
    pushService.expectKey(app.services.push.keys.current()!.publicKey);
  });
  afterAll(async () => {
    await app.close();
    await pushService.close();
    expect(pushService.failures).toEqual([]);
  });

  it('reminds both parties in their own language, names nobody, and never pushes the consultation chat', async () => {
    expect((await client.client.patch('/api/v1/me', { locale: 'uk' })).statusCode).toBe(200);
    const [providerPhone, clientPhone] = [await device(provider), await device(client)];
    const consultation = await bookConsultation(client, provider, '2026-11-23T12:00:00.000Z', 'Cleo N.');
    // A message in the consultation's chat is its parties' business: never pushed.
    await sentMessage(client, consultation.roomId!, { text: `@${provider.user.username} see you soon` });
    await settled();
    expect(pushesTo(providerPhone)).toEqual([]);

    clock.set('2026-11-23T11:45:00.000Z');
    await app.services.consultations.timers.sweep();
    await settled();
    const tag = `consultation:${consultation.id}`;
    expect(pushesTo(providerPhone).map((p) => p.payload)).toEqual([
      {
        kind: 'consultation',
        title: 'Your consultation starts in 15 min',
        body: 'Open it to join when it starts',
        url: `/consultations/${consultation.id}`,
        tag,
      },
    ]);
    expect(pushesTo(clientPhone).map((p) => p.payload)).toEqual([
      {
        kind: 'consultation',
        title: 'Ваша консультація почнеться через 15 хв',
        body: 'Відкрийте її, щоб приєднатися, коли вона почнеться',
        url: `/consultations/${consultation.id}`,
        tag,
      },
    ]);
    expect(pushesTo(clientPhone)[0]).toMatchObject({ urgency: 'high', ttl: 15 * 60, topic: topicOf(tag) });
    const sent = JSON.stringify(pushService.received);
    for (const name of [provider.user.displayName, client.user.displayName, 'Cleo N.', 'see you soon']) {
      expect(sent).not.toContain(name);
    }
    // The same reminder is not sent twice.
    await app.services.consultations.timers.sweep();
    await settled();
    expect(pushesTo(providerPhone)).toHaveLength(1);
  });

  it('tells the other party, not the one who canceled, that a consultation was canceled', async () => {
    clock.set(T0);
    const [providerPhone, clientPhone] = [await device(provider), await device(client)];
    const consultation = await bookConsultation(client, provider, '2026-11-24T15:00:00.000Z');
    await settled();
    const before = { provider: pushesTo(providerPhone).length, client: pushesTo(clientPhone).length };
    await consultationAction(client.client, consultation.id, 'cancel', { reason: 'Something came up' });
    await settled();
    expect(pushesTo(clientPhone)).toHaveLength(before.client);
    expect(
      pushesTo(providerPhone)
        .slice(before.provider)
        .map((p) => p.payload),
    ).toEqual([
      {
        kind: 'consultation',
        title: 'A consultation was canceled',
        body: 'Open it to see the details',
        url: `/consultations/${consultation.id}`,
        tag: `consultation:${consultation.id}`,
      },
    ]);
    expect(JSON.stringify(pushService.received)).not.toContain('Something came up');
  });
});

describe.each(DATABASE_KINDS)('Web Push across nodes (%s)', (kind) => {
  it('closes a ring sent by one node when the call is canceled through another, once', async () => {
    const pushService = await startPushService();
    const db = await createTestDb(kind);
    const env = { PUSH_ALLOW_PRIVATE_ENDPOINTS: 'true' };
    const options = { push: { extraCa: pushService.ca } };
    const [one, two] = [await createTestAppOn(db, env, options), await createTestAppOn(db, env, options)];
    try {
      const [alice, bob] = await signedInPeople(one, 'alice', 'bob');
      await configureJitsi(one);
      const sub = await subscribedDevice(pushService, bob);
      const room = await createRoom(alice.client, { type: 'direct', memberIds: [bob.user.id] });
      const call = await startCall(alice.client, room.id);
      await one.services.push.notifier.settled();

      // Alice's next request reaches the other node (same session, same database).
      const aliceOnTwo = new TestClient(two);
      aliceOnTwo.cookies = alice.client.cookies;
      await callAction(aliceOnTwo, call.id, 'cancel');
      await Promise.all([one.services.push.notifier.settled(), two.services.push.notifier.settled()]);
      const kinds = receivedBy(pushService, sub).map((p) => (p.payload as { kind: string }).kind);
      expect(kinds).toEqual(['call', 'close']);
      expect(pushService.failures).toEqual([]);
    } finally {
      await one.close();
      await two.close();
      await db.close();
      await pushService.close();
    }
  });
});
