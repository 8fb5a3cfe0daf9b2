import { randomUUID } from 'node:crypto';
import type { Consultation, Message, Room } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookConsultation, makeProvider, openAvailability } from '../../test/consultations.js';
import { DATABASE_KINDS } from '../../test/databases.js';
import { signedInPeople, signedInUser, type Person } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';

const HOUR = 3_600_000;
const T0 = '2026-11-23T10:00:00.000Z';

/**
 * Issue 15, item 1: nothing hangs off a consultation's chat room. No discussion (by parent or by a
 * message in it), no team link, no invite or added member, no rename/topic/archive/leave, no call
 * but the consultation's own session — for either party — and nothing is written into the room.
 */
describe.each(DATABASE_KINDS)('a consultation room stands alone (%s)', (kind) => {
  const clock = fixedClock(T0);
  let app: TestApp;
  let pat: Person; // the provider
  let cleo: Person; // the client, under a nickname
  let eve: Person; // party to nothing
  let consultation: Consultation;
  let roomId: string;
  let firstMessage: Message;

  beforeAll(async () => {
    app = await createTestApp(kind, {}, { clock });
    const admin = await signedInUser(app, { role: 'admin' });
    [pat, cleo, eve] = await signedInPeople(app, 'pat', 'cleo', 'eve');
    await makeProvider(admin, pat, openAvailability());
    consultation = await bookConsultation(cleo, pat, new Date(Date.parse(T0) + HOUR).toISOString(), 'Moon');
    roomId = consultation.roomId!;
    const sent = await cleo.client.post(`/api/v1/rooms/${roomId}/messages`, {
      text: 'hello',
      clientMsgId: randomUUID(),
    });
    expect(sent.statusCode, sent.body).toBe(201);
    firstMessage = sent.json<{ message: Message }>().message;
  });
  afterAll(async () => app.close());

  const history = async () => {
    const res = await cleo.client.get(`/api/v1/rooms/${roomId}/messages?limit=100`);
    expect(res.statusCode).toBe(200);
    return res.json<{ messages: Message[] }>().messages;
  };
  const refused = (res: { statusCode: number; body: string }) => {
    expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
    expect(res.statusCode, res.body).toBeLessThan(500);
  };

  it('refuses a discussion under it, by parent or from one of its messages, for both parties', async () => {
    for (const party of [cleo, pat]) {
      const byParent = await party.client.post('/api/v1/rooms', {
        type: 'discussion',
        parentId: roomId,
        displayName: 'side talk',
      });
      expect(byParent.statusCode, byParent.body).toBe(403);
      const fromMessage = await party.client.post('/api/v1/rooms', {
        type: 'discussion',
        parentId: roomId,
        sourceMessageId: firstMessage.id,
      });
      expect(fromMessage.statusCode, fromMessage.body).toBe(403);
    }
    // Someone outside it learns nothing (the same 404 as a missing room).
    const outsider = await eve.client.post('/api/v1/rooms', {
      type: 'discussion',
      parentId: roomId,
      displayName: 'peek',
    });
    expect(outsider.statusCode).toBe(404);
    // A message of the consultation given with another parent is not a way round it either.
    const { body } = await cleo.client.post('/api/v1/rooms', { type: 'channel', name: 'cleos-own' });
    const own = JSON.parse(body) as { room: Room };
    const elsewhere = await cleo.client.post('/api/v1/rooms', {
      type: 'discussion',
      parentId: own.room.id,
      sourceMessageId: firstMessage.id,
    });
    refused(elsewhere);
    // Nothing was created under it, and nothing was written into it.
    const discussions = await app.db.kysely
      .selectFrom('rooms')
      .select('id')
      .where('parent_id', '=', roomId)
      .execute();
    expect(discussions).toEqual([]);
    expect((await history()).map((m) => m.text)).toEqual(['hello']);
  });

  it('is flagged in room lists and answers with its consultation, so clients open it there', async () => {
    for (const party of [cleo, pat]) {
      const listed = (await party.client.get('/api/v1/rooms')).json<{ rooms: Room[] }>().rooms;
      expect(listed.find((r) => r.id === roomId)).toMatchObject({
        type: 'consultation',
        consultationId: consultation.id,
      });
      const one = (await party.client.get(`/api/v1/rooms/${roomId}`)).json<{ room: Room }>().room;
      expect(one.consultationId).toBe(consultation.id);
    }
    const { body } = await pat.client.post('/api/v1/rooms', { type: 'channel', name: 'pats-own' });
    expect((JSON.parse(body) as { room: Room }).room.consultationId).toBeNull();
  });

  it('is no team: a channel cannot be put in it', async () => {
    const res = await pat.client.post('/api/v1/rooms', { type: 'channel', name: 'inside', teamId: roomId });
    refused(res);
  });

  it('takes no one else, keeps its name, topic and parties, by route or by command', async () => {
    for (const party of [cleo, pat]) {
      refused(await party.client.post(`/api/v1/rooms/${roomId}/members`, { userIds: [eve.user.id] }));
      refused(await party.client.patch(`/api/v1/rooms/${roomId}`, { displayName: 'renamed' }));
      refused(await party.client.patch(`/api/v1/rooms/${roomId}`, { topic: 'a topic' }));
      refused(await party.client.patch(`/api/v1/rooms/${roomId}`, { archived: true }));
      refused(await party.client.post(`/api/v1/rooms/${roomId}/leave`));
      for (const text of ['/invite @eve', '/topic hi', '/leave']) {
        refused(await party.client.post(`/api/v1/rooms/${roomId}/commands`, { text }));
      }
    }
    refused(await eve.client.post(`/api/v1/rooms/${roomId}/join`));
    const members = await app.db.kysely
      .selectFrom('room_members')
      .select('user_id')
      .where('room_id', '=', roomId)
      .execute();
    expect(members.map((m) => m.user_id).sort()).toEqual([cleo.user.id, pat.user.id].sort());
    const row = await app.db.kysely
      .selectFrom('rooms')
      .selectAll()
      .where('id', '=', roomId)
      .executeTakeFirstOrThrow();
    expect(row.display_name).not.toBe('renamed');
    expect(row.topic).toBe('');
    expect(row.archived_at).toBeNull();
    expect((await history()).map((m) => m.text)).toEqual(['hello']);
  });

  it('has no call but the consultation’s own session: not by route, preview or /jitsi', async () => {
    for (const party of [cleo, pat]) {
      const preview = await party.client.get(`/api/v1/rooms/${roomId}/calls/preview`);
      expect(preview.statusCode, preview.body).toBe(403);
      const start = await party.client.post(`/api/v1/rooms/${roomId}/calls`, {});
      expect(start.statusCode, start.body).toBe(403);
      const command = await party.client.post(`/api/v1/rooms/${roomId}/commands`, { text: '/jitsi' });
      expect(command.statusCode, command.body).toBe(403);
    }
    expect(
      await app.db.kysely.selectFrom('calls').select('id').where('room_id', '=', roomId).execute(),
    ).toEqual([]);
  });
});
