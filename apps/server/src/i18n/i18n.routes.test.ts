import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSULTATION_STATUSES } from '@parley/shared';
import { DATABASE_KINDS } from '../test/databases.js';
import { signedInUser, TEST_PASSWORD, uniqueUsername } from '../test/factories.js';
import { makeProvider, openAvailability } from '../test/consultations.js';
import { createTestApp, TestClient, type TestApp } from '../test/test-app.js';

describe.each(DATABASE_KINDS)('languages of answers and PATCH /me { locale } (%s)', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp(kind);
  });
  afterAll(async () => app.close());

  it('answers the same bad request in English, Ukrainian and German: one code, three messages', async () => {
    const username = uniqueUsername();
    await app.services.auth.createUser({
      username,
      displayName: 'Ada',
      password: TEST_PASSWORD,
      role: 'user',
    });
    const answers = [];
    for (const language of ['en-US,en;q=0.9', 'uk-UA,uk;q=0.9,en;q=0.5', 'de-DE,de;q=0.9']) {
      const res = await new TestClient(app).post(
        '/api/v1/auth/login',
        { username, password: 'not the password at all' },
        { 'accept-language': language },
      );
      expect(res.statusCode).toBe(401);
      answers.push({ language: res.headers['content-language'], error: res.json().error });
    }
    expect(answers).toEqual([
      {
        language: 'en',
        error: { code: 'invalid_credentials', message: 'The username or password is wrong' },
      },
      {
        language: 'uk',
        error: { code: 'invalid_credentials', message: 'Неправильне ім’я користувача або пароль' },
      },
      {
        language: 'de',
        error: { code: 'invalid_credentials', message: 'Benutzername oder Passwort ist falsch' },
      },
    ]);
  });

  it('fills values into translated messages and localizes schema failures at the top level', async () => {
    const { client } = await signedInUser(app);
    const taken = (await client.get('/api/v1/me')).json().user.username as string;
    const admin = await signedInUser(app, { role: 'admin' });
    const body = { username: taken, displayName: 'Twin', password: TEST_PASSWORD };
    const de = await admin.client.post('/api/v1/admin/users', body, { 'accept-language': 'de' });
    expect(de.statusCode).toBe(409);
    expect(de.json().error).toEqual({
      code: 'username_taken',
      message: `Der Benutzername „${taken}“ ist vergeben`,
    });
    const en = await admin.client.post('/api/v1/admin/users', body);
    expect(en.json().error.message).toBe(`The username "${taken}" is taken`);

    const bad = await client.patch('/api/v1/me', { locale: 'fr' }, { 'accept-language': 'uk' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-language']).toBe('uk');
    expect(bad.json().error.code).toBe('validation_failed');
    expect(bad.json().error.message).toMatch(/^Запит недійсний \(body\): body\.locale: /);
    // The schema's own detail stays as the schema wrote it.
    expect(bad.json().error.details).toEqual([
      { path: 'body.locale', message: 'Choose one of en, uk or de' },
    ]);
  });

  /** The same request in English, Ukrainian and German: the code, and each answer's message. */
  const inEachLanguage = async (
    ask: (headers: Record<string, string>) => Promise<LightMyRequestResponse>,
  ) => {
    const answers = [];
    for (const language of ['en', 'uk-UA,uk;q=0.9', 'de-DE,de;q=0.9']) {
      const res = await ask({ 'accept-language': language });
      answers.push({
        status: res.statusCode,
        language: res.headers['content-language'],
        ...res.json().error,
      });
    }
    return answers;
  };

  it('answers an error its call site worded with that specific message, translated', async () => {
    // notFound('…'): what does not exist, named.
    expect(await inEachLanguage((h) => new TestClient(app).get('/api/v1/no-such-thing', h))).toEqual([
      { status: 404, language: 'en', code: 'not_found', message: 'GET /api/v1/no-such-thing does not exist' },
      { status: 404, language: 'uk', code: 'not_found', message: 'GET /api/v1/no-such-thing не існує' },
      {
        status: 404,
        language: 'de',
        code: 'not_found',
        message: 'GET /api/v1/no-such-thing existiert nicht',
      },
    ]);

    // A conflict.
    const admin = await signedInUser(app, { role: 'admin' });
    const deactivateSelf = (h: Record<string, string>) =>
      admin.client.patch(`/api/v1/admin/users/${admin.user.id}`, { active: false }, h);
    expect(await inEachLanguage(deactivateSelf)).toEqual([
      {
        status: 409,
        language: 'en',
        code: 'conflict',
        message: 'You cannot deactivate your own account; ask another administrator',
      },
      {
        status: 409,
        language: 'uk',
        code: 'conflict',
        message: 'Ви не можете деактивувати власний обліковий запис; зверніться до іншого адміністратора',
      },
      {
        status: 409,
        language: 'de',
        code: 'conflict',
        message:
          'Sie können Ihr eigenes Konto nicht deaktivieren; bitten Sie einen anderen Administrator darum',
      },
    ]);

    // A validation failure with its own message (and a value in it); the field's detail follows.
    const { client } = await signedInUser(app);
    const unknownStatus = await inEachLanguage((h) => client.get('/api/v1/consultations?status=someday', h));
    const statuses = CONSULTATION_STATUSES.join(', ');
    expect(unknownStatus.map(({ status, code, message }) => ({ status, code, message }))).toEqual([
      { status: 400, code: 'validation_failed', message: `Unknown status "someday"; use ${statuses}` },
      {
        status: 400,
        code: 'validation_failed',
        message: `Невідомий статус «someday»; використовуйте ${statuses}`,
      },
      {
        status: 400,
        code: 'validation_failed',
        message: `Unbekannter Status „someday“; verwenden Sie ${statuses}`,
      },
    ]);
    expect(unknownStatus[1]!.details).toEqual([{ path: 'status', message: unknownStatus[1]!.message }]);

    // slot_unavailable: a provider not taking bookings, named.
    const provider = await signedInUser(app);
    await makeProvider(admin, provider, openAvailability(), { accepting: false });
    const start = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 2 * 86_400_000).toISOString();
    const book = (h: Record<string, string>) =>
      client.post('/api/v1/consultations', { providerId: provider.user.id, start }, h);
    const name = provider.user.displayName;
    expect(await inEachLanguage(book)).toEqual([
      {
        status: 422,
        language: 'en',
        code: 'slot_unavailable',
        message: `${name} is not taking new bookings right now`,
      },
      {
        status: 422,
        language: 'uk',
        code: 'slot_unavailable',
        message: `${name} зараз не приймає нових записів`,
      },
      {
        status: 422,
        language: 'de',
        code: 'slot_unavailable',
        message: `${name} nimmt derzeit keine neuen Buchungen an`,
      },
    ]);
  });

  it('stores, returns and resets the language; the person’s choice wins over Accept-Language', async () => {
    const { client } = await signedInUser(app);
    expect((await client.get('/api/v1/me')).json().user.locale).toBeNull();
    const set = await client.patch('/api/v1/me', { locale: 'uk' });
    expect(set.statusCode).toBe(200);
    expect(set.json().user.locale).toBe('uk');
    expect((await client.get('/api/v1/me')).json().user.locale).toBe('uk');

    const refused = await client.post('/api/v1/rooms', { name: '' }, { 'accept-language': 'de-DE,de' });
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['content-language']).toBe('uk');
    expect(refused.json().error.message).toMatch(/^Запит недійсний/);

    const german = await client.patch('/api/v1/me', { locale: 'de' });
    expect(german.json().user.locale).toBe('de');
    const again = await client.post('/api/v1/rooms', { name: '' }, { 'accept-language': 'uk' });
    expect(again.headers['content-language']).toBe('de');
    expect(again.json().error.message).toMatch(/^Die Anfrage ist ungültig/);

    const reset = await client.patch('/api/v1/me', { locale: null });
    expect(reset.json().user.locale).toBeNull();
    const browser = await client.post('/api/v1/rooms', { name: '' }, { 'accept-language': 'uk' });
    expect(browser.headers['content-language']).toBe('uk');
    const plain = await client.post('/api/v1/rooms', { name: '' });
    expect(plain.headers['content-language']).toBe('en');
    expect(plain.json().error.message).toMatch(/^The body is not valid: /);
  });

  it('refuses a language Parley does not ship and leaves the stored one', async () => {
    const { client } = await signedInUser(app);
    await client.patch('/api/v1/me', { locale: 'de' });
    for (const locale of ['fr', 'EN', '', 42, 'uk-UA']) {
      const res = await client.patch('/api/v1/me', { locale });
      expect(res.statusCode, JSON.stringify(locale)).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
    }
    expect((await client.get('/api/v1/me')).json().user.locale).toBe('de');
  });
});
