import fc from 'fast-check';
import type { AckResult } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { createRoom, signedInPeople, uniqueUsername, type Person } from '../../test/factories.js';
import { connectSocket, listening, type ClientSocket } from '../../test/sockets.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';

/**
 * Random payloads at every room and message route and socket event, from a member and from an
 * outsider: the answer is always a 2xx or a 4xx with the error shape, never a 5xx; afterwards the
 * database is still consistent (seqs 1..last_seq without gaps, member counts right, no member
 * rows without a room, every room with members has an owner unless it is a DM).
 */
describe.each(DATABASE_KINDS)('chat under random input (%s)', (kind) => {
  let app: TestApp;
  let alice: Person;
  let bob: Person;
  let ids: { rooms: string[]; messages: string[]; users: string[] };
  let socket: ClientSocket;

  beforeAll(async () => {
    app = await createTestApp(kind);
    [alice, bob] = await signedInPeople(app, 'alice', 'bob');
    const channel = await createRoom(alice.client, {
      type: 'channel',
      name: uniqueUsername('fuzz'),
      memberIds: [bob.user.id],
    });
    const secret = await createRoom(alice.client, { type: 'private', name: uniqueUsername('fuzzp') });
    const sent = await alice.client.post(`/api/v1/rooms/${channel.id}/messages`, {
      text: 'seed',
      clientMsgId: 'seed',
    });
    ids = {
      rooms: [channel.id, secret.id, 'missing-room'],
      messages: [sent.json().message.id as string, 'missing-message'],
      users: [alice.user.id, bob.user.id, 'missing-user'],
    };
    socket = await connectSocket(await listening(app), { cookie: bob.client.sessionCookieHeader });
  });
  afterAll(async () => {
    socket.close();
    await app.close();
  });

  const anyValue = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
  );
  const field = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, anyValue);
  const roomId = () => fc.constantFrom(...ids.rooms);
  const body = fc.record(
    {
      type: field(fc.constantFrom('direct', 'channel', 'private', 'team', 'discussion', 'consultation')),
      name: field(fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,12}$/)),
      displayName: field(fc.string({ maxLength: 90 })),
      topic: field(fc.string({ maxLength: 300 })),
      memberIds: field(fc.array(fc.constantFrom('missing-user', 'u'), { maxLength: 3 })),
      parentId: anyValue,
      teamId: anyValue,
      text: field(
        fc.oneof(
          fc.string({ maxLength: 50 }),
          fc.constantFrom('/topic fuzz', '/me x', '/leave', '/nope', '/invite @x'),
        ),
      ),
      clientMsgId: field(fc.stringMatching(/^[a-z0-9]{1,8}$/)),
      replyToId: anyValue,
      seq: field(fc.integer({ min: -5, max: 50 })),
      role: field(fc.constantFrom('owner', 'moderator', 'member')),
      archived: anyValue,
      userIds: field(fc.array(fc.constantFrom('missing-user', 'x'), { maxLength: 3 })),
    },
    { requiredKeys: [] },
  );

  type Call = {
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
    url: (r: string, m: string, u: string) => string;
  };
  const calls: Call[] = [
    { method: 'POST', url: () => '/api/v1/rooms' },
    { method: 'GET', url: () => '/api/v1/rooms' },
    { method: 'GET', url: () => '/api/v1/rooms/directory?q=%25_%5C' },
    { method: 'GET', url: (r) => `/api/v1/rooms/${r}` },
    { method: 'PATCH', url: (r) => `/api/v1/rooms/${r}` },
    { method: 'POST', url: (r) => `/api/v1/rooms/${r}/join` },
    { method: 'POST', url: (r) => `/api/v1/rooms/${r}/leave` },
    { method: 'GET', url: (r) => `/api/v1/rooms/${r}/members` },
    { method: 'POST', url: (r) => `/api/v1/rooms/${r}/members` },
    { method: 'PATCH', url: (r, _m, u) => `/api/v1/rooms/${r}/members/${u}` },
    { method: 'DELETE', url: (r, _m, u) => `/api/v1/rooms/${r}/members/${u}` },
    { method: 'POST', url: (r) => `/api/v1/rooms/${r}/messages` },
    { method: 'GET', url: (r) => `/api/v1/rooms/${r}/messages?before=3&limit=2` },
    { method: 'GET', url: (r) => `/api/v1/rooms/${r}/messages?after=-1` },
    { method: 'PATCH', url: (_r, m) => `/api/v1/messages/${m}` },
    { method: 'DELETE', url: (_r, m) => `/api/v1/messages/${m}` },
    { method: 'POST', url: (r) => `/api/v1/rooms/${r}/read` },
    { method: 'POST', url: (r) => `/api/v1/rooms/${r}/commands` },
  ];

  it('answers random HTTP requests with 2xx or a 4xx error, never a 5xx', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...calls),
        fc.constantFrom('alice', 'bob'),
        roomId(),
        fc.constantFrom(...ids.messages),
        fc.constantFrom(...ids.users),
        body,
        async (call, who, r, m, u, payload) => {
          const client = (who === 'alice' ? alice : bob).client;
          const url = call.url(r, m, u);
          const res =
            call.method === 'GET' || call.method === 'DELETE'
              ? await client.request(call.method, url)
              : await client.request(call.method, url, payload);
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          expect(
            res.statusCode,
            `${call.method} ${url} ${JSON.stringify(payload)} → ${res.body}`,
          ).toBeLessThan(500);
          if (res.statusCode >= 400) {
            expect(res.json()).toMatchObject({
              error: { code: expect.any(String), message: expect.any(String) },
            });
          }
        },
      ),
      { numRuns: 150 },
    );
    // Not vacuous: some random requests got through validation and did something.
    const succeeded = [...statuses].filter(([s]) => s < 300).reduce((n, [, c]) => n + c, 0);
    expect(succeeded, JSON.stringify([...statuses])).toBeGreaterThan(10);
    expect(statuses.get(404)).toBeGreaterThan(0);
  });

  it('acks random socket payloads with data or an error, never a crash', async () => {
    const events = ['message:send', 'typing', 'presence:set', 'presence:get'];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...events),
        fc.oneof(
          anyValue,
          body.map((b) => ({ ...b, roomId: ids.rooms[0] })),
          fc.record({ roomId: roomId(), typing: anyValue }),
        ),
        async (event, payload) => {
          const ack = await new Promise<AckResult<unknown>>((resolve) =>
            (socket.emit as (e: string, p: unknown, a: (r: AckResult<unknown>) => void) => void)(
              event,
              payload,
              resolve,
            ),
          );
          if (!ack.ok) expect(ack.error.code).not.toBe('internal_error');
        },
      ),
      { numRuns: 80 },
    );
    expect(socket.connected).toBe(true);
  });

  it('leaves memberships and seqs consistent', async () => {
    const db = app.db.kysely;
    const rooms = await db.selectFrom('rooms').selectAll().execute();
    for (const room of rooms) {
      const seqs = (
        await db.selectFrom('messages').select('seq').where('room_id', '=', room.id).orderBy('seq').execute()
      ).map((r) => Number(r.seq));
      expect(seqs).toEqual(Array.from({ length: Number(room.last_seq) }, (_, i) => i + 1));
      const members = await db
        .selectFrom('room_members')
        .select(['role'])
        .where('room_id', '=', room.id)
        .execute();
      expect(members.length, `member_count of ${room.type} ${room.name}`).toBe(Number(room.member_count));
      if (room.type !== 'direct' && members.length > 0) expect(members.map((m) => m.role)).toContain('owner');
    }
  });
});
