import type { Message } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import {
  createRoom,
  signedInPeople,
  signedInUser,
  uniqueUsername,
  type Person,
} from '../../test/factories.js';
import { multipartBody, uploaded, uploadFile } from '../../test/files.js';
import { createTestApp, TEST_ORIGIN, type TestApp } from '../../test/test-app.js';

const SVG = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"><script>alert(1)</script></svg>',
);

/** Issue 20: who may upload into a room and fetch its files; what a file can never do in the page. */
describe.each(DATABASE_KINDS)('files authorization (%s)', (kind) => {
  let app: TestApp;
  let alice: Person;
  let bob: Person;
  let eve: Person;
  let admin: Person;

  beforeAll(async () => {
    app = await createTestApp(kind);
    [alice, bob, eve] = await signedInPeople(app, 'alice', 'bob', 'eve');
    admin = await signedInUser(app, { role: 'admin' });
  });
  afterAll(async () => app.close());

  const privateRoom = () =>
    createRoom(alice.client, { type: 'private', name: uniqueUsername('sec'), memberIds: [bob.user.id] });
  const sendWith = async (who: Person, roomId: string, ids: string[]) => {
    const res = await who.client.post(`/api/v1/rooms/${roomId}/messages`, {
      text: '',
      clientMsgId: uniqueUsername('s'),
      attachments: ids,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ message: Message }>().message;
  };

  it('answers outsiders, admins outside the room and removed members exactly like a missing file', async () => {
    const room = await privateRoom();
    const file = await uploaded(alice.client, room.id, 'secret.txt', Buffer.from('secret'));
    await sendWith(alice, room.id, [file.id]);
    const missing = (await eve.client.get('/api/v1/files/01ARZ3NDEKTSV4RRFFQ69G5FAV')).json();
    for (const who of [eve, admin]) {
      for (const q of ['', '?thumbnail=1', '?download=1']) {
        const res = await who.client.get(`/api/v1/files/${file.id}${q}`);
        expect(res.statusCode).toBe(404);
        expect(res.json()).toEqual(missing);
      }
      expect((await uploadFile(who.client, room.id, 'x.txt', Buffer.from('x'))).statusCode).toBe(404);
    }
    expect((await bob.client.get(`/api/v1/files/${file.id}`)).statusCode).toBe(200);
    await alice.client.delete(`/api/v1/rooms/${room.id}/members/${bob.user.id}`);
    expect((await bob.client.get(`/api/v1/files/${file.id}`)).json()).toEqual(missing);
  });

  it('needs a session (401), the CSRF token on uploads (403) and a write-scoped token', async () => {
    const room = await privateRoom();
    const file = await uploaded(alice.client, room.id, 'a.txt', Buffer.from('a'));
    const anonymous = await app.app.inject({ method: 'GET', url: `/api/v1/files/${file.id}` });
    expect(anonymous.statusCode).toBe(401);
    const { body, headers } = multipartBody('file', 'x.txt', 'text/plain', Buffer.from('x'));
    const noCsrf = await app.app.inject({
      method: 'POST',
      url: `/api/v1/rooms/${room.id}/uploads`,
      headers: { ...headers, origin: TEST_ORIGIN },
      cookies: alice.client.cookies,
      payload: body,
    });
    expect(noCsrf.statusCode).toBe(403);
    const { secret } = (
      await alice.client.post('/api/v1/me/tokens', { name: 'reader', scopes: ['read'] })
    ).json<{ secret: string }>();
    const byToken = await app.app.inject({
      method: 'POST',
      url: `/api/v1/rooms/${room.id}/uploads`,
      headers: { ...headers, authorization: `Bearer ${secret}` },
      payload: body,
    });
    expect(byToken.statusCode).toBe(403);
    expect(byToken.json().error.code).toBe('insufficient_scope');
  });

  it('never lets one person send or see another’s unsent upload, even in the same room', async () => {
    const room = await privateRoom();
    const bobs = await uploaded(bob.client, room.id, 'bob.txt', Buffer.from('bob'));
    expect((await alice.client.get(`/api/v1/files/${bobs.id}`)).statusCode).toBe(404);
    const res = await alice.client.post(`/api/v1/rooms/${room.id}/messages`, {
      text: 'mine now',
      clientMsgId: uniqueUsername('t'),
      attachments: [bobs.id],
    });
    expect(res.statusCode).toBe(422);
    expect((await bob.client.get(`/api/v1/files/${bobs.id}`)).statusCode).toBe(200);
  });

  it('serves SVG and HTML only as sandboxed downloads, never inline, whatever the name or claimed type', async () => {
    const room = await privateRoom();
    for (const [name, bytes] of [
      ['logo.svg', SVG],
      ['page.html', Buffer.from('<html><script>alert(1)</script></html>')],
    ] as const) {
      const res = await uploadFile(alice.client, room.id, name, bytes, { claimedType: 'image/svg+xml' });
      expect(res.statusCode).toBe(201);
      const { upload } = res.json<{ upload: { id: string; type: string } }>();
      expect(upload.type).not.toMatch(/svg|html/);
      const file = await alice.client.get(`/api/v1/files/${upload.id}`);
      expect(file.headers['content-disposition']).toMatch(/^attachment;/);
      expect(file.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
      expect(file.headers['x-content-type-options']).toBe('nosniff');
      expect(String(file.headers['content-type'])).not.toMatch(/svg|html/);
    }
  });

  it('keeps the file name harmless: no folders, control or direction characters, quoted safely', async () => {
    const room = await privateRoom();
    const upload = await uploaded(
      alice.client,
      room.id,
      '..\\..\\evil\u202egpj.exe\u0007 «é».txt',
      Buffer.from('x'),
    );
    expect(upload.name).toBe('evilgpj.exe «é».txt');
    const res = await alice.client.get(`/api/v1/files/${upload.id}`);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="evilgpj.exe ___.txt"; filename*=UTF-8''${encodeURIComponent('evilgpj.exe «é».txt')}`,
    );
  });
});
