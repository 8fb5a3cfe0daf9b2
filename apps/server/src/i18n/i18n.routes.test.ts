import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../test/databases.js';
import { signedInUser, TEST_PASSWORD, uniqueUsername } from '../test/factories.js';
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

  it('gives a caller-worded error the code’s general message in other languages', async () => {
    const en = await new TestClient(app).get('/api/v1/no-such-thing');
    expect(en.statusCode).toBe(404);
    expect(en.json().error).toEqual({
      code: 'not_found',
      message: 'GET /api/v1/no-such-thing does not exist',
    });
    const uk = await new TestClient(app).get('/api/v1/no-such-thing', { 'accept-language': 'uk' });
    expect(uk.json().error).toEqual({
      code: 'not_found',
      message: 'Цього не існує або ви не маєте до нього доступу',
    });
    expect(uk.headers['content-language']).toBe('uk');
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
