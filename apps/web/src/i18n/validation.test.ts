import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DisplayNameSchema, LoginRequestSchema, PasswordSchema } from '@parley/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { validate } from '../lib/forms';
import { i18n } from './index';
import { SCHEMA_MESSAGES, TEXT_FIELDS } from './validation';

afterEach(async () => {
  await i18n.changeLanguage('en');
});

const sharedSources = () => {
  const folder = join(__dirname, '../../../../packages/shared/src');
  return readdirSync(folder)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => readFileSync(join(folder, f), 'utf8'))
    .join('\n');
};

describe('form validation in the interface language', () => {
  it('knows only messages the shared schemas really have (the table follows their wording)', () => {
    const sources = sharedSources();
    for (const message of Object.keys(SCHEMA_MESSAGES)) expect(sources, message).toContain(`'${message}'`);
    for (const what of Object.keys(TEXT_FIELDS)) expect(sources, what).toContain(`humanTextSchema('${what}'`);
  });

  it('gives a schema’s own message in Ukrainian and German, and unchanged in English', async () => {
    const form = { username: '', password: 'x' };
    expect(validate(LoginRequestSchema, form)).toEqual({
      ok: false,
      errors: { username: 'Enter your username' },
    });
    await i18n.changeLanguage('uk');
    expect(validate(LoginRequestSchema, form)).toEqual({
      ok: false,
      errors: { username: 'Введіть ім’я користувача' },
    });
    await i18n.changeLanguage('de');
    expect(validate(z.object({ password: PasswordSchema }), { password: 'short' })).toEqual({
      ok: false,
      errors: { password: 'Passwörter haben mindestens 10 Zeichen' },
    });
  });

  it('names the field of a text rule and counts its limit in the language’s plural', async () => {
    const schema = z.object({ displayName: DisplayNameSchema });
    await i18n.changeLanguage('uk');
    expect(validate(schema, { displayName: 'x'.repeat(65) })).toEqual({
      ok: false,
      errors: { displayName: 'Відображуване ім’я: щонайбільше 64 символи' },
    });
    expect(validate(schema, { displayName: '  ' })).toEqual({
      ok: false,
      errors: { displayName: 'Відображуване ім’я: заповніть це поле' },
    });
  });

  it('gives zod’s own messages (no wording in the schema) in the interface language', async () => {
    const schema = z.object({ code: z.string().max(3) });
    const english = validate(schema, { code: 'abcd' });
    await i18n.changeLanguage('de');
    const german = validate(schema, { code: 'abcd' });
    expect(english.ok || german.ok).toBe(false);
    if (english.ok || german.ok) return;
    expect(english.errors.code).toMatch(/Too big/);
    expect(german.errors.code).toMatch(/Zu groß/);
  });
});
