import type { Consultation, ConsultationEventResponse } from '@parley/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configureJitsi } from '../../test/calls.js';
import { bookConsultation, makeProvider, openAvailability } from '../../test/consultations.js';
import { createTestDb, DATABASE_KINDS } from '../../test/databases.js';
import { signedInPeople, signedInUser, type Person } from '../../test/factories.js';
import { uploaded } from '../../test/files.js';
import { fixedClock } from '../../test/fakes.js';
import { startSmtpSink, type SmtpSink, type SunkMessage } from '../../test/smtp-sink.js';
import { createTestApp, createTestAppOn, type TestApp } from '../../test/test-app.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const T0 = '2026-11-23T10:00:00.000Z';

describe.each(DATABASE_KINDS)('consultation timers (%s)', (kind) => {
  const clock = fixedClock(T0);
  let sink: SmtpSink;
  let app: TestApp;
  let admin: Person;
  let pat: Person; // the provider, in Europe/Berlin
  let cleo: Person; // the client

  const hourAt = (h: number) => new Date(Date.parse(T0) + h * HOUR).toISOString();
  const book = (h: number, nickname?: string) => bookConsultation(cleo, pat, hourAt(h), nickname);
  const at = (c: Consultation, offsetMs: number) =>
    clock.set(new Date(Date.parse(c.start) + offsetMs).toISOString());
  /** A full pass at the current time (a background pass that began earlier is waited for first). */
  const sweep = async (job = 'consultations', target = app) => {
    await target.sweeper.runOnce(job);
    await target.sweeper.runOnce(job);
    await target.services.consultations.timers.mailSettled();
  };
  const report = async (p: Person, c: Consultation, type: string) => {
    const res = await p.client.post(`/api/v1/consultations/${c.id}/events`, { type });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<ConsultationEventResponse>();
  };
  const current = async (c: Consultation) =>
    (await cleo.client.get(`/api/v1/consultations/${c.id}`)).json<{ consultation: Consultation }>()
      .consultation;
  const row = (c: Consultation) =>
    app.db.kysely.selectFrom('consultations').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
  const emailsAbout = (c: Consultation): SunkMessage[] => sink.messages.filter((m) => m.text.includes(c.id));

  beforeAll(async () => {
    sink = await startSmtpSink();
    app = await createTestApp(
      kind,
      { SMTP_URL: sink.url, MAIL_FROM: 'Parley <parley@example.org>' },
      { clock },
    );
    admin = await signedInUser(app, { role: 'admin' });
    [pat, cleo] = await signedInPeople(app, 'pat', 'cleo');
    await makeProvider(admin, pat, openAvailability({ timezone: 'Europe/Berlin' }));
    for (const [p, email] of [
      [pat, 'pat@example.org'],
      [cleo, 'cleo@example.org'],
    ] as const) {
      const res = await p.client.patch('/api/v1/me', { email });
      expect(res.statusCode, res.body).toBe(200);
    }
    await configureJitsi(app);
  });
  afterAll(async () => {
    await app.close();
    await sink.close();
  });
  beforeEach(() => clock.set(T0));

  it("marks no-shows noShowMinutes after the start: the provider's when they never came (also when nobody did), else the client's", async () => {
    const nobody = await book(1);
    const onlyClient = await book(2);
    const onlyProvider = await book(3);

    at(nobody, 10 * MINUTE - 1);
    await sweep();
    expect((await current(nobody)).status).toBe('scheduled');
    at(nobody, 10 * MINUTE);
    await sweep();
    const ended = await current(nobody);
    expect(ended.status).toBe('no_show_provider');
    expect(ended.history.at(-1)).toMatchObject({
      from: 'scheduled',
      to: 'no_show_provider',
      by: null,
      reason: 'no_show',
      at: clock.now().toISOString(),
    });
    // Its chat is kept for the retention period from now.
    expect(await row(nobody)).toMatchObject({
      ended_at: clock.now().toISOString(),
      purge_at: new Date(clock.now().getTime() + 30 * DAY).toISOString(),
    });

    at(onlyClient, 0);
    await report(cleo, onlyClient, 'joined');
    at(onlyClient, 10 * MINUTE);
    await sweep();
    expect((await current(onlyClient)).status).toBe('no_show_provider');

    at(onlyProvider, 0);
    await report(pat, onlyProvider, 'joined');
    at(onlyProvider, 10 * MINUTE - 1);
    await sweep();
    expect((await current(onlyProvider)).status).toBe('active');
    at(onlyProvider, 10 * MINUTE);
    await sweep();
    const noClient = await current(onlyProvider);
    expect(noClient.status).toBe('no_show_client');
    expect(noClient.history.map((h) => h.to)).toEqual(['held', 'scheduled', 'active', 'no_show_client']);
    // The provider was still counted in: now out, with a time.
    expect(noClient.providerLeftAt).toBe(clock.now().toISOString());
    // Again: nothing more happens.
    await sweep();
    expect((await current(onlyProvider)).history).toHaveLength(4);
  });

  it('finishes an active consultation at its end plus the grace, or a minute after both left (unless someone came back)', async () => {
    const overrun = await book(4);
    const bothLeft = await book(5);
    const cameBack = await book(6);
    const joinBoth = async (c: Consultation) => {
      at(c, 0);
      await report(pat, c, 'joined');
      await report(cleo, c, 'joined');
    };

    await joinBoth(overrun);
    const closes = Date.parse(overrun.end) + 15 * MINUTE - Date.parse(overrun.start);
    at(overrun, closes - 1);
    await sweep();
    expect((await current(overrun)).status).toBe('active');
    at(overrun, closes);
    await sweep();
    const finished = await current(overrun);
    expect(finished).toMatchObject({
      status: 'finished',
      providerLeftAt: clock.now().toISOString(),
      clientLeftAt: clock.now().toISOString(),
    });
    expect(finished.history.at(-1)).toMatchObject({
      from: 'active',
      to: 'finished',
      by: null,
      reason: 'time_up',
    });

    await joinBoth(bothLeft);
    at(bothLeft, 20 * MINUTE);
    await report(pat, bothLeft, 'left');
    await report(cleo, bothLeft, 'left');
    at(bothLeft, 21 * MINUTE - 1);
    await sweep();
    expect((await current(bothLeft)).status).toBe('active');
    at(bothLeft, 21 * MINUTE);
    await sweep();
    expect((await current(bothLeft)).history.at(-1)).toMatchObject({ to: 'finished', reason: 'both_left' });

    await joinBoth(cameBack);
    at(cameBack, 20 * MINUTE);
    await report(pat, cameBack, 'left');
    await report(cleo, cameBack, 'left');
    at(cameBack, 20 * MINUTE + 30_000);
    await report(pat, cameBack, 'joined');
    at(cameBack, 25 * MINUTE);
    await sweep();
    expect((await current(cameBack)).status).toBe('active');
  });

  it('reminds both parties by email at each offset, once, in UTC with a link (the provider also in their zone)', async () => {
    const c = await book(48);
    const anonymous = await book(50, 'Alex');
    at(c, -DAY - 1);
    await sweep();
    expect(emailsAbout(c)).toEqual([]);

    at(c, -DAY);
    await sweep();
    const day = emailsAbout(c);
    expect(day.map((m) => m.envelopeTo[0]).sort()).toEqual(['cleo@example.org', 'pat@example.org']);
    const toCleo = day.find((m) => m.envelopeTo[0] === 'cleo@example.org')!;
    const toPat = day.find((m) => m.envelopeTo[0] === 'pat@example.org')!;
    expect(toCleo.headers.from).toBe('Parley <parley@example.org>');
    expect(toCleo.headers.to).toBe('cleo@example.org');
    expect(toCleo.subject).toBe(
      `Reminder: your consultation with ${pat.user.displayName} starts in 24 hours`,
    );
    expect(toCleo.text).toContain(`Hello ${cleo.user.displayName},`);
    expect(toCleo.text).toContain(
      `starts in 24 hours, at 10:00 UTC on 25 November 2026, and runs until 10:50 UTC.`,
    );
    expect(toCleo.text).toContain(`Open it in Parley: http://localhost:3000/consultations/${c.id}`);
    expect(toCleo.text).toContain('You can join from 09:50 UTC on 25 November 2026.');
    expect(toCleo.text).not.toContain('Europe/Berlin');
    expect(toPat.subject).toBe(
      `Reminder: your consultation with ${cleo.user.displayName} starts in 24 hours`,
    );
    expect(toPat.text).toContain('at 10:00 UTC on 25 November 2026 (11:00 in Europe/Berlin)');

    // Each offset once, however often the sweeper passes (and on a restart: it is in the row).
    await sweep();
    clock.advance(HOUR);
    await sweep();
    expect(emailsAbout(c)).toHaveLength(2);

    // The provider of a client who booked under a nickname reads only the nickname.
    at(anonymous, -DAY);
    await sweep();
    const toProvider = emailsAbout(anonymous).filter((m) => m.envelopeTo[0] === 'pat@example.org');
    expect(toProvider.map((m) => m.subject)).toEqual([
      'Reminder: your consultation with Alex starts in 24 hours',
    ]);
    expect(toProvider[0]!.text).not.toContain(cleo.user.displayName);

    at(c, -15 * MINUTE);
    await sweep();
    const soon = emailsAbout(c).slice(2);
    expect(soon.map((m) => m.subject).sort()).toEqual([
      `Reminder: your consultation with ${cleo.user.displayName} starts in 15 minutes`,
      `Reminder: your consultation with ${pat.user.displayName} starts in 15 minutes`,
    ]);
  });

  it('skips reminders whose moment had passed when the consultation was booked', async () => {
    clock.set(hourAt(9));
    const hourAhead = await book(10);
    await sweep();
    at(hourAhead, -16 * MINUTE);
    await sweep();
    expect(emailsAbout(hourAhead)).toEqual([]);
    at(hourAhead, -15 * MINUTE);
    await sweep();
    expect(emailsAbout(hourAhead).map((m) => m.subject)).toEqual([
      expect.stringMatching(/starts in 15 minutes$/),
      expect.stringMatching(/starts in 15 minutes$/),
    ]);

    clock.set(new Date(Date.parse(hourAt(12)) - 10 * MINUTE).toISOString());
    const tenAhead = await book(12);
    await sweep();
    at(tenAhead, -MINUTE);
    await sweep();
    expect(emailsAbout(tenAhead)).toEqual([]);
    expect(JSON.parse((await row(tenAhead)).reminders_sent)).toHaveLength(2);
  });

  it("purges an ended consultation's chat after the retention period, once, and records it", async () => {
    const c = await book(14);
    const canceled = await book(15);
    const old = await book(16);
    await cleo.client.post(`/api/v1/consultations/${canceled.id}/cancel`, {});
    const messagesIn = async (roomId: string | null) =>
      (await app.db.kysely.selectFrom('messages').select('id').where('room_id', '=', roomId!).execute())
        .length;
    const before = await messagesIn(c.roomId);

    at(c, 0);
    await report(pat, c, 'joined');
    // With a file: the purge takes its row and its object too.
    const file = await uploaded(cleo.client, c.roomId!, 'notes.txt', Buffer.from('my notes'));
    await cleo.client.post(`/api/v1/rooms/${c.roomId}/messages`, {
      text: 'are you there?',
      clientMsgId: 'r1',
      attachments: [file.id],
    });
    expect(await app.services.objects.head(`files/${file.id}`)).not.toBeNull();
    at(c, 10 * MINUTE);
    await sweep();
    expect((await current(c)).status).toBe('no_show_client');
    expect(await messagesIn(c.roomId)).toBe(before + 2);
    const purgeAt = Date.parse((await row(c)).purge_at!);
    expect(purgeAt).toBe(clock.now().getTime() + 30 * DAY);

    // A consultation that ended without a purge time (before retention existed) gets one from its end.
    at(old, 10 * MINUTE);
    await sweep();
    await app.db.kysely
      .updateTable('consultations')
      .set({ purge_at: null })
      .where('id', '=', old.id)
      .execute();
    await sweep('consultation-retention');
    const oldRow = await row(old);
    expect(oldRow.purge_at).toBe(new Date(Date.parse(oldRow.ended_at!) + 30 * DAY).toISOString());

    clock.set(new Date(purgeAt - 1).toISOString());
    await sweep('consultation-retention');
    expect(await messagesIn(c.roomId)).toBe(before + 2);
    clock.set(new Date(purgeAt).toISOString());
    await sweep('consultation-retention');
    expect(await messagesIn(c.roomId)).toBe(0);
    expect(await row(c)).toMatchObject({ purged_at: clock.now().toISOString() });
    // (Cleo's session ran out in those 30 days: the row itself says the file is gone.)
    expect(
      await app.db.kysely.selectFrom('uploads').select('id').where('id', '=', file.id).execute(),
    ).toEqual([]);
    await expect.poll(() => app.services.objects.head(`files/${file.id}`)).toBeNull();
    // The canceled one's time (30 days from its cancellation) came earlier: purged too.
    expect((await row(canceled)).purged_at).not.toBeNull();
    clock.advance(HOUR);
    await sweep('consultation-retention');
    const purges = await app.db.kysely
      .selectFrom('consultation_purges')
      .selectAll()
      .where('consultation_id', 'in', [c.id, canceled.id])
      .orderBy('at')
      .execute();
    expect(purges.map((p) => [p.consultation_id, p.reason, p.messages, p.by_user_id])).toEqual([
      [canceled.id, 'retention', before, null],
      [c.id, 'retention', before + 2, null],
    ]);
  });

  it('acts once when two nodes sweep the same consultations at the same moment', async () => {
    const db = await createTestDb(kind);
    const env = { SMTP_URL: sink.url };
    const nodeA = await createTestAppOn(db, env, { clock });
    const nodeB = await createTestAppOn(db, env, { clock });
    try {
      const setup = await signedInUser(nodeA, { role: 'admin' });
      const [provider, client] = await signedInPeople(nodeA, 'pat', 'cleo');
      await makeProvider(setup, provider, openAvailability());
      for (const [p, email] of [
        [provider, 'node-pat@example.org'],
        [client, 'node-cleo@example.org'],
      ] as const) {
        await p.client.patch('/api/v1/me', { email });
      }
      const c = await bookConsultation(client, provider, hourAt(30));
      at(c, -15 * MINUTE);
      await Promise.all([sweep('consultations', nodeA), sweep('consultations', nodeB)]);
      expect(
        emailsAbout(c)
          .map((m) => m.envelopeTo[0])
          .sort(),
      ).toEqual(['node-cleo@example.org', 'node-pat@example.org']);
      at(c, 10 * MINUTE);
      await Promise.all([sweep('consultations', nodeA), sweep('consultations', nodeB)]);
      const history = await db.kysely
        .selectFrom('consultation_transitions')
        .select('to_status')
        .where('consultation_id', '=', c.id)
        .execute();
      expect(history.filter((h) => h.to_status === 'no_show_provider')).toHaveLength(1);
    } finally {
      await nodeA.close();
      await nodeB.close();
      await db.close();
    }
  });
});
