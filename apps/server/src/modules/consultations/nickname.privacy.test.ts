import { randomUUID } from 'node:crypto';
import type { Consultation, Member, Message, PublicUser, Room, RoomSummary } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookConsultation, makeProvider, openAvailability } from '../../test/consultations.js';
import { DATABASE_KINDS } from '../../test/databases.js';
import { signedInPeople, signedInUser, type Person } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { connectSocket, listening, recorder, settle, type ClientSocket } from '../../test/sockets.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';

const HOUR = 3_600_000;
const T0 = '2026-11-23T10:00:00.000Z';
const NICKNAME = 'Moonlight';

/**
 * Issue 10: a client who books under a nickname is only that nickname to the provider — in every
 * chat route and socket event of the consultation's room, in the user directory and in profile
 * changes — while a client without one shows as themselves.
 */
describe.each(DATABASE_KINDS)('a client’s nickname in the consultation chat (%s)', (kind) => {
  const clock = fixedClock(T0);
  let app: TestApp;
  let url: string;
  let pat: Person; // the provider
  let cleo: Person; // books under a nickname
  let nora: Person; // books under her own name
  let eve: Person; // party to nothing
  let hour = 1;
  const sockets: ClientSocket[] = [];

  const connect = async (person: Person) => {
    const socket = await connectSocket(url, { cookie: person.client.sessionCookieHeader });
    sockets.push(socket);
    return { ...recorder(socket), socket };
  };
  const book = (client: Person, nickname?: string) =>
    bookConsultation(client, pat, new Date(Date.parse(T0) + hour++ * HOUR).toISOString(), nickname);
  const get = async <T>(p: Person, path: string): Promise<{ body: T; raw: string }> => {
    const res = await p.client.get(`/api/v1${path}`);
    expect(res.statusCode, res.body).toBe(200);
    return { body: res.json<T>(), raw: res.body };
  };
  const send = async (p: Person, c: Consultation, text: string, replyToId?: string) => {
    const res = await p.client.post(`/api/v1/rooms/${c.roomId}/messages`, {
      text,
      clientMsgId: randomUUID(),
      ...(replyToId ? { replyToId } : {}),
    });
    expect(res.statusCode, res.body).toBe(201);
    return { message: res.json<{ message: Message }>().message, raw: res.body };
  };
  /** Everything the provider can read about the room over HTTP, as one string. */
  const patsView = async (c: Consultation) =>
    [
      (await get(pat, `/rooms/${c.roomId}`)).raw,
      (await get(pat, `/rooms/${c.roomId}/members`)).raw,
      (await get(pat, `/rooms/${c.roomId}/messages?limit=100`)).raw,
      (await get(pat, '/rooms')).raw,
      (await get(pat, `/consultations/${c.id}`)).raw,
    ].join('\n');
  const realNamesOf = (p: Person) => [p.user.displayName, p.user.username];

  beforeAll(async () => {
    app = await createTestApp(kind, {}, { clock });
    await app.sweeper.stop();
    url = await listening(app);
    const admin = await signedInUser(app, { role: 'admin' });
    [pat, cleo, nora, eve] = await signedInPeople(app, 'pat', 'cleo', 'nora', 'eve');
    await makeProvider(admin, pat, openAvailability());
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await app.close();
  });

  it('shows the provider only the nickname: members, messages, replies, the room list, socket events', async () => {
    const patTab = await connect(pat);
    const cleoTab = await connect(cleo);
    const c = await book(cleo, NICKNAME);
    expect(c.roomId).toEqual(expect.any(String));

    const first = await send(cleo, c, 'Hello, I would like to talk about sleep');
    const aliasUser: PublicUser = {
      id: cleo.user.id,
      username: 'client',
      displayName: NICKNAME,
      avatarUrl: null,
      role: 'user',
    };
    // The client sees themselves as the provider sees them (the answer to their own send too).
    expect(first.message.author).toEqual(aliasUser);
    const reply = await send(pat, c, 'Of course — tell me more', first.message.id);
    expect(reply.message.replyTo?.author).toEqual(aliasUser);
    const own = await send(cleo, c, 'Thanks', reply.message.id);
    expect(own.message.author).toEqual(aliasUser);

    // Mentions: the nickname's username finds the client.
    const byAlias = await send(pat, c, '@client welcome');
    expect(byAlias.message.mentions).toEqual([cleo.user.id]);

    const members = (await get<{ members: Member[] }>(pat, `/rooms/${c.roomId}/members`)).body.members;
    expect(members.find((m) => m.user.id === cleo.user.id)?.user).toEqual(aliasUser);
    expect(members.find((m) => m.user.id === pat.user.id)?.user.displayName).toBe(pat.user.displayName);

    const page = (await get<{ messages: Message[] }>(pat, `/rooms/${c.roomId}/messages?limit=100`)).body;
    const fromCleo = page.messages.filter((m) => m.author?.id === cleo.user.id);
    expect(fromCleo.length).toBeGreaterThanOrEqual(2);
    for (const m of fromCleo) expect(m.author).toEqual(aliasUser);
    const summaries = (await get<{ rooms: RoomSummary[] }>(cleo, '/rooms')).body.rooms;
    expect(summaries.find((r) => r.id === c.roomId)?.lastMessage?.author?.id).toBe(pat.user.id);
    await send(cleo, c, 'See you then');
    const patSummaries = (await get<{ rooms: RoomSummary[] }>(pat, '/rooms')).body.rooms;
    expect(patSummaries.find((r) => r.id === c.roomId)?.lastMessage?.author).toEqual(aliasUser);
    const room = (await get<{ room: Room }>(pat, `/rooms/${c.roomId}`)).body.room;
    expect(room.type).toBe('consultation');

    // An edit and a delete go out with the alias too.
    const edited = await cleo.client.patch(`/api/v1/messages/${own.message.id}`, { text: 'Thank you' });
    expect(edited.statusCode, edited.body).toBe(200);
    const deleted = await cleo.client.delete(`/api/v1/messages/${first.message.id}`);
    expect(deleted.statusCode, deleted.body).toBe(200);

    await settle(patTab.socket);
    await settle(cleoTab.socket);
    expect(patTab.of('message:new').filter((m) => m.roomId === c.roomId).length).toBe(5);
    expect(patTab.of('message:updated').some((m) => m.id === own.message.id)).toBe(true);
    expect(patTab.of('message:deleted').find((m) => m.id === first.message.id)?.author).toEqual(aliasUser);
    expect(patTab.of('member:joined').find((j) => j.user.id === cleo.user.id)?.user).toEqual(aliasUser);

    const everything = [await patsView(c), JSON.stringify(patTab.received)].join('\n');
    for (const real of realNamesOf(cleo)) expect(everything).not.toContain(real);
    expect(everything).toContain(NICKNAME);
    // Both parties see the same chat: the client's own browser shows them under the nickname there
    // (their consultation:updated, their own view of the booking, names them as they are).
    const cleosRoom = JSON.stringify(
      cleoTab
        .about(c.roomId ?? 'no room')
        .filter((e) => e.event.startsWith('message:') || e.event.startsWith('member:')),
    );
    expect(cleosRoom).not.toContain(cleo.user.displayName);
    expect(cleosRoom).toContain(NICKNAME);
  });

  it('keeps a renamed client’s new name from the provider; the directory does not lead from the id to the account', async () => {
    const c = await book(cleo, NICKNAME);
    const patTab = await connect(pat);
    const eveTab = await connect(eve);
    const cleoTab = await connect(cleo);

    const renamed = await cleo.client.patch('/api/v1/me', { displayName: 'Cleopatra Realname' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    // Everyone else learns of the change (the directory is the workspace's), the client themselves too.
    expect((await eveTab.next('user:updated', (u) => u.id === cleo.user.id)).displayName).toBe(
      'Cleopatra Realname',
    );
    expect((await cleoTab.next('user:updated', (u) => u.id === cleo.user.id)).displayName).toBe(
      'Cleopatra Realname',
    );
    await settle(patTab.socket);
    expect(patTab.of('user:updated').filter((u) => u.id === cleo.user.id)).toEqual([]);

    await send(cleo, c, 'I changed my name, but you should not see it');
    await settle(patTab.socket);
    const everything = [await patsView(c), JSON.stringify(patTab.received)].join('\n');
    for (const real of [...realNamesOf(cleo), 'Cleopatra Realname']) expect(everything).not.toContain(real);

    // A guessed real username mentions no one (no way to confirm a guess).
    const byRealName = await send(pat, c, `@${cleo.user.username} are you there?`);
    expect(byRealName.message.mentions).toEqual([]);

    // The id in the room is opaque to the provider: no profile, no directory entry.
    expect((await pat.client.get(`/api/v1/users/${cleo.user.id}`)).statusCode).toBe(404);
    const search = await get<{ users: PublicUser[] }>(pat, '/users?q=cleo');
    expect(search.body.users.map((u) => u.id)).not.toContain(cleo.user.id);
    // Anyone else still finds the account; the provider still finds others.
    expect((await eve.client.get(`/api/v1/users/${cleo.user.id}`)).statusCode).toBe(200);
    const eveSearch = await get<{ users: PublicUser[] }>(eve, '/users?q=cleo');
    expect(eveSearch.body.users.map((u) => u.id)).toContain(cleo.user.id);
    expect((await pat.client.get(`/api/v1/users/${eve.user.id}`)).statusCode).toBe(200);
  });

  it('shows a client without a nickname under their own name, as before', async () => {
    const patTab = await connect(pat);
    const c = await book(nora);
    const { message } = await send(nora, c, 'Hi, Nora here');
    expect(message.author).toMatchObject({
      id: nora.user.id,
      username: nora.user.username,
      displayName: nora.user.displayName,
    });
    const members = (await get<{ members: Member[] }>(pat, `/rooms/${c.roomId}/members`)).body.members;
    expect(members.find((m) => m.user.id === nora.user.id)?.user.username).toBe(nora.user.username);
    const renamed = await nora.client.patch('/api/v1/me', { displayName: 'Nora Renamed' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect((await patTab.next('user:updated', (u) => u.id === nora.user.id)).displayName).toBe(
      'Nora Renamed',
    );
    const page = (await get<{ messages: Message[] }>(pat, `/rooms/${c.roomId}/messages?limit=100`)).body;
    expect(page.messages.find((m) => m.id === message.id)?.author?.displayName).toBe('Nora Renamed');
    expect((await pat.client.get(`/api/v1/users/${nora.user.id}`)).statusCode).toBe(200);
  });
});
