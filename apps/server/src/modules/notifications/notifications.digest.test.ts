import type { NotificationSettings } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callAction, configureJitsi, startCall } from '../../test/calls.js';
import { DATABASE_KINDS } from '../../test/databases.js';
import { createRoom, privateRoom, sentMessage, signedInPeople, type Person } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { startSmtpSink, type SmtpSink } from '../../test/smtp-sink.js';
import { createTestApp, TestClient, type TestApp } from '../../test/test-app.js';

const T0 = '2026-12-07T10:00:00.000Z';
const MINUTE = 60_000;
const SETTINGS = '/api/v1/me/notification-settings';

/**
 * The e-mail digest (issue 21) through a real SMTP server: one e-mail listing unread DMs and
 * mentions once `digestMinutes` passed, none when they were read first, no message text, and an
 * unsubscribe link that works without signing in.
 */
describe.each(DATABASE_KINDS)('the e-mail digest (%s)', (kind) => {
  const clock = fixedClock(T0);
  let sink: SmtpSink;
  let app: TestApp;
  let alice: Person;
  let bob: Person;
  let carol: Person;

  const withEmail = async (person: Person) => {
    const res = await person.client.patch('/api/v1/me', { email: `${person.user.username}@example.org` });
    expect(res.statusCode, res.body).toBe(200);
  };
  const wantsDigest = async (person: Person, digestMinutes: number | null) => {
    const res = await person.client.patch(SETTINGS, { email: { digestMinutes } });
    expect(res.statusCode, res.body).toBe(200);
  };
  const mailsTo = (person: Person) =>
    sink.messages.filter((m) => m.envelopeTo.includes(`${person.user.username}@example.org`));

  beforeAll(async () => {
    sink = await startSmtpSink();
    app = await createTestApp(kind, { SMTP_URL: sink.url }, { clock });
    await app.sweeper.stop();
    await configureJitsi(app);
    [alice, bob, carol] = await signedInPeople(app, 'alice', 'bob', 'carol');
    for (const p of [alice, bob, carol]) await withEmail(p);
  });
  afterAll(async () => {
    await app.close();
    await sink.close();
  });

  it('sends one e-mail listing unread DMs and mentions once the delay passed, without their text', async () => {
    clock.set(T0);
    await wantsDigest(bob, 15);
    const dm = await createRoom(alice.client, { type: 'direct', memberIds: [bob.user.id] });
    const room = await privateRoom(alice, bob, carol);
    await sentMessage(alice, dm.id, { text: 'secret plans for friday' });
    clock.advance(5 * MINUTE);
    await sentMessage(carol, room.id, { text: `@${bob.user.username} the secret budget` });
    await sentMessage(carol, room.id, { text: 'no mention here' });
    clock.advance(9 * MINUTE);
    await app.services.notifications.digest!.sweep();
    expect(mailsTo(bob)).toHaveLength(0);
    clock.advance(MINUTE);
    expect(await app.services.notifications.digest!.sweep()).toBe(1);
    const [mail] = mailsTo(bob);
    expect(mail!.subject).toMatch(/^2 unread messages on /);
    expect(mail!.text).toContain(`${alice.user.displayName} wrote in a direct message`);
    expect(mail!.text).toContain(`${carol.user.displayName} mentioned you in`);
    expect(mail!.text).toContain(`/rooms/${dm.id}`);
    expect(mail!.raw).not.toContain('secret');
    expect(mail!.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    // Nothing for people who did not ask, nor for the author.
    expect(mailsTo(carol)).toHaveLength(0);
    expect(mailsTo(alice)).toHaveLength(0);
    // Once sent, the timer is gone: the next pass sends nothing.
    clock.advance(60 * MINUTE);
    expect(await app.services.notifications.digest!.sweep()).toBe(0);
  });

  it('sends nothing when the messages were read first, or the room was set to nothing', async () => {
    clock.set('2026-12-08T10:00:00.000Z');
    await wantsDigest(carol, 10);
    const dm = await createRoom(alice.client, { type: 'direct', memberIds: [carol.user.id] });
    const message = await sentMessage(alice, dm.id, { text: 'hello' });
    clock.advance(2 * MINUTE);
    expect((await carol.client.post(`/api/v1/rooms/${dm.id}/read`, { seq: message.seq })).statusCode).toBe(
      200,
    );
    clock.advance(20 * MINUTE);
    expect(await app.services.notifications.digest!.sweep()).toBe(0);

    const quiet = await privateRoom(alice, carol);
    expect(
      (await carol.client.put(`/api/v1/rooms/${quiet.id}/notifications`, { level: 'none' })).statusCode,
    ).toBe(200);
    await sentMessage(alice, quiet.id, { text: `@${carol.user.username} are you there?` });
    clock.advance(20 * MINUTE);
    expect(await app.services.notifications.digest!.sweep()).toBe(0);
    expect(mailsTo(carol)).toHaveLength(0);
  });

  it('stops the digest through the unsubscribe link, without signing in; refuses forged links', async () => {
    clock.set('2026-12-09T10:00:00.000Z');
    await wantsDigest(alice, 5);
    const url = new URL(app.services.notifications.digest!.unsubscribeUrl(alice.user.id));
    const anonymous = new TestClient(app);
    const page = await anonymous.get(`${url.pathname}${url.search}`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('<form method="post"');
    // Showing the page changed nothing (mail scanners follow links).
    let settings = (await alice.client.get(SETTINGS)).json<NotificationSettings>();
    expect(settings.email.digestMinutes).toBe(5);

    const forged = `${url.pathname}?token=${Buffer.from(bob.user.id).toString('base64url')}.AAAA`;
    expect(
      (
        await anonymous.post(forged, 'List-Unsubscribe=One-Click', {
          'content-type': 'application/x-www-form-urlencoded',
        })
      ).statusCode,
    ).toBe(404);
    const oneClick = await anonymous.post(`${url.pathname}${url.search}`, 'List-Unsubscribe=One-Click', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(oneClick.statusCode, oneClick.body).toBe(200);
    settings = (await alice.client.get(SETTINGS)).json<NotificationSettings>();
    expect(settings.email.digestMinutes).toBeNull();
    expect((await bob.client.get(SETTINGS)).json<NotificationSettings>().email.digestMinutes).toBe(15);
  });

  it('e-mails a missed call to those who asked, not to the caller nor to whoever answered', async () => {
    clock.set('2026-12-10T10:00:00.000Z');
    expect((await carol.client.patch(SETTINGS, { email: { missedCalls: true } })).statusCode).toBe(200);
    expect((await alice.client.patch(SETTINGS, { email: { missedCalls: true } })).statusCode).toBe(200);
    const dm = await createRoom(alice.client, { type: 'direct', memberIds: [carol.user.id] });
    await startCall(alice.client, dm.id);
    // Nobody answers: the ring times out and the call ends missed. Its end only queues the e-mail.
    clock.advance(10 * MINUTE);
    await app.services.calls.timers.sweep();
    expect(mailsTo(carol)).toHaveLength(0);
    expect(await app.services.notifications.missedCalls!.sweep()).toBe(1);
    const mail = await sink.next((m) => m.envelopeTo.includes(`${carol.user.username}@example.org`));
    expect(mail.subject).toBe(`Missed call from ${alice.user.displayName}`);
    expect(mail.text).toContain(`/rooms/${dm.id}`);
    expect(mailsTo(alice)).toHaveLength(0);

    // A call that was answered is not missed.
    const before = mailsTo(carol).length;
    const answered = await startCall(alice.client, dm.id);
    await callAction(carol.client, answered.id, 'accept');
    await callAction(alice.client, answered.id, 'end');
    expect(await app.services.notifications.missedCalls!.sweep()).toBe(0);
    expect(mailsTo(carol)).toHaveLength(before);
  });

  it('keeps a missed-call e-mail the SMTP server refused and sends it once the server takes it', async () => {
    clock.set('2026-12-10T12:00:00.000Z');
    const dm = await createRoom(alice.client, { type: 'direct', memberIds: [carol.user.id] });
    await startCall(alice.client, dm.id);
    clock.advance(10 * MINUTE);
    await app.services.calls.timers.sweep();
    const before = mailsTo(carol).length;
    sink.refuse(true);
    try {
      expect(await app.services.notifications.missedCalls!.sweep()).toBe(0);
      // Not due again before the retry delay.
      clock.advance(MINUTE);
      expect(await app.services.notifications.missedCalls!.sweep()).toBe(0);
    } finally {
      sink.refuse(false);
    }
    expect(await app.services.notifications.missedCalls!.sweep()).toBe(0);
    clock.advance(5 * MINUTE);
    expect(await app.services.notifications.missedCalls!.sweep()).toBe(1);
    expect(mailsTo(carol)).toHaveLength(before + 1);
    // Sent once: the outbox row is gone.
    clock.advance(10 * MINUTE);
    expect(await app.services.notifications.missedCalls!.sweep()).toBe(0);
    expect(mailsTo(carol)).toHaveLength(before + 1);
  });

  it('writes the digest, the missed-call e-mail and the unsubscribe page in each person’s language', async () => {
    clock.set('2026-12-11T10:00:00.000Z');
    expect((await bob.client.patch('/api/v1/me', { locale: 'uk' })).statusCode).toBe(200);
    expect((await carol.client.patch('/api/v1/me', { locale: 'de' })).statusCode).toBe(200);
    await wantsDigest(bob, 5);
    await wantsDigest(carol, 5);
    expect((await carol.client.patch(SETTINGS, { email: { missedCalls: true } })).statusCode).toBe(200);
    const toBob = await createRoom(alice.client, { type: 'direct', memberIds: [bob.user.id] });
    const toCarol = await createRoom(alice.client, { type: 'direct', memberIds: [carol.user.id] });
    await sentMessage(alice, toBob.id, { text: 'привіт' });
    await sentMessage(alice, toBob.id, { text: 'ще раз' });
    await sentMessage(alice, toCarol.id, { text: 'hallo' });
    clock.advance(6 * MINUTE);
    const before = { bob: mailsTo(bob).length, carol: mailsTo(carol).length };
    expect(await app.services.notifications.digest!.sweep()).toBe(2);

    const uk = mailsTo(bob)[before.bob]!;
    expect(uk.subject).toMatch(/^2 непрочитані повідомлення у /);
    expect(uk.headers['content-language']).toBe('uk');
    expect(uk.text).toContain(`${alice.user.displayName} пише: особисте повідомлення`);
    expect(uk.html).toContain('<html lang="uk">');
    const de = mailsTo(carol)[before.carol]!;
    expect(de.subject).toMatch(/^1 ungelesene Nachricht bei /);
    expect(de.headers['content-language']).toBe('de');
    expect(de.text).toContain('Diese E-Mails abbestellen: ');

    // A missed call, in German for Carol.
    await startCall(alice.client, toCarol.id);
    clock.advance(10 * MINUTE);
    await app.services.calls.timers.sweep();
    await app.services.notifications.missedCalls!.sweep();
    const missed = await sink.next(
      (m) =>
        m.envelopeTo.includes(`${carol.user.username}@example.org`) && m.subject.startsWith('Verpasster'),
    );
    expect(missed.headers['content-language']).toBe('de');
    expect(missed.text).toContain(`${alice.user.displayName} hat Sie bei `);

    // The unsubscribe page speaks the visitor's browser language (nobody is signed in there).
    const url = new URL(app.services.notifications.digest!.unsubscribeUrl(carol.user.id));
    const page = await new TestClient(app).get(`${url.pathname}${url.search}`, {
      'accept-language': 'de-DE',
    });
    expect(page.body).toContain('<html lang="de">');
    expect(page.body).toContain('Diese E-Mails abbestellen</button>');
  });
});
