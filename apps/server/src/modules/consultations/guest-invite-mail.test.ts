import type { Consultation, GuestInvite } from '@parley/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeProvider, openAvailability } from '../../test/consultations.js';
import { DATABASE_KINDS } from '../../test/databases.js';
import { signedInPeople, signedInUser, type Person } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { tokenOf, visit } from '../../test/guests.js';
import { startSmtpSink, type SmtpSink } from '../../test/smtp-sink.js';
import { createTestApp, TEST_ORIGIN, TestClient, type TestApp } from '../../test/test-app.js';
import { INVITE_MAILS_PER_HOUR } from './guest-clients.service.js';

const HOUR = 3_600_000;
const T0 = '2026-11-23T10:00:00.000Z';

/** Issue 19: with SMTP_URL set, a guest client's personal link goes out by e-mail with the .ics. */
describe.each(DATABASE_KINDS)('guest invitations by e-mail (%s)', (kind) => {
  const clock = fixedClock(T0);
  let sink: SmtpSink;
  let app: TestApp;
  let paula: Person;

  const at = (hours: number) => new Date(Date.parse(T0) + hours * HOUR).toISOString();
  const propose = async (start: string, email: string, name = 'Gwen <b>Guest</b>') => {
    const res = await paula.client.post('/api/v1/consultations', { guest: { name, email }, start });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ consultation: Consultation; invite: GuestInvite }>();
  };

  beforeAll(async () => {
    sink = await startSmtpSink();
    app = await createTestApp(
      kind,
      { SMTP_URL: sink.url, MAIL_FROM: 'Parley <parley@example.org>' },
      { clock },
    );
    const admin = await signedInUser(app, { role: 'admin' });
    [paula] = await signedInPeople(app, 'paula');
    await makeProvider(admin, paula, openAvailability({ timezone: 'Europe/Berlin' }));
    await admin.client.patch('/api/v1/admin/settings', { workspace: { name: 'Clinic' } });
  });
  afterAll(async () => {
    await app.close();
    await sink.close();
  });
  beforeEach(() => clock.set(T0));

  it('e-mails the link (text and HTML), the time in the provider’s zone and UTC, and the calendar file', async () => {
    const start = at(3); // 13:00 UTC, 14:00 in Berlin
    const { consultation, invite } = await propose(start, 'gwen@example.org');
    expect(invite.emailed).toBe(true);
    const mail = await sink.next((m) => m.envelopeTo.includes('gwen@example.org'));
    expect(mail.subject).toContain(paula.user.displayName);
    expect(mail.text).toContain('Hello Gwen <b>Guest</b>,');
    expect(mail.text).toContain('14:00 (Europe/Berlin time)');
    expect(mail.text).toContain('13:00 UTC on 23 November 2026');
    expect(mail.text).toContain(invite.url);
    expect(mail.text).toContain('— Clinic');
    expect(mail.html).toContain(`href="${invite.url}"`);
    expect(mail.html).toContain('Gwen &lt;b&gt;Guest&lt;/b&gt;');
    expect(mail.html).not.toContain('<b>Guest</b>');
    const ics = mail.attachments.find((a) => a.filename === 'consultation.ics');
    expect(ics?.contentType).toMatch(/^text\/calendar/);
    expect(ics?.content).toContain(`UID:${consultation.id}@parley`);
    expect(ics?.content).toContain('DTSTART:20261123T130000Z');
    expect(ics?.content).toContain('STATUS:TENTATIVE');
    // The link in the e-mail is the one that works.
    const info = await new TestClient(app).get(`/api/v1/visit/${tokenOf(invite.url)}`);
    expect(info.statusCode, info.body).toBe(200);
    expect(invite.url.startsWith(`${TEST_ORIGIN}/visit/`)).toBe(true);
  });

  it('a new link is e-mailed again; past the hourly limit for an address the provider copies it', async () => {
    const address = 'busy@example.org';
    const { consultation } = await propose(at(5), address);
    for (let i = 1; i < INVITE_MAILS_PER_HOUR; i++) {
      const res = await paula.client.post(`/api/v1/consultations/${consultation.id}/guest-invite`);
      expect(res.json<{ invite: GuestInvite }>().invite.emailed, res.body).toBe(true);
    }
    const over = await paula.client.post(`/api/v1/consultations/${consultation.id}/guest-invite`);
    const { invite } = over.json<{ invite: GuestInvite }>();
    expect(invite.emailed).toBe(false);
    expect((await new TestClient(app).get(`/api/v1/visit/${tokenOf(invite.url)}`)).statusCode).toBe(200);
    const sent = sink.messages.filter((m) => m.envelopeTo.includes(address));
    expect(sent).toHaveLength(INVITE_MAILS_PER_HOUR);
    clock.advance(HOUR);
    const later = await paula.client.post(`/api/v1/consultations/${consultation.id}/guest-invite`);
    expect(later.json<{ invite: GuestInvite }>().invite.emailed).toBe(true);
  });
  it('reminds a guest client by e-mail, pointing at their personal link (they have no sign-in)', async () => {
    const { consultation, invite } = await propose(at(48), 'remind@example.org', 'Rita');
    const guest = await visit(app, tokenOf(invite.url));
    expect((await guest.client.post(`/api/v1/consultations/${consultation.id}/accept`)).statusCode).toBe(200);
    clock.set(new Date(Date.parse(consultation.start) - 24 * HOUR).toISOString());
    await app.sweeper.runOnce('consultations');
    await app.sweeper.runOnce('consultations');
    await app.services.consultations.timers.mailSettled();
    const reminder = await sink.next(
      (m) => m.envelopeTo.includes('remind@example.org') && m.subject.startsWith('Reminder:'),
    );
    expect(reminder.text).toContain('Hello Rita,');
    expect(reminder.text).toContain('personal link from your invitation e-mail');
    expect(reminder.text).not.toContain('/consultations/');
  });
});
