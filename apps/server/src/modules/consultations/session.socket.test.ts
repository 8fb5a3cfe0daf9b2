import type { Consultation } from '@parley/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configureJitsi } from '../../test/calls.js';
import { bookConsultation, makeProvider, openAvailability } from '../../test/consultations.js';
import { DATABASE_KINDS } from '../../test/databases.js';
import { signedInPeople, signedInUser, type Person } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { connectSocket, listening, recorder, settle, type ClientSocket } from '../../test/sockets.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = '2026-11-23T10:00:00.000Z';

describe.each(DATABASE_KINDS)('consultation sessions over sockets (%s)', (kind) => {
  const clock = fixedClock(T0);
  let app: TestApp;
  let url: string;
  let admin: Person;
  let pat: Person;
  let cleo: Person;
  let eve: Person;
  let hour = 1;
  const sockets: ClientSocket[] = [];

  const connect = async (person: Person) => {
    const socket = await connectSocket(url, { cookie: person.client.sessionCookieHeader });
    sockets.push(socket);
    return { ...recorder(socket), socket };
  };
  const book = (nickname?: string) =>
    bookConsultation(cleo, pat, new Date(Date.parse(T0) + hour++ * HOUR).toISOString(), nickname);
  const at = (c: Consultation, offsetMs: number) =>
    clock.set(new Date(Date.parse(c.start) + offsetMs).toISOString());
  const report = async (p: Person, c: Consultation, type: string) => {
    const res = await p.client.post(`/api/v1/consultations/${c.id}/events`, { type });
    expect(res.statusCode, res.body).toBe(200);
  };
  const sweep = async () => {
    await app.sweeper.runOnce('consultations');
    await app.sweeper.runOnce('consultations');
  };

  beforeAll(async () => {
    app = await createTestApp(kind, {}, { clock });
    url = await listening(app);
    admin = await signedInUser(app, { role: 'admin' });
    [pat, cleo, eve] = await signedInPeople(app, 'pat', 'cleo', 'eve');
    await makeProvider(admin, pat, openAvailability());
    await configureJitsi(app);
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await app.close();
  });
  beforeEach(() => clock.set(T0));

  it("tells both parties, on every device, who is in the call and the consultation's changes; outsiders hear nothing", async () => {
    const c = await book();
    const [patTab, cleoLaptop, cleoPhone, eveTab, adminTab] = [
      await connect(pat),
      await connect(cleo),
      await connect(cleo),
      await connect(eve),
      await connect(admin),
    ];
    at(c, -MINUTE);
    await report(pat, c, 'joined');
    for (const device of [patTab, cleoLaptop, cleoPhone]) {
      expect(await device.next('consultation:presence', (p) => p.consultationId === c.id)).toEqual({
        consultationId: c.id,
        providerInCall: true,
        clientInCall: false,
      });
    }
    // Each party sees the consultation as theirs.
    const forCleo = await cleoPhone.next(
      'consultation:updated',
      (u) => u.id === c.id && u.status === 'active',
    );
    expect(forCleo.role).toBe('client');
    const forPat = await patTab.next('consultation:updated', (u) => u.id === c.id && u.status === 'active');
    expect(forPat.role).toBe('provider');
    // The chat line arrives as any message of the room does.
    const line = await cleoLaptop.next('message:new', (m) => m.roomId === c.roomId);
    expect(line).toMatchObject({
      kind: 'system',
      text: `${pat.user.displayName} joined the call`,
      author: null,
    });

    await report(cleo, c, 'joined');
    await cleoLaptop.next('consultation:presence', (p) => p.consultationId === c.id && p.clientInCall);
    await report(pat, c, 'camera_off');
    await cleoPhone.next('message:new', (m) => m.text.endsWith('turned their camera off'));

    await settle(eveTab.socket);
    await settle(adminTab.socket);
    for (const outsider of [eveTab, adminTab]) {
      expect(outsider.about(c.id)).toEqual([]);
      expect(outsider.about(c.roomId!)).toEqual([]);
    }
  });

  it('sends the in-app reminder to both parties with their own view and the offset', async () => {
    const c = await book('Alex');
    const [patTab, cleoTab, eveTab] = [await connect(pat), await connect(cleo), await connect(eve)];
    at(c, -15 * MINUTE);
    await sweep();
    const forPat = await patTab.next('reminder', (r) => r.consultation.id === c.id);
    expect(forPat.startsIn).toBe(15);
    expect(forPat.consultation.role).toBe('provider');
    expect(forPat.consultation.client.displayName).toBe('Alex');
    const forCleo = await cleoTab.next('reminder', (r) => r.consultation.id === c.id);
    expect(forCleo).toMatchObject({ startsIn: 15, consultation: { role: 'client' } });
    await sweep();
    await settle(patTab.socket);
    expect(patTab.of('reminder').filter((r) => r.consultation.id === c.id)).toHaveLength(1);
    await settle(eveTab.socket);
    expect(eveTab.of('reminder')).toEqual([]);

    // A no-show reaches both as an update, and presence drops to nobody.
    at(c, 10 * MINUTE);
    await sweep();
    await cleoTab.next('consultation:updated', (u) => u.id === c.id && u.status === 'no_show_provider');
    await patTab.next('consultation:updated', (u) => u.id === c.id && u.status === 'no_show_provider');
  });

  it("tells the provider's devices to drop the chat when the client erases it, then the line saying so", async () => {
    const c = await book();
    await cleo.client.post(`/api/v1/rooms/${c.roomId}/messages`, { text: 'private', clientMsgId: 'e1' });
    const patTab = await connect(pat);
    const res = await cleo.client.delete(`/api/v1/consultations/${c.id}/messages`);
    expect(res.statusCode, res.body).toBe(200);
    expect(await patTab.next('messages:purged', (e) => e.roomId === c.roomId)).toEqual({ roomId: c.roomId });
    const line = await patTab.next('message:new', (m) => m.roomId === c.roomId);
    expect(line.text).toBe('The client erased the chat history');
    const order = patTab.received.filter((r) => r.event === 'messages:purged' || r.event === 'message:new');
    expect(order.map((r) => r.event)).toEqual(['messages:purged', 'message:new']);
  });
});
