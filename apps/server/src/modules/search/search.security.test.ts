import type { ConsultationParticipant, GuestInvite, Message, SearchResponse } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookConsultation, consultationCast } from '../../test/consultations.js';
import { DATABASE_KINDS } from '../../test/databases.js';
import { createRoom, uniqueUsername, type Person } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { visit } from '../../test/guests.js';
import { TestClient, type TestApp } from '../../test/test-app.js';

const T0 = '2026-11-23T10:00:00.000Z';

/**
 * Who finds what (issue 20): members only, whatever the room; consultation chats only their two
 * parties; administrators get no extra reach; guests and anonymous callers search nothing.
 */
describe.each(DATABASE_KINDS)('search, authorization (%s)', (kind) => {
  const clock = fixedClock(T0);
  let app: TestApp;
  let admin: Person;
  let pat: Person;
  let cleo: Person;
  let eve: Person;

  beforeAll(async () => {
    ({ app, admin, pat, cleo, eve } = await consultationCast(kind, clock));
  });
  afterAll(async () => app.close());

  const send = async (who: TestClient, roomId: string, text: string) => {
    const res = await who.post(`/api/v1/rooms/${roomId}/messages`, {
      text,
      clientMsgId: uniqueUsername('c'),
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ message: Message }>().message;
  };
  const found = async (who: TestClient, q: string) => {
    const res = await who.get(`/api/v1/search?q=${encodeURIComponent(q)}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<SearchResponse>().results.map((r) => r.message.id);
  };

  it('finds private rooms, DMs and channels only for their members; not for admins; not after leaving', async () => {
    const w = uniqueUsername('secret');
    const priv = await createRoom(cleo.client, { type: 'private', name: uniqueUsername('p') });
    const dm = await createRoom(cleo.client, { type: 'direct', memberIds: [pat.user.id] });
    const open = await createRoom(cleo.client, { type: 'channel', name: uniqueUsername('c') });
    const inPriv = await send(cleo.client, priv.id, `${w} private`);
    const inDm = await send(pat.client, dm.id, `${w} direct`);
    const inOpen = await send(cleo.client, open.id, `${w} open`);
    expect((await found(cleo.client, w)).sort()).toEqual([inPriv.id, inDm.id, inOpen.id].sort());
    expect(await found(pat.client, w)).toEqual([inDm.id]);
    // Eve could join the public channel, but search covers the rooms one is in.
    expect(await found(eve.client, w)).toEqual([]);
    expect(await found(admin.client, w)).toEqual([]);
    // By room id or handle, a room one is not in answers like one without matches.
    for (const q of [`${w} in:#${priv.name}`, `${w} in:${priv.id}`]) {
      expect(await found(eve.client, q)).toEqual([]);
    }
    const byParam = await eve.client.get(`/api/v1/search?q=${w}&roomId=${priv.id}`);
    expect(byParam.json()).toEqual({ results: [], nextCursor: null });
    expect((await eve.client.post(`/api/v1/rooms/${open.id}/join`, {})).statusCode).toBe(200);
    expect(await found(eve.client, w)).toEqual([inOpen.id]);
    expect((await eve.client.post(`/api/v1/rooms/${open.id}/leave`, {})).statusCode).toBe(204);
    expect(await found(eve.client, w)).toEqual([]);
  });

  it('finds a consultation chat for its two parties only; guests search nothing', async () => {
    const w = uniqueUsername('consult');
    const c = await bookConsultation(cleo, pat, '2026-11-24T12:00:00.000Z');
    expect(c.roomId).not.toBeNull();
    const m = await send(cleo.client, c.roomId!, `${w} about my appointment`);
    expect(await found(cleo.client, w)).toEqual([m.id]);
    expect(await found(pat.client, w)).toEqual([m.id]);
    expect(await found(eve.client, w)).toEqual([]);
    expect(await found(admin.client, w)).toEqual([]);

    // A third participant who may chat is a guest: still no search.
    const added = await cleo.client.post(`/api/v1/consultations/${c.id}/participants`, { name: 'Pia Part' });
    expect(added.statusCode, added.body).toBe(201);
    const { participant } = added.json<{ participant: ConsultationParticipant }>();
    const consent = await cleo.client.post(
      `/api/v1/consultations/${c.id}/participants/${participant.id}/consent`,
      {
        chat: true,
      },
    );
    expect(consent.statusCode, consent.body).toBe(200);
    const { invite } = consent.json<{ invite: GuestInvite }>();
    const guest = (await visit(app, invite.url.slice(invite.url.lastIndexOf('/') + 1))).client;
    expect((await guest.get(`/api/v1/rooms/${c.roomId}/messages`)).statusCode).toBe(200);
    const refused = await guest.get(`/api/v1/search?q=${w}`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('guest_not_allowed');

    const anonymous = await new TestClient(app).get(`/api/v1/search?q=${w}`);
    expect(anonymous.statusCode).toBe(401);
  });

  it('takes identity from the session only and honours token scopes', async () => {
    const w = uniqueUsername('scoped');
    const priv = await createRoom(cleo.client, { type: 'private', name: uniqueUsername('p') });
    const m = await send(cleo.client, priv.id, w);
    // No parameter names another person's view.
    const res = await eve.client.get(`/api/v1/search?q=${w}&userId=${cleo.user.id}&viewerId=${cleo.user.id}`);
    expect(res.statusCode === 400 || res.json().results.length === 0).toBe(true);
    const { secret } = (
      await cleo.client.post('/api/v1/me/tokens', { name: 'reader', scopes: ['read'] })
    ).json<{
      secret: string;
    }>();
    const bearer = await app.app.inject({
      method: 'GET',
      url: `/api/v1/search?q=${w}`,
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(bearer.statusCode, bearer.body).toBe(200);
    expect(bearer.json<SearchResponse>().results.map((r) => r.message.id)).toEqual([m.id]);
  });
});
