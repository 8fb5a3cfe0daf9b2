import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { setUpAdmin, TEST_PASSWORD, uniqueUsername } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { startSmtpSink, type SmtpSink, type SunkMessage } from '../../test/smtp-sink.js';
import { createTestApp, TEST_ORIGIN, TestClient, type TestApp } from '../../test/test-app.js';

const HOUR = 60 * 60_000;
const LINK = /http:\/\/localhost:3000\/reset-password#token=([\w-]{43})/;

/** "Forgot password?" with a real SMTP server receiving the mail (issue 18, item 4). */
describe.each(DATABASE_KINDS)('forgot password by e-mail (%s)', (kind) => {
  const clock = fixedClock('2026-11-23T10:00:00.000Z');
  let sink: SmtpSink;
  let app: TestApp;
  let admin: TestClient;
  let adminUsername: string;

  beforeAll(async () => {
    sink = await startSmtpSink();
    app = await createTestApp(
      kind,
      { SMTP_URL: sink.url, MAIL_FROM: 'Parley <parley@example.org>' },
      { clock },
    );
    adminUsername = uniqueUsername('admin');
    admin = (await setUpAdmin(app, adminUsername)).client;
  });
  afterAll(async () => {
    await app.close();
    await sink.close();
  });

  /** Each test starts on a whole hour of its own, so per-hour counts begin afresh. */
  const nextHour = () =>
    clock.set(new Date((Math.floor(clock.now().getTime() / HOUR) + 1) * HOUR).toISOString());
  /** Each request from an address of its own unless one is given, so the per-address limit stays out of the way. */
  const forgot = (usernameOrEmail: unknown, remoteAddress = `192.0.2.${randomBytes(1)[0]}`) =>
    app.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-forgot',
      headers: { origin: TEST_ORIGIN },
      payload: { usernameOrEmail } as Record<string, unknown>,
      remoteAddress,
    });
  const person = async (options: { email?: string | null; role?: 'admin' | 'user' } = {}) => {
    const username = uniqueUsername('ada');
    const email = options.email === null ? undefined : (options.email ?? `${username}@example.org`);
    const user = await app.services.auth.createUser({
      username,
      displayName: 'Ada Lovelace',
      password: TEST_PASSWORD,
      email,
      role: options.role ?? 'user',
    });
    return { id: user.id, username, email: email ?? null };
  };
  const mailTo = async (address: string) => {
    await app.services.passwordForgot.settled();
    return sink.messages.filter((m) => m.envelopeTo.some((to) => to.toLowerCase() === address.toLowerCase()));
  };
  const tokenOf = (message: SunkMessage) => LINK.exec(message.text)![1]!;
  const inspect = (token: string) =>
    new TestClient(app).post('/api/v1/auth/password-reset/inspect', { token });

  it("writes the mail in the account holder's language, whatever language asked for it", async () => {
    const expected = {
      en: {
        subject: 'Reset your password on Parley',
        line: 'It works once, for 1 hour',
        button: 'Choose a new password',
      },
      uk: {
        subject: 'Скидання пароля в Parley',
        line: 'Воно спрацює один раз протягом 1 години',
        button: 'Вибрати новий пароль',
      },
      de: {
        subject: 'Passwort zurücksetzen bei Parley',
        line: 'Er funktioniert einmal und 1 Stunde lang',
        button: 'Neues Passwort wählen',
      },
    } as const;
    for (const locale of ['en', 'uk', 'de'] as const) {
      nextHour();
      const ada = await person();
      const client = new TestClient(app);
      await client.post('/api/v1/auth/login', { username: ada.username, password: TEST_PASSWORD });
      expect((await client.patch('/api/v1/me', { locale })).statusCode).toBe(200);
      // Asked from a browser in another language: the mail still follows the account.
      const res = await app.app.inject({
        method: 'POST',
        url: '/api/v1/auth/password-forgot',
        headers: { origin: TEST_ORIGIN, 'accept-language': locale === 'de' ? 'uk' : 'de' },
        payload: { usernameOrEmail: ada.username },
        remoteAddress: `198.51.100.${randomBytes(1)[0]}`,
      });
      expect(res.statusCode).toBe(202);
      const [message] = await mailTo(ada.email!);
      expect(message!.subject).toBe(expected[locale].subject);
      expect(message!.headers['content-language']).toBe(locale);
      expect(message!.text).toContain(expected[locale].line);
      expect(message!.text).toContain(`${ada.username}`);
      expect(message!.html).toContain(`<html lang="${locale}">`);
      expect(message!.html).toContain(expected[locale].button);
      expect(tokenOf(message!)).toHaveLength(43);
    }
  });

  it('mails a one-time link, as text and HTML, to the reset page; the answer says nothing', async () => {
    nextHour();
    const ada = await person();
    const res = await forgot(ada.username);
    expect(res.statusCode).toBe(202);
    expect(res.body).toBe('');

    const [message, ...more] = await mailTo(ada.email!);
    expect(more).toEqual([]);
    expect(message!.headers.from).toBe('Parley <parley@example.org>');
    expect(message!.subject).toBe('Reset your password on Parley');
    expect(message!.text).toContain('Hello Ada Lovelace,');
    expect(message!.text).toContain(`your account "${ada.username}"`);
    expect(message!.text).toContain('It works once, for 1 hour');
    expect(message!.text).toContain('If you did not ask for this');
    const token = tokenOf(message!);
    expect(message!.html).toContain(`<a href="http://localhost:3000/reset-password#token=${token}"`);
    expect(message!.html).toContain('Choose a new password');
    expect(message!.html).toContain('your account &quot;');

    expect((await inspect(token)).json()).toMatchObject({
      username: ada.username,
      displayName: 'Ada Lovelace',
    });
    const browser = new TestClient(app);
    const done = await browser.post('/api/v1/auth/password-reset', {
      token,
      newPassword: 'a brand new password',
    });
    expect(done.statusCode).toBe(200);
    expect((await browser.get('/api/v1/me')).json().user.username).toBe(ada.username);
    const again = await new TestClient(app).post('/api/v1/auth/password-reset', {
      token,
      newPassword: 'yet another password',
    });
    expect(again.statusCode).toBe(404);
    const login = await new TestClient(app).post('/api/v1/auth/login', {
      username: ada.username,
      password: 'a brand new password',
    });
    expect(login.statusCode).toBe(200);
  });

  it('answers an unknown account exactly like a known one, and mails nobody', async () => {
    nextHour();
    const ada = await person();
    const before = sink.messages.length;
    const known = await forgot(ada.username);
    await mailTo(ada.email!);
    const afterKnown = sink.messages.length;
    const unknownName = await forgot('nobody-here');
    const unknownMail = await forgot('nobody@example.org');
    await app.services.passwordForgot.settled();
    expect(afterKnown).toBe(before + 1);
    expect(sink.messages.length).toBe(afterKnown);
    for (const res of [unknownName, unknownMail]) {
      expect(res.statusCode).toBe(known.statusCode);
      expect(res.body).toBe(known.body);
      expect(res.headers['content-type']).toBe(known.headers['content-type']);
      expect(res.headers['content-length']).toBe(known.headers['content-length']);
    }
  });

  it('expires the link after 1 hour', async () => {
    nextHour();
    const ada = await person();
    await forgot(ada.username);
    const token = tokenOf((await mailTo(ada.email!))[0]!);
    clock.advance(HOUR - 1000);
    expect((await inspect(token)).statusCode).toBe(200);
    clock.advance(2000);
    expect((await inspect(token)).statusCode).toBe(404);
    const late = await new TestClient(app).post('/api/v1/auth/password-reset', {
      token,
      newPassword: 'too late for this',
    });
    expect(late.statusCode).toBe(404);
  });

  it('finds the account by e-mail in any case; a new link replaces the old one', async () => {
    nextHour();
    const ada = await person({ email: `Ada.${uniqueUsername('x')}@Example.org` });
    await forgot(ada.email!.toUpperCase());
    // Mails go out in the background: the first must arrive before the second is sent, or the sink
    // may receive them in either order.
    expect(await mailTo(ada.email!)).toHaveLength(1);
    await forgot(`  ${ada.email!.toLowerCase()} `);
    const [first, second] = await mailTo(ada.email!);
    expect((await inspect(tokenOf(first!))).statusCode).toBe(404);
    expect((await inspect(tokenOf(second!))).statusCode).toBe(200);
  });

  it('keeps administrators’ links at 24 hours', async () => {
    nextHour();
    const ada = await person();
    const made = await admin.post(`/api/v1/admin/users/${ada.id}/password-reset`);
    expect(made.json().expiresAt).toBe(new Date(clock.now().getTime() + 24 * HOUR).toISOString());
  });

  it('sends one account at most 3 links an hour; past that, silently nothing', async () => {
    nextHour();
    const ada = await person();
    for (let i = 0; i < 5; i++) expect((await forgot(ada.username)).statusCode).toBe(202);
    const sent = await mailTo(ada.email!);
    expect(sent).toHaveLength(3);
    // The third link is still the one that works: the held-back requests replaced nothing.
    expect((await inspect(tokenOf(sent[2]!))).statusCode).toBe(200);
    nextHour();
    await forgot(ada.username);
    expect(await mailTo(ada.email!)).toHaveLength(4);
  });

  it('sends nothing for a deactivated account or one without an e-mail address', async () => {
    nextHour();
    const gone = await person();
    expect((await admin.patch(`/api/v1/admin/users/${gone.id}`, { active: false })).statusCode).toBe(200);
    const before = sink.messages.length;
    const noMail = await person({ email: null });
    expect((await forgot(gone.username)).statusCode).toBe(202);
    expect((await forgot(gone.email!)).statusCode).toBe(202);
    expect((await forgot(noMail.username)).statusCode).toBe(202);
    await app.services.passwordForgot.settled();
    expect(sink.messages.length).toBe(before);
  });

  it('with password sign-in off, mails only the break-glass administrators', async () => {
    nextHour();
    const ada = await person();
    const glass = await person({ role: 'admin' });
    const otherAdmin = await person({ role: 'admin' });
    await app.services.settings.update({
      security: { passwordSignIn: false, breakGlassAdmins: [glass.username] },
    });
    try {
      await forgot(ada.username);
      await forgot(glass.username);
      await forgot(otherAdmin.username);
      expect(await mailTo(ada.email!)).toHaveLength(0);
      expect(await mailTo(otherAdmin.email!)).toHaveLength(0);
      expect(await mailTo(glass.email!)).toHaveLength(1);
    } finally {
      await app.services.settings.update({ security: { passwordSignIn: true, breakGlassAdmins: [] } });
    }
  });

  it('limits requests per address and refuses foreign origins', async () => {
    nextHour();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await forgot(`someone${i}`, '198.51.100.7')).statusCode);
    expect(statuses.slice(0, 10).every((s) => s === 202)).toBe(true);
    expect(statuses[10]).toBe(429);
    const foreign = await app.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-forgot',
      headers: { origin: 'https://evil.example' },
      payload: { usernameOrEmail: adminUsername },
      remoteAddress: '198.51.100.8',
    });
    expect(foreign.statusCode).toBe(403);
  });
});

describe.each(DATABASE_KINDS)('forgot password without SMTP_URL (%s)', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp(kind);
  });
  afterAll(async () => app.close());

  it('still answers 202 and makes no link', async () => {
    const username = uniqueUsername('ada');
    await app.services.auth.createUser({
      username,
      displayName: 'Ada',
      password: TEST_PASSWORD,
      email: `${username}@example.org`,
      role: 'user',
    });
    const res = await new TestClient(app).post('/api/v1/auth/password-forgot', { usernameOrEmail: username });
    expect(res.statusCode).toBe(202);
    await app.services.passwordForgot.settled();
    const links = await app.db.kysely.selectFrom('password_resets').selectAll().execute();
    expect(links).toEqual([]);
    expect((await new TestClient(app).get('/api/v1/instance')).json().passwordReset).toBe(false);
  });
});
