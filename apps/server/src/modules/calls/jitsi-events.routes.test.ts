import { createHmac } from 'node:crypto';
import type { Call } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { createRoom, signedInPeople, type Person } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import {
  JITSI_TEST_SETTINGS,
  callAction,
  configureJitsi,
  report,
  startCall,
  stateOf,
} from '../../test/calls.js';

const EVENT_SYNC_SECRET = 'event-sync-shared-secret-for-tests';
const JAAS_SECRET = 'whsec_jaas-endpoint-secret-for-tests';

describe.each(DATABASE_KINDS)('Jitsi → Parley events (%s)', (kind) => {
  const clock = fixedClock();
  let app: TestApp;
  let alice: Person;
  let bob: Person;

  const eventSync = (path: string, body: unknown, secret: string | null = EVENT_SYNC_SECRET) =>
    app.app.inject({
      method: 'POST',
      url: `/api/v1/jitsi/events${path}`,
      headers: {
        'content-type': 'application/json',
        ...(secret === null ? {} : { authorization: `Bearer ${secret}` }),
      },
      payload: JSON.stringify(body),
    });

  /** A JaaS delivery signed like JaaS does: HMAC-SHA256 over `t.body`, base64. */
  const jaas = (body: unknown, { at = clock.now().getTime(), secret = JAAS_SECRET } = {}) => {
    const raw = JSON.stringify(body);
    const t = Math.floor(at / 1000);
    const signature = createHmac('sha256', secret).update(`${t}.${raw}`).digest('base64');
    return app.app.inject({
      method: 'POST',
      url: '/api/v1/jitsi/jaas-webhook',
      headers: { 'content-type': 'application/json', 'x-jaas-signature': `t=${t},v1=${signature}` },
      payload: raw,
    });
  };

  const current = async (id: string) =>
    (await alice.client.get(`/api/v1/calls/${id}`)).json<{ call: Call }>().call;

  beforeAll(async () => {
    app = await createTestApp(kind, {}, { clock });
    [alice, bob] = await signedInPeople(app, 'alice', 'bob');
    await configureJitsi(app);
  });
  afterAll(async () => app.close());

  it('refuses event_sync posts until a secret is set, and with a wrong or missing bearer', async () => {
    const off = await eventSync('/events/room/created', { room_name: 'x' });
    expect(off.statusCode).toBe(401);
    expect(off.json().error.code).toBe('webhook_unauthorized');
    await configureJitsi(app, { eventSyncSecret: EVENT_SYNC_SECRET, jaasWebhookSecret: JAAS_SECRET });
    expect((await eventSync('/events/room/created', { room_name: 'x' }, 'wrong')).statusCode).toBe(401);
    expect((await eventSync('/events/room/created', { room_name: 'x' }, null)).statusCode).toBe(401);
    // The secret is write-only: the settings show only that it is set.
    const view = JSON.stringify(await app.services.settings.view());
    expect(view).not.toContain(EVENT_SYNC_SECRET);
    expect(view).not.toContain(JAAS_SECRET);
  });

  it('records who really joined from event_sync, once per delivery, and ends the call when Jitsi destroys the room', async () => {
    const room = await createRoom(alice.client, { type: 'direct', memberIds: [bob.user.id] });
    const call = await startCall(alice.client, room.id);
    await callAction(bob.client, call.id, 'accept');
    const seconds = Math.floor(clock.now().getTime() / 1000);
    const occupant = (user: Person, extra: Record<string, unknown> = {}) => ({
      room_name: call.roomName,
      occupant: {
        id: user.user.id,
        name: user.user.displayName,
        occupant_jid: `${user.user.id}@x/y`,
        ...extra,
      },
    });
    const joined = await eventSync('/events/occupant/joined', occupant(bob, { joined_at: seconds + 5 }));
    expect(joined.statusCode).toBe(200);
    expect(joined.json()).toMatchObject({ ok: true, outcome: 'applied' });
    let now = await current(call.id);
    expect(stateOf(now, bob.user.id)).toBe('joined');
    expect(now.participants.find((p) => p.user.id === bob.user.id)?.joinedAt).toBe(
      new Date((seconds + 5) * 1000).toISOString(),
    );
    // The same post again (event_sync retries) changes nothing.
    const again = await eventSync('/events/occupant/joined', occupant(bob, { joined_at: seconds + 5 }));
    expect(again.json()).toMatchObject({ outcome: 'duplicate' });

    // From now on Jitsi is the source of truth: a browser's report is ignored.
    await report(alice.client, call.id, 'videoConferenceJoined');
    now = await current(call.id);
    expect(stateOf(now, alice.user.id)).toBe('accepted');

    await eventSync('/events/occupant/joined', occupant(alice, { joined_at: seconds + 6 }));
    await eventSync(
      '/events/occupant/left',
      occupant(bob, { joined_at: seconds + 5, left_at: seconds + 60 }),
    );
    now = await current(call.id);
    expect(stateOf(now, alice.user.id)).toBe('joined');
    expect(stateOf(now, bob.user.id)).toBe('left');

    // With `api_prefix` set to …/api/v1/jitsi (no /events), the posts still land.
    const shortPrefix = await app.app.inject({
      method: 'POST',
      url: '/api/v1/jitsi/events/occupant/joined',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${EVENT_SYNC_SECRET}` },
      payload: JSON.stringify(occupant(bob, { joined_at: seconds + 90 })),
    });
    expect(shortPrefix.json()).toMatchObject({ outcome: 'applied' });
    expect(stateOf(await current(call.id), bob.user.id)).toBe('joined');

    // Unknown rooms (another app's meetings on the same Jitsi) are acknowledged and ignored.
    const stranger = await eventSync('/events/room/created', {
      room_name: 'someone-elses-room',
      created_at: 1,
    });
    expect(stranger.json()).toMatchObject({ outcome: 'unknown_room' });
    // Malformed bodies are a 400, not a 500.
    expect((await eventSync('/events/occupant/joined', { nope: true })).statusCode).toBe(400);
    expect((await eventSync('/events/unknown', { room_name: call.roomName })).statusCode).toBe(400);
    const notJson = await app.app.inject({
      method: 'POST',
      url: '/api/v1/jitsi/events/events/room/created',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${EVENT_SYNC_SECRET}` },
      payload: '{not json',
    });
    expect(notJson.statusCode).toBe(400);

    const destroyed = await eventSync('/events/room/destroyed', {
      room_name: call.roomName,
      destroyed_at: seconds + 120,
      all_occupants: [],
    });
    expect(destroyed.json()).toMatchObject({ outcome: 'applied' });
    now = await current(call.id);
    expect(now).toMatchObject({
      status: 'ended',
      endReason: 'destroyed',
      endedAt: new Date((seconds + 120) * 1000).toISOString(),
    });
    expect(stateOf(now, alice.user.id)).toBe('left');
  });

  it("ignores event_sync posts about another tenant's room of the same name", async () => {
    const room = await createRoom(alice.client, { type: 'direct', memberIds: [bob.user.id] });
    const call = await startCall(alice.client, room.id);
    await callAction(bob.client, call.id, 'accept');
    const seconds = Math.floor(clock.now().getTime() / 1000);
    const joined = (roomName: string) =>
      eventSync('/events/occupant/joined', {
        room_name: roomName,
        occupant: { id: bob.user.id, occupant_jid: `${bob.user.id}@x/y`, joined_at: seconds },
      });
    // Parley's Jitsi has no tenant: `[othertenant]<room>` is somebody else's meeting.
    const foreign = await joined(`[othertenant]${call.roomName}`);
    expect(foreign.statusCode).toBe(200);
    expect(foreign.json()).toMatchObject({ outcome: 'ignored' });
    expect(stateOf(await current(call.id), bob.user.id)).toBe('accepted');

    // With a tenant configured, only that tenant's rooms are ours (a bare room is not).
    await app.services.settings.update({ jitsi: { domain: 'meet.example.org/Acme' } });
    try {
      expect((await joined(call.roomName)).json()).toMatchObject({ outcome: 'ignored' });
      expect((await joined(`[other]${call.roomName}`)).json()).toMatchObject({ outcome: 'ignored' });
      expect(stateOf(await current(call.id), bob.user.id)).toBe('accepted');
      expect((await joined(`[acme]${call.roomName}`)).json()).toMatchObject({ outcome: 'applied' });
      expect(stateOf(await current(call.id), bob.user.id)).toBe('joined');
    } finally {
      await app.services.settings.update({ jitsi: { domain: JITSI_TEST_SETTINGS.domain } });
    }
  });

  it('accepts signed JaaS webhooks, refuses bad signatures and replays, and applies each key once', async () => {
    const room = await createRoom(alice.client, {
      type: 'channel',
      name: `jaas${Date.now()}`,
      memberIds: [bob.user.id],
    });
    const call = await startCall(alice.client, room.id);
    const body = (eventType: string, key: string, data: Record<string, unknown> = {}) => ({
      idempotencyKey: key,
      customerId: 'c',
      appId: 'vpaas-magic-cookie-1',
      eventType,
      sessionId: 's',
      timestamp: clock.now().getTime(),
      fqn: `vpaas-magic-cookie-1/${call.roomName}`,
      data,
    });
    const joined = body('PARTICIPANT_JOINED', 'k-1', { id: bob.user.id, name: 'Bob', moderator: false });
    // While meetings are self-hosted, a JaaS app's events are about someone else's meetings.
    expect((await jaas(joined)).json()).toMatchObject({ outcome: 'ignored' });
    await app.services.settings.update({ jitsi: { useJaas: true, appId: 'vpaas-magic-cookie-1' } });
    // Another JaaS app's room of the same name is not ours either.
    const otherApp = { ...joined, idempotencyKey: 'k-0', fqn: `vpaas-magic-cookie-2/${call.roomName}` };
    expect((await jaas(otherApp)).json()).toMatchObject({ outcome: 'ignored' });
    expect(stateOf(await current(call.id), bob.user.id)).not.toBe('joined');

    expect((await jaas(joined, { secret: 'not-the-secret' })).statusCode).toBe(401);
    // A captured delivery replayed later than the window is refused, however well signed.
    const stale = await jaas(joined, { at: clock.now().getTime() - 301_000 });
    expect(stale.statusCode).toBe(401);
    expect(stale.json().error.message).toContain('300');
    const noSignature = await app.app.inject({
      method: 'POST',
      url: '/api/v1/jitsi/jaas-webhook',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(joined),
    });
    expect(noSignature.statusCode).toBe(401);
    expect(noSignature.json().error.message).toBe('Missing or malformed X-Jaas-Signature header.');
    // The package's reason, worded by the catalogue in the caller's language (issue 21).
    const inGerman = await app.app.inject({
      method: 'POST',
      url: '/api/v1/jitsi/jaas-webhook',
      headers: { 'content-type': 'application/json', 'accept-language': 'de' },
      payload: JSON.stringify(joined),
    });
    expect(inGerman.json().error).toEqual({
      code: 'webhook_unauthorized',
      message: 'Der Header X-Jaas-Signature fehlt oder ist fehlerhaft.',
    });

    expect((await jaas(joined)).json()).toMatchObject({ outcome: 'applied' });
    expect((await jaas(joined)).json()).toMatchObject({ outcome: 'duplicate' });
    expect(stateOf(await current(call.id), bob.user.id)).toBe('joined');
    // Someone not in the room (a forged id in a token we did not sign cannot reach here; an old member can).
    const outsider = body('PARTICIPANT_JOINED', 'k-2', { id: '0190aaaa-0000-7000-8000-000000000000' });
    expect((await jaas(outsider)).json()).toMatchObject({ outcome: 'ignored' });
    expect((await jaas(body('RECORDING_UPLOADED', 'k-3'))).json()).toMatchObject({ outcome: 'ignored' });
    expect((await jaas(body('ROOM_DESTROYED', 'k-4'))).json()).toMatchObject({ outcome: 'applied' });
    expect(await current(call.id)).toMatchObject({ status: 'ended', endReason: 'destroyed' });
  });
});
