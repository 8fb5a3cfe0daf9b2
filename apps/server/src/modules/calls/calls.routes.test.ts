import {
  deploymentConfigFromSettings,
  parseJitsiSettings,
  roomNodeFor,
  verifyToken,
  decodeJwt,
} from '@parley/jitsi';
import type { Call, CallListResponse, CallPreview, Message } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { createRoom, signedInPeople, signedInUser, type Person } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import {
  JITSI_TEST_SETTINGS,
  callAction,
  configureJitsi,
  joinCall,
  report,
  startCall,
  stateOf,
} from '../../test/calls.js';

const jitsi = parseJitsiSettings(JITSI_TEST_SETTINGS);
const deployment = deploymentConfigFromSettings(jitsi);

describe.each(DATABASE_KINDS)('conference calls (%s)', (kind) => {
  const clock = fixedClock();
  let app: TestApp;
  let alice: Person;
  let bob: Person;
  let carol: Person;
  let admin: Person;

  const dm = (a: Person, b: Person) => createRoom(a.client, { type: 'direct', memberIds: [b.user.id] });
  const sweep = () => app.sweeper.runOnce('calls');

  beforeAll(async () => {
    app = await createTestApp(kind, {}, { clock });
    [alice, bob, carol] = await signedInPeople(app, 'alice', 'bob', 'carol');
    admin = await signedInUser(app, { role: 'admin' });
    // These tests ring the same people back to back; the ring limits have their own tests
    // (calls.security.test.ts).
    await app.services.settings.update({
      limits: { ringsOfOnePersonPer10Minutes: 1000, ringAfterDeclineSeconds: 0 },
    });
  });
  afterAll(async () => app.close());

  it('refuses to start a call until Jitsi is configured, with a clear 409', async () => {
    const room = await dm(alice, carol);
    const res = await alice.client.post(`/api/v1/rooms/${room.id}/calls`, {});
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('meetings_not_configured');
    expect(res.json().error.message).toContain('Administration → Video calls');
    await configureJitsi(app);
  });

  it('rings a DM, answers, joins with per-user tokens, records who joined and ends when empty', async () => {
    const room = await dm(alice, bob);
    const preview = (await alice.client.get(`/api/v1/rooms/${room.id}/calls/preview`)).json<CallPreview>();
    expect(preview).toMatchObject({ current: null, type: 'direct', ringing: true, total: 1 });
    expect(preview.callees.map((u) => u.id)).toEqual([bob.user.id]);

    const started = await alice.client.post(`/api/v1/rooms/${room.id}/calls`, { title: 'Standup' });
    expect(started.statusCode).toBe(201);
    const call = started.json<{ call: Call }>().call;
    expect(call).toMatchObject({
      roomId: room.id,
      type: 'direct',
      status: 'ringing',
      title: 'Standup',
      createdBy: alice.user.id,
      startedAt: null,
      endedAt: null,
      ringing: true,
    });
    // The Jitsi room is random (128 bits of base32) and says nothing about the chat room.
    expect(call.roomName).toMatch(new RegExp(`^${jitsi.titlePrefix.toLowerCase()}[a-z2-7]{26}$`));
    expect(call.roomName).not.toContain(room.id.replaceAll('-', '').slice(0, 8));
    expect(stateOf(call, alice.user.id)).toBe('accepted');
    expect(stateOf(call, bob.user.id)).toBe('ringing');

    // One call per room: starting again (from either side) answers with the same call.
    const again = await bob.client.post(`/api/v1/rooms/${room.id}/calls`, {});
    expect(again.statusCode).toBe(200);
    expect(again.json<{ call: Call }>().call.id).toBe(call.id);

    // The call's message is in the room.
    const messages = (await bob.client.get(`/api/v1/rooms/${room.id}/messages`)).json<{
      messages: Message[];
    }>();
    expect(messages.messages.at(-1)).toMatchObject({
      kind: 'system',
      callId: call.id,
      text: 'started a call: Standup',
    });

    const accepted = await callAction(bob.client, call.id, 'accept');
    expect(accepted.status).toBe('ongoing');
    expect(accepted.startedAt).toBe(clock.now().toISOString());
    expect(stateOf(accepted, bob.user.id)).toBe('accepted');
    expect((await callAction(bob.client, call.id, 'accept')).status).toBe('ongoing');

    const aliceJoin = await joinCall(alice.client, call.id);
    const bobJoin = await joinCall(bob.client, call.id);
    expect(aliceJoin.roomName).toBe(call.roomName);
    expect(aliceJoin.url).toContain(`https://meet.example.org/${call.roomName}?jwt=`);
    expect(aliceJoin.scriptUrl).toBe('https://meet.example.org/external_api.js');
    expect(aliceJoin.iframe).toMatchObject({ roomName: call.roomName, jwt: aliceJoin.jwt });
    const node = roomNodeFor(jitsi, call.roomName);
    const now = clock.now().getTime();
    expect(verifyToken(aliceJoin.jwt, deployment, { room: node, now })).toMatchObject({
      ok: true,
      affiliation: 'owner',
    });
    expect(verifyToken(bobJoin.jwt, deployment, { room: node, now })).toMatchObject({
      ok: true,
      affiliation: 'member',
    });
    expect(verifyToken(bobJoin.jwt, deployment, { room: `${node}x`, now }).ok).toBe(false);
    const claims = decodeJwt(bobJoin.jwt!)!.payload as { context: { user: Record<string, unknown> } };
    expect(claims.context.user).toMatchObject({ id: bob.user.id, name: bob.user.displayName });
    expect(JSON.stringify(claims)).not.toContain('@');

    await report(alice.client, call.id, 'videoConferenceJoined');
    const both = await report(bob.client, call.id, 'videoConferenceJoined');
    expect(stateOf(both, alice.user.id)).toBe('joined');
    expect(stateOf(both, bob.user.id)).toBe('joined');

    clock.advance(5 * 60_000);
    await report(bob.client, call.id, 'videoConferenceLeft');
    // Alice is still in: the sweeper leaves the call alone however long.
    clock.advance(10 * 60_000);
    await sweep();
    expect((await alice.client.get(`/api/v1/calls/${call.id}`)).json<{ call: Call }>().call.status).toBe(
      'ongoing',
    );
    // Bob comes back, both leave; after the grace period the call ends.
    await report(bob.client, call.id, 'videoConferenceJoined');
    await report(bob.client, call.id, 'videoConferenceLeft');
    clock.advance(7_000);
    await report(alice.client, call.id, 'videoConferenceLeft');
    const lastLeave = clock.now().toISOString();
    clock.advance(30_000);
    await sweep();
    expect((await alice.client.get(`/api/v1/calls/${call.id}`)).json<{ call: Call }>().call.status).toBe(
      'ongoing',
    );
    clock.advance(31_000);
    await sweep();
    const ended = (await alice.client.get(`/api/v1/calls/${call.id}`)).json<{ call: Call }>().call;
    // It ended when the last person left, not when the empty call's grace ran out a minute later.
    expect(ended).toMatchObject({ status: 'ended', endReason: 'empty', endedAt: lastLeave });
    expect(ended.participants.every((p) => p.joinedAt !== null && p.leftAt !== null)).toBe(true);

    const late = await bob.client.post(`/api/v1/calls/${call.id}/join`);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('call_ended');

    const history = (await bob.client.get(`/api/v1/rooms/${room.id}/calls`)).json<CallListResponse>();
    expect(history.calls[0]).toMatchObject({
      id: call.id,
      status: 'ended',
      roomDisplayName: alice.user.displayName,
    });
    expect(history.calls[0]!.participants.filter((p) => p.joinedAt !== null)).toHaveLength(2);
  });

  it('hides calls from non-members exactly like missing ones, and gives them no token', async () => {
    const room = await dm(alice, bob);
    const call = await startCall(alice.client, room.id);
    for (const path of [`/calls/${call.id}/join`, `/calls/${call.id}/accept`, `/calls/${call.id}/end`]) {
      const res = await carol.client.post(`/api/v1${path}`);
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('jwt');
    }
    const missing = await carol.client.post(`/api/v1/calls/${call.id.replace(/.$/, '0')}/join`);
    const hidden = await carol.client.post(`/api/v1/calls/${call.id}/join`);
    expect(hidden.json()).toEqual(missing.json());
    expect((await carol.client.get(`/api/v1/calls/${call.id}`)).statusCode).toBe(404);
    expect((await carol.client.get(`/api/v1/rooms/${room.id}/calls`)).statusCode).toBe(404);
    expect((await carol.client.post(`/api/v1/rooms/${room.id}/calls`, {})).statusCode).toBe(404);
    // Even an admin outside the room gets nothing (the call log is where admins see calls).
    expect((await admin.client.post(`/api/v1/calls/${call.id}/join`)).statusCode).toBe(404);
    await callAction(alice.client, call.id, 'cancel');
  });

  it('misses a call nobody answers when the ring timeout passes (by the sweeper, once)', async () => {
    const room = await dm(alice, carol);
    const call = await startCall(alice.client, room.id);
    expect(call.ringUntil).toBe(new Date(clock.now().getTime() + 30_000).toISOString());
    clock.advance(29_000);
    await sweep();
    expect((await carol.client.get(`/api/v1/calls/${call.id}`)).json<{ call: Call }>().call.status).toBe(
      'ringing',
    );
    clock.advance(1_000);
    await sweep();
    const missed = (await carol.client.get(`/api/v1/calls/${call.id}`)).json<{ call: Call }>().call;
    expect(missed).toMatchObject({ status: 'missed', endReason: 'timeout', ringUntil: null });
    expect(stateOf(missed, carol.user.id)).toBe('missed');
    const mine = (await carol.client.get('/api/v1/me/calls?direction=missed')).json<CallListResponse>();
    expect(mine.calls.map((c) => c.id)).toContain(call.id);
    const outgoing = (await carol.client.get('/api/v1/me/calls?direction=outgoing')).json<CallListResponse>();
    expect(outgoing.calls.map((c) => c.id)).not.toContain(call.id);
    const aliceOut = (await alice.client.get('/api/v1/me/calls?direction=outgoing')).json<CallListResponse>();
    expect(aliceOut.calls[0]!.id).toBe(call.id);
    // Accepting after the timeout is too late.
    expect((await carol.client.post(`/api/v1/calls/${call.id}/accept`)).json().error.code).toBe('call_ended');
  });

  it('declines and cancels idempotently; only the caller cancels', async () => {
    const room = await dm(alice, bob);
    const first = await startCall(alice.client, room.id);
    const declined = await callAction(bob.client, first.id, 'decline');
    expect(declined).toMatchObject({ status: 'declined', endReason: 'declined' });
    expect((await callAction(bob.client, first.id, 'decline')).status).toBe('declined');
    expect((await alice.client.post(`/api/v1/calls/${first.id}/decline`)).statusCode).toBe(409);

    const second = await startCall(alice.client, room.id);
    expect(second.id).not.toBe(first.id);
    expect((await bob.client.post(`/api/v1/calls/${second.id}/cancel`)).statusCode).toBe(403);
    const canceled = await callAction(alice.client, second.id, 'cancel');
    expect(canceled).toMatchObject({ status: 'canceled', endReason: 'canceled' });
    expect(stateOf(canceled, bob.user.id)).toBe('missed');
    expect((await callAction(alice.client, second.id, 'cancel')).status).toBe('canceled');
  });

  it('starts group calls at once, rings only small rooms, and ends them at the maximum length', async () => {
    const channel = await createRoom(alice.client, {
      type: 'channel',
      name: `grp${Date.now()}`,
      memberIds: [bob.user.id, carol.user.id],
    });
    const call = await startCall(alice.client, channel.id, 'Planning');
    expect(call).toMatchObject({ type: 'group', status: 'ongoing', ringing: true });
    expect(stateOf(call, bob.user.id)).toBe('ringing');
    // Bob answers by joining straight away; Carol lets it ring out.
    const bobJoin = await joinCall(bob.client, call.id);
    expect(stateOf(bobJoin.call, bob.user.id)).toBe('accepted');
    clock.advance(30_000);
    await sweep();
    const after = (await alice.client.get(`/api/v1/calls/${call.id}`)).json<{ call: Call }>().call;
    expect(after.status).toBe('ongoing');
    expect(stateOf(after, carol.user.id)).toBe('missed');
    await report(alice.client, call.id, 'videoConferenceJoined');
    clock.advance(4 * 3_600_000);
    await sweep();
    const capped = (await alice.client.get(`/api/v1/calls/${call.id}`)).json<{ call: Call }>().call;
    expect(capped).toMatchObject({ status: 'ended', endReason: 'max_duration' });
    expect(stateOf(capped, alice.user.id)).toBe('left');

    // Above the size limit, nobody is rung.
    await configureJitsi(app, { ringMaxMembers: 2 });
    const big = await startCall(alice.client, channel.id);
    expect(big).toMatchObject({ ringing: false, ringUntil: null, status: 'ongoing' });
    expect(big.participants.map((p) => p.user.id)).toEqual([alice.user.id]);
    await callAction(alice.client, big.id, 'end');
    await configureJitsi(app, { ringMaxMembers: 10 });
  });

  it('with ringing off, a DM call is ongoing at once, rings nobody and ends if nobody enters', async () => {
    await configureJitsi(app, { ringing: false });
    const room = await dm(bob, carol);
    const call = await startCall(bob.client, room.id);
    expect(call).toMatchObject({ status: 'ongoing', ringing: false, ringUntil: null });
    expect(stateOf(call, carol.user.id)).toBe('invited');
    expect(call.startedAt).toBe(call.createdAt);
    clock.advance(61_000);
    await sweep();
    expect((await bob.client.get(`/api/v1/calls/${call.id}`)).json<{ call: Call }>().call).toMatchObject({
      status: 'ended',
      endReason: 'empty',
    });
    await configureJitsi(app, { ringing: true });
  });

  it('makes room owners moderators only when the setting says so', async () => {
    const channel = await createRoom(alice.client, {
      type: 'channel',
      name: `mods${Date.now()}`,
      memberIds: [bob.user.id],
    });
    const call = await startCall(bob.client, channel.id);
    const node = roomNodeFor(jitsi, call.roomName);
    const now = clock.now().getTime();
    const owner = await joinCall(alice.client, call.id);
    expect(verifyToken(owner.jwt, deployment, { room: node, now })).toMatchObject({ affiliation: 'member' });
    await configureJitsi(app, { moderators: 'caller-and-room-moderators' });
    const again = await joinCall(alice.client, call.id);
    expect(verifyToken(again.jwt, deployment, { room: node, now })).toMatchObject({ affiliation: 'owner' });
    await configureJitsi(app, { moderators: 'caller' });
    // Members may not end it for everyone; the owner may.
    expect((await carol.client.post(`/api/v1/calls/${call.id}/end`)).statusCode).toBe(404);
    expect((await callAction(alice.client, call.id, 'end')).status).toBe('ended');
  });

  it('refuses disabled room types, archived rooms and bad input with clear errors', async () => {
    const channel = await createRoom(alice.client, { type: 'channel', name: `off${Date.now()}` });
    await configureJitsi(app, { enabledIn: { channel: false } });
    const off = await alice.client.post(`/api/v1/rooms/${channel.id}/calls`, {});
    expect(off.statusCode).toBe(403);
    expect(off.json().error).toMatchObject({ code: 'calls_disabled' });
    expect(off.json().error.message).toContain('public channels');
    await configureJitsi(app, { enabledIn: { channel: true } });

    await alice.client.patch(`/api/v1/rooms/${channel.id}`, { archived: true });
    const archived = await alice.client.post(`/api/v1/rooms/${channel.id}/calls`, {});
    expect(archived.statusCode).toBe(409);
    expect(archived.json().error.code).toBe('room_archived');

    const room = await dm(alice, bob);
    for (const body of [{ title: 'x'.repeat(121) }, { title: 3 }, { extra: true }]) {
      const res = await alice.client.post(`/api/v1/rooms/${room.id}/calls`, body);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
    }
    const call = await startCall(alice.client, room.id);
    const badEvent = await alice.client.post(`/api/v1/calls/${call.id}/events`, { type: 'explode' });
    expect(badEvent.statusCode).toBe(400);
    expect((await alice.client.post(`/api/v1/calls/${'x'.repeat(65)}/join`)).statusCode).toBe(400);
    await callAction(alice.client, call.id, 'cancel');
  });

  it('keeps one live call per room when many start at once', async () => {
    const channel = await createRoom(alice.client, {
      type: 'channel',
      name: `race${Date.now()}`,
      memberIds: [bob.user.id],
    });
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        (i % 2 ? alice : bob).client.post(`/api/v1/rooms/${channel.id}/calls`, {}),
      ),
    );
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(results.every((r) => r.statusCode === 201 || r.statusCode === 200)).toBe(true);
    expect(new Set(results.map((r) => r.json<{ call: Call }>().call.id)).size).toBe(1);
    const history = (await alice.client.get(`/api/v1/rooms/${channel.id}/calls`)).json<CallListResponse>();
    expect(history.calls).toHaveLength(1);
    await callAction(alice.client, history.calls[0]!.id, 'end');
  });

  it('starts a call with /jitsi and answers with the call', async () => {
    const room = await dm(bob, carol);
    const res = await bob.client.post(`/api/v1/rooms/${room.id}/commands`, { text: '/jitsi Quick sync' });
    expect(res.statusCode).toBe(200);
    const result = res.json<{ callId: string; message: Message }>();
    expect(result.message).toMatchObject({ callId: result.callId, text: 'started a call: Quick sync' });
    const again = await carol.client.post(`/api/v1/rooms/${room.id}/commands`, { text: '/jitsi' });
    expect(again.json().callId).toBe(result.callId);
    expect(again.json().reply).toContain('already');
    await callAction(bob.client, result.callId, 'cancel');
  });

  it('gives admins the call log with filters and a CSV export; others get 403', async () => {
    expect((await alice.client.get('/api/v1/admin/calls')).statusCode).toBe(403);
    const all = (await admin.client.get('/api/v1/admin/calls?limit=100')).json<CallListResponse>();
    expect(all.calls.length).toBeGreaterThan(5);
    const bobs = (
      await admin.client.get(`/api/v1/admin/calls?userId=${bob.user.id}&status=declined`)
    ).json<CallListResponse>();
    expect(bobs.calls.length).toBeGreaterThan(0);
    expect(
      bobs.calls.every(
        (c) => c.status === 'declined' && c.participants.some((p) => p.user.id === bob.user.id),
      ),
    ).toBe(true);
    const page = (await admin.client.get('/api/v1/admin/calls?limit=2')).json<CallListResponse>();
    expect(page.calls).toHaveLength(2);
    const next = (
      await admin.client.get(`/api/v1/admin/calls?limit=2&before=${page.nextBefore}`)
    ).json<CallListResponse>();
    expect(next.calls[0]!.id < page.calls[1]!.id).toBe(true);
    const future = (await admin.client.get('/api/v1/admin/calls?from=2099-01-01')).json<CallListResponse>();
    expect(future.calls).toEqual([]);
    const today = clock.now().toISOString().slice(0, 10);
    expect(
      (await admin.client.get(`/api/v1/admin/calls?to=${today}`)).json<CallListResponse>().calls.length,
    ).toBeGreaterThan(0);
    expect((await admin.client.get('/api/v1/admin/calls?from=yesterday')).statusCode).toBe(400);

    const csv = await admin.client.get('/api/v1/admin/calls?format=csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe(
      'id,created_at,room_id,room,type,status,title,caller,started_at,ended_at,duration_seconds,end_reason,joined,invited',
    );
    expect(lines.length).toBe(all.calls.length + 1);
    expect(csv.body).toContain('Standup');
  });
});
