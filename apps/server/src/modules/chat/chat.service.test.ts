import type { PublicUser } from '@parley/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from '../../db/database.js';
import { fixedClock, insertPerson, recordingRealtime } from '../../test/fakes.js';
import { createUnitOfWork } from '../../unit-of-work.js';
import { MessagesService } from './messages.service.js';
import { MembershipService } from './membership.service.js';
import { RoomsService } from './rooms.service.js';

/** The chat services with a fixed clock and a realtime port that records what they announce. */
describe('chat services', () => {
  let db: Db;
  let clock: ReturnType<typeof fixedClock>;
  let realtime: ReturnType<typeof recordingRealtime>;
  let rooms: RoomsService;
  let membership: MembershipService;
  let messages: MessagesService;
  const person = (id: string): PublicUser => ({
    id,
    username: id,
    displayName: id.toUpperCase(),
    avatarUrl: null,
    role: 'user',
  });
  const ada = person('ada');
  const ben = person('ben');

  beforeEach(async () => {
    db = openDatabase('sqlite::memory:');
    await migrateToLatest(db);
    clock = fixedClock();
    for (const p of [ada, ben]) await insertPerson(db.kysely, p, clock.now().toISOString());
    realtime = recordingRealtime();
    const uow = createUnitOfWork(db, realtime);
    rooms = new RoomsService({ uow, clock });
    membership = new MembershipService({ uow, clock });
    messages = new MessagesService({ uow, clock });
  });
  afterEach(async () => db.close());

  it('announces a message to the room only after it is stored, stamped by the clock', async () => {
    const { room } = await rooms.create(ada, { type: 'channel', name: 'general', memberIds: ['ben'] });
    realtime.calls.length = 0;
    clock.set('2026-11-23T12:34:56.000Z');
    const { message } = await messages.send(ada, room.id, { text: 'hi @ben', clientMsgId: 'c1' });
    expect(message).toMatchObject({
      seq: 1,
      createdAt: '2026-11-23T12:34:56.000Z',
      mentions: ['ben'],
      author: ada,
    });
    expect(realtime.calls).toEqual([
      { kind: 'toRoom', roomId: room.id, event: 'message:new', args: [message] },
    ]);
    const stored = await messages.list(ben, room.id, { limit: 10 });
    expect(stored.messages).toEqual([message]);
  });

  it('announces nothing when a send fails', async () => {
    const { room } = await rooms.create(ada, { type: 'private', name: 'p' });
    realtime.calls.length = 0;
    await expect(messages.send(ben, room.id, { text: 'x', clientMsgId: 'c' })).rejects.toMatchObject({
      status: 404,
    });
    await rooms.update(ada, room.id, { archived: true });
    realtime.calls.length = 0;
    await expect(messages.send(ada, room.id, { text: 'x', clientMsgId: 'c' })).rejects.toMatchObject({
      code: 'room_archived',
    });
    expect(realtime.calls).toEqual([]);
  });

  it('forwards typing at most every 2 s while it goes on, and the stop at once', async () => {
    const { room } = await rooms.create(ada, { type: 'direct', memberIds: ['ben'] });
    realtime.calls.length = 0;
    const typed = () => realtime.calls.filter((c) => c.kind === 'toRoom' && c.event === 'typing').length;
    await messages.typing(ada, room.id, true);
    clock.advance(1_500);
    await messages.typing(ada, room.id, true);
    expect(typed()).toBe(1);
    clock.advance(600);
    await messages.typing(ada, room.id, true);
    expect(typed()).toBe(2);
    await messages.typing(ada, room.id, false);
    expect(realtime.calls.at(-1)).toMatchObject({
      event: 'typing',
      args: [{ roomId: room.id, userId: 'ada', typing: false }],
    });
    // After a stop, the next start is news again.
    await messages.typing(ada, room.id, true);
    expect(typed()).toBe(4);
  });

  it('unsubscribes a removed member before telling anyone, so nothing more reaches them', async () => {
    const { room } = await rooms.create(ada, { type: 'private', name: 'ops', memberIds: ['ben'] });
    realtime.calls.length = 0;
    await membership.removeMember(ada, room.id, 'ben');
    const kinds = realtime.calls.map((c) => ('event' in c ? `${c.kind}:${c.event}` : c.kind));
    expect(kinds.slice(0, 3)).toEqual(['leaveRoom', 'toUser:room:removed', 'toRoom:member:left']);
    expect(realtime.calls[0]).toEqual({ kind: 'leaveRoom', userIds: ['ben'], roomId: room.id });
  });
});
