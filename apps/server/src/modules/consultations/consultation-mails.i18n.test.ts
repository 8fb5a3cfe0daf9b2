import type { Consultation, GuestInvite } from '@parley/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeProvider, openAvailability } from '../../test/consultations.js';
import { DATABASE_KINDS } from '../../test/databases.js';
import { signedInPeople, signedInUser, type Person } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { tokenOf, visit } from '../../test/guests.js';
import { startSmtpSink, type SmtpSink, type SunkMessage } from '../../test/smtp-sink.js';
import { createTestApp, TestClient, type TestApp } from '../../test/test-app.js';

const HOUR = 3_600_000;
const T0 = '2026-11-23T10:00:00.000Z';

const linkIn = (text: string): string => {
  const match = /http:\/\/localhost:3000\/visit\/([A-Za-z0-9_-]+)/.exec(text);
  if (!match) throw new Error(`no visit link in: ${text}`);
  return match[1]!;
};
/** Unfolded lines, line ends as `\n` (the sink's decoding and the HTTP body differ). */
const unfold = (ics: string) => ics.replace(/\r\n/g, '\n').replace(/\n /g, '');

/** Issue 21: consultation e-mails and calendar files in each recipient's language, through a real SMTP server. */
describe.each(DATABASE_KINDS)('consultation e-mails in en, uk and de (%s)', (kind) => {
  const clock = fixedClock(T0);
  let sink: SmtpSink;
  let app: TestApp;
  let admin: Person;
  let pat: Person;
  let address = 0;

  const at = (hours: number) => new Date(Date.parse(T0) + hours * HOUR).toISOString();
  const mailTo = (to: string, match: (m: SunkMessage) => boolean = () => true) =>
    sink.next((m) => m.envelopeTo.includes(to) && match(m));
  const hold = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    new TestClient(app).post(`/api/v1/providers/${pat.user.id}/public-holds`, body, {
      'x-forwarded-for': `198.51.100.${++address}`,
      ...headers,
    });

  beforeAll(async () => {
    sink = await startSmtpSink();
    app = await createTestApp(kind, { SMTP_URL: sink.url, TRUST_PROXY: 'true' }, { clock });
    admin = await signedInUser(app, { role: 'admin' });
    [pat] = await signedInPeople(app, 'pat');
    await makeProvider(admin, pat, openAvailability({ timezone: 'Europe/Berlin' }));
    await admin.client.patch('/api/v1/admin/settings', {
      workspace: { name: 'Clinic' },
      guests: { publicBooking: true },
    });
    const page = await pat.client.put('/api/v1/providers/me', {
      bio: 'Listens well',
      specialities: ['Sleep'],
      languages: ['en', 'uk', 'de'],
      accepting: true,
      publicBooking: true,
    });
    expect(page.statusCode, page.body).toBe(200);
  });
  afterAll(async () => {
    await app.close();
    await sink.close();
  });
  beforeEach(async () => {
    clock.set(T0);
    await pat.client.patch('/api/v1/me', { locale: null });
  });

  it('writes a public booking’s e-mail in the visitor’s language (the form’s field, else Accept-Language) and keeps it for their reminder', async () => {
    const name = pat.user.displayName;
    const cases = [
      {
        locale: 'en',
        request: { headers: {} as Record<string, string>, body: {} },
        subject: `Confirm your consultation with ${name}`,
        phrases: [
          'Hello Vi,',
          '13:00 UTC on 25 November 2026, that is Wednesday 25 November 2026, 14:00–14:50 (Europe/Berlin) for you',
          'Confirm your consultation: http://localhost:3000/visit/',
        ],
        reminder: `Reminder: your consultation with ${name} starts in 24 hours`,
      },
      {
        locale: 'uk',
        request: { headers: { 'accept-language': 'uk-UA,uk;q=0.9,en;q=0.5' }, body: {} },
        subject: `Підтвердьте консультацію з ${name}`,
        phrases: [
          'Вітаємо, Vi!',
          '26 листопада 2026 р. о 13:00 UTC, тобто четвер, 26 листопада 2026 р. о 14:00–14:50 (Europe/Berlin) за вашим часом',
          'Підтвердити консультацію: http://localhost:3000/visit/',
        ],
        reminder: `Нагадування: ваша консультація з ${name} почнеться через 24 години`,
      },
      {
        locale: 'de',
        // The booking form's own field wins over the browser's header.
        request: { headers: { 'accept-language': 'uk' }, body: { locale: 'de' } },
        subject: `Bestätigen Sie Ihre Beratung mit ${name}`,
        phrases: [
          'Guten Tag, Vi,',
          '27. November 2026 um 13:00 UTC, also Freitag, 27. November 2026 um 14:00–14:50 (Europe/Berlin) bei Ihnen',
          'Beratung bestätigen: http://localhost:3000/visit/',
        ],
        reminder: `Erinnerung: Ihre Beratung mit ${name} beginnt in 24 Stunden`,
      },
    ];
    // 13:00 UTC on Wednesday, Thursday and Friday: a day ahead, so the 24-hour reminder is due later.
    let hours = 51;
    for (const c of cases) {
      const email = `vi-${c.locale}-${kind}@example.org`;
      const start = at(hours);
      hours += 24;
      const res = await hold(
        { start, name: 'Vi', email, timeZone: 'Europe/Berlin', ...c.request.body },
        c.request.headers,
      );
      expect(res.statusCode, res.body).toBe(202);
      const mail = await mailTo(email);
      expect(mail.subject).toBe(c.subject);
      expect(mail.headers['content-language']).toBe(c.locale);
      for (const phrase of c.phrases) expect(mail.text).toContain(phrase);

      // The guest account keeps the language; their reminder is written in it.
      const guest = await visit(app, linkIn(mail.text));
      expect(guest.user.locale).toBe(c.locale);
      const mine = await guest.client.get('/api/v1/consultations');
      const [held] = mine.json<{ consultations: Consultation[] }>().consultations;
      expect((await guest.client.post(`/api/v1/consultations/${held!.id}/confirm`)).statusCode).toBe(200);
      clock.set(new Date(Date.parse(start) - 24 * HOUR).toISOString());
      await app.sweeper.runOnce('consultations');
      await app.sweeper.runOnce('consultations');
      await app.services.consultations.timers.mailSettled();
      const reminder = await mailTo(email, (m) => m !== mail);
      expect(reminder.subject).toBe(c.reminder);
      expect(reminder.headers['content-language']).toBe(c.locale);
      clock.set(T0);
    }
  });

  it('writes a guest invitation and its calendar file in the provider’s language, which the guest keeps', async () => {
    const name = pat.user.displayName;
    const cases = [
      {
        locale: 'en',
        subject: `${name} proposes a consultation on 23 November 2026`,
        phrase: `${name} proposes a consultation with you (50 minutes) on Monday 23 November 2026, 15:00 (Europe/Berlin time), that is 14:00 UTC on 23 November 2026.`,
        summary: `SUMMARY:Consultation with ${name}`,
      },
      {
        locale: 'uk',
        subject: `${name} пропонує консультацію 23 листопада 2026 р.`,
        phrase: `${name} пропонує вам консультацію (50 хв): понеділок, 23 листопада 2026 р. о 15:00 (час Europe/Berlin), тобто 23 листопада 2026 р. о 14:00 UTC.`,
        summary: `SUMMARY;LANGUAGE=uk:Консультація з ${name}`,
      },
      {
        locale: 'de',
        subject: `${name} schlägt eine Beratung am 23. November 2026 vor`,
        phrase: `${name} schlägt Ihnen eine Beratung (50 Minuten) vor: Montag, 23. November 2026 um 15:00 (Zeitzone Europe/Berlin), also 23. November 2026 um 14:00 UTC.`,
        summary: `SUMMARY;LANGUAGE=de:Beratung mit ${name}`,
      },
    ];
    for (const c of cases) {
      expect((await pat.client.patch('/api/v1/me', { locale: c.locale })).statusCode).toBe(200);
      const email = `gwen-${c.locale}-${kind}@example.org`;
      const res = await pat.client.post(
        '/api/v1/consultations',
        { guest: { name: 'Gwen', email }, start: at(4) },
        // The provider's chosen language wins over their browser's.
        { 'accept-language': c.locale === 'en' ? 'de' : 'en' },
      );
      expect(res.statusCode, res.body).toBe(201);
      const { consultation, invite } = res.json<{ consultation: Consultation; invite: GuestInvite }>();
      const mail = await mailTo(email);
      expect(mail.subject).toBe(c.subject);
      expect(mail.headers['content-language']).toBe(c.locale);
      expect(mail.text).toContain(c.phrase);
      expect(mail.html).toContain(`<html lang="${c.locale}">`);
      const ics = unfold(mail.attachments.find((a) => a.filename === 'consultation.ics')!.content);
      expect(ics).toContain(`${c.summary}\n`);
      expect(ics).toContain(`UID:${consultation.id}@parley`);
      const guest = await visit(app, tokenOf(invite.url));
      expect(guest.user.locale).toBe(c.locale);
      // Declined, so the next case's time is free again.
      expect((await guest.client.post(`/api/v1/consultations/${consultation.id}/decline`)).statusCode).toBe(
        200,
      );
    }
  });

  it('serves a person’s calendar file in their language, with Content-Language', async () => {
    const [cleo] = await signedInPeople(app, 'cleo');
    const res = await cleo.client.post('/api/v1/consultations', { providerId: pat.user.id, start: at(7) });
    expect(res.statusCode, res.body).toBe(201);
    const { consultation } = res.json<{ consultation: Consultation }>();
    expect((await cleo.client.post(`/api/v1/consultations/${consultation.id}/confirm`)).statusCode).toBe(200);
    const path = `/api/v1/consultations/${consultation.id}/calendar.ics`;
    const name = pat.user.displayName;
    const en = await cleo.client.get(path);
    expect(en.headers['content-language']).toBe('en');
    expect(unfold(en.body)).toContain(`SUMMARY:Consultation with ${name}\n`);
    const uk = await cleo.client.get(path, { 'accept-language': 'uk' });
    expect(uk.headers['content-language']).toBe('uk');
    expect(unfold(uk.body)).toContain(`SUMMARY;LANGUAGE=uk:Консультація з ${name}\n`);
    await cleo.client.patch('/api/v1/me', { locale: 'de' });
    const de = await cleo.client.get(path, { 'accept-language': 'uk' });
    expect(de.headers['content-language']).toBe('de');
    expect(unfold(de.body)).toContain(`SUMMARY;LANGUAGE=de:Beratung mit ${name}\n`);
    expect(unfold(de.body)).toContain(
      `DESCRIPTION;LANGUAGE=de:Ihre Beratung mit ${name} in Parley. Hier beitreten: http://localhost:3000/consultations/${consultation.id}\n`,
    );
  });
});
