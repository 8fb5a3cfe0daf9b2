import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../test/databases.js';
import { configureJitsi, report, startCall } from '../test/calls.js';
import { createRoom, privateRoom, signedInUser, uniqueUsername } from '../test/factories.js';
import { allowGuests, connectGuestSocket, makeGuestLink, TestGuest } from '../test/guest-calls.js';
import { connectSocket, emitWithAck, listening, type ClientSocket } from '../test/sockets.js';
import { createTestApp, type TestApp } from '../test/test-app.js';

describe.each(DATABASE_KINDS)('socket acks in the person’s language (%s)', (kind) => {
  let app: TestApp;
  let url: string;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    app = await createTestApp(kind);
    url = await listening(app);
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await app.close();
  });

  const open = async (cookie: string, headers: Record<string, string> = {}) => {
    const socket = await connectSocket(url, { cookie, headers });
    sockets.push(socket);
    return socket;
  };

  /** A send replying to a message that is not in the room: a refusal with its own wording. */
  const badReply = (socket: ClientSocket, roomId: string) =>
    emitWithAck(socket, 'message:send', {
      roomId,
      text: 'hi',
      clientMsgId: 'c-language',
      replyToId: 'no-such-message',
    });

  it('answers in the person’s chosen language, whatever the handshake’s Accept-Language', async () => {
    const person = await signedInUser(app);
    expect((await person.client.patch('/api/v1/me', { locale: 'uk' })).statusCode).toBe(200);
    const room = await privateRoom(person);
    const socket = await open(person.client.sessionCookieHeader, { 'accept-language': 'de' });
    expect(await badReply(socket, room.id)).toEqual({
      ok: false,
      error: { code: 'validation_failed', message: 'Відповідайте на повідомлення з цієї кімнати' },
    });
    // Wrapper refusals too (before any handler runs).
    const twice = await new Promise((resolve) =>
      (socket.emit as (...args: unknown[]) => void)('presence:set', { status: 'away' }, {}, resolve),
    );
    expect(twice).toEqual({
      ok: false,
      error: { code: 'validation_failed', message: 'Надішліть один об’єкт із даними' },
    });
  });

  it('answers in the handshake’s Accept-Language without a choice, and in English without either', async () => {
    const person = await signedInUser(app);
    const room = await privateRoom(person);
    const german = await open(person.client.sessionCookieHeader, { 'accept-language': 'de-DE,de;q=0.9' });
    expect(await badReply(german, room.id)).toEqual({
      ok: false,
      error: { code: 'validation_failed', message: 'Antworten Sie auf eine Nachricht in diesem Raum' },
    });
    const plain = await open(person.client.sessionCookieHeader);
    expect(await badReply(plain, room.id)).toEqual({
      ok: false,
      error: { code: 'validation_failed', message: 'Reply to a message in this room' },
    });
  });

  it('answers a call guest’s socket in its handshake’s Accept-Language', async () => {
    const host = await signedInUser(app);
    await configureJitsi(app);
    await allowGuests(app);
    const room = await createRoom(host.client, { type: 'channel', name: uniqueUsername('lang') });
    const call = await startCall(host.client, room.id);
    await report(host.client, call.id, 'videoConferenceJoined');
    const guest = new TestGuest(app, (await makeGuestLink(host.client, call.id)).token);
    await guest.joined('Gina');
    const socket = await connectGuestSocket(url, guest.secret!, { 'accept-language': 'de' });
    sockets.push(socket);
    const twice = await new Promise((resolve) =>
      (socket.emit as (...args: unknown[]) => void)('whoami', 1, 2, resolve),
    );
    expect(twice).toEqual({
      ok: false,
      error: { code: 'validation_failed', message: 'Senden Sie ein einziges Nutzdatenobjekt' },
    });
  });
});
