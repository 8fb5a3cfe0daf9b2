import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';
import { startSmtpSink, type SmtpSink } from '../test/smtp-sink.js';
import { createSmtpMailer } from './smtp.mailer.js';

const SECRET_KEY = 'test-secret-key-that-is-long-enough-000';

describe('mail configuration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-mail-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const load = (env: Record<string, string>) => loadConfig({ DATA_DIR: dir, SECRET_KEY, ...env });
  const problemsOf = (env: Record<string, string>) => {
    try {
      load(env);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as ConfigError).problems;
    }
    throw new Error('the configuration was accepted');
  };

  it('sends no email without SMTP_URL, and has a default sender', () => {
    expect(load({}).mail).toEqual({ smtpUrl: null, from: 'Parley <parley@localhost>' });
  });

  it('takes smtp:// and smtps:// URLs with credentials and options, and a sender in either form', () => {
    expect(load({ SMTP_URL: 'smtps://me:p%40ss@mail.example.org:465?pool=true' }).mail.smtpUrl).toBe(
      'smtps://me:p%40ss@mail.example.org:465?pool=true',
    );
    expect(load({ MAIL_FROM: 'care@example.org' }).mail.from).toBe('care@example.org');
    expect(load({ MAIL_FROM: 'Care Team <care@example.org>' }).mail.from).toBe(
      'Care Team <care@example.org>',
    );
  });

  it('refuses a bad SMTP_URL or MAIL_FROM in one readable line, without echoing the password', () => {
    for (const bad of ['mail.example.org', 'http://mail.example.org', 'smtp://', 'smtp://user:hunter2@']) {
      const problems = problemsOf({ SMTP_URL: bad });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/);
      expect(problems[0]).not.toContain('hunter2');
    }
    const problems = problemsOf({ MAIL_FROM: 'Parley' });
    expect(problems[0]).toMatch(/^MAIL_FROM: must be an address/);
    let message = '';
    try {
      load({ SMTP_URL: 'ftp://x' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toBe(
      'Parley cannot start: SMTP_URL: must be an smtp:// or smtps:// URL with a host, such as smtp://user:password@mail.example.org:587',
    );
  });
});

describe('SMTP mailer', () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(async () => sink.close());

  it('delivers a plain-text message to a real SMTP server, non-ASCII text intact', async () => {
    const mailer = createSmtpMailer(sink.url, 'Parley <parley@example.org>');
    try {
      await mailer.send({
        to: 'zoë@example.org',
        subject: 'Reminder: your consultation with Dr Ĳsbrand starts in 15 minutes',
        text: `Hello Zoë,\n\nIt starts at 09:00 UTC.\n${'long line '.repeat(20)}\n`,
      });
      const message = await sink.next();
      expect(message.envelopeTo).toEqual(['zoë@example.org']);
      expect(message.envelopeFrom).toBe('parley@example.org');
      expect(message.headers.from).toBe('Parley <parley@example.org>');
      expect(message.subject).toBe('Reminder: your consultation with Dr Ĳsbrand starts in 15 minutes');
      expect(message.text).toContain('Hello Zoë,');
      expect(message.text).toContain('It starts at 09:00 UTC.');
      expect(message.text).toContain('long line '.repeat(20).trim());
    } finally {
      mailer.close();
    }
  });

  it('rejects when the server cannot be reached', async () => {
    const mailer = createSmtpMailer('smtp://127.0.0.1:1', 'parley@example.org');
    try {
      await expect(mailer.send({ to: 'a@example.org', subject: 'x', text: 'x' })).rejects.toThrow();
    } finally {
      mailer.close();
    }
  });
});
