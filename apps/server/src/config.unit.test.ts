import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('uses the embedded defaults: port 3000, SQLite under ./data, no Redis', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-config-'));
    try {
      const config = loadConfig({ DATA_DIR: dir });
      expect(config.http.port).toBe(3000);
      expect(config.http.publicUrl).toBe('http://localhost:3000');
      expect(config.database.url).toBe('sqlite:./data/parley.db');
      expect(config.redis).toBeNull();
      expect(config.auth.secureCookies).toBe(false);
      // A secret key is generated once and reused on the next start.
      expect(config.secretKey).toBe(readFileSync(join(dir, 'secret.key'), 'utf8').trim());
      expect(loadConfig({ DATA_DIR: dir }).secretKey).toBe(config.secretKey);
      expect(Object.isFrozen(config)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists every invalid variable at once, in words', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://db',
        PUBLIC_URL: 'ftp://x',
        SECRET_KEY: 'short',
        LOG_LEVEL: 'loud',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'DATABASE_URL', 'PUBLIC_URL', 'SECRET_KEY', 'LOG_LEVEL']) {
      expect(problems).toContain(name);
    }
    expect((error as ConfigError).message).toMatch(/^Parley cannot start/);
  });

  it('derives secure cookies and allowed origins from PUBLIC_URL and ALLOWED_ORIGINS', () => {
    const config = loadConfig({
      PUBLIC_URL: 'https://chat.example.org/',
      ALLOWED_ORIGINS: 'https://app.example.org, https://other.example.org/path',
      SECRET_KEY: 'k'.repeat(32),
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
    expect(config.http.publicUrl).toBe('https://chat.example.org');
    expect(config.auth.secureCookies).toBe(true);
    expect(config.http.allowedOrigins).toEqual([
      'https://chat.example.org',
      'https://app.example.org',
      'https://other.example.org',
    ]);
    expect(config.redis).toEqual({ url: 'redis://127.0.0.1:6379' });
  });

  it('refuses an empty or short secret.key instead of sealing secrets under a guessable key', () => {
    for (const content of ['', '\n', 'short-key\n']) {
      const dir = mkdtempSync(join(tmpdir(), 'parley-config-'));
      try {
        writeFileSync(join(dir, 'secret.key'), content);
        let error: unknown;
        try {
          loadConfig({ DATA_DIR: dir });
        } catch (err) {
          error = err;
        }
        expect(error, JSON.stringify(content)).toBeInstanceOf(ConfigError);
        expect((error as ConfigError).message).toMatch(
          /^Parley cannot start: SECRET_KEY: .*secret\.key holds/,
        );
        expect((error as ConfigError).message.split('\n')).toHaveLength(1);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  it('writes a generated key 0600 with no temporary file left behind, and says so', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-config-'));
    try {
      const config = loadConfig({ DATA_DIR: dir });
      expect(config.secretKey.length).toBeGreaterThanOrEqual(32);
      expect(statSync(join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
      expect(readdirSync(dir)).toEqual(['secret.key']);
      expect(config.notices.join('\n')).toContain('generated a new secret key');
      expect(loadConfig({ DATA_DIR: dir }).notices).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an empty sqlite: path and warns about an explicit in-memory database', () => {
    expect(() => loadConfig({ DATABASE_URL: 'sqlite:', SECRET_KEY: 'k'.repeat(32) })).toThrow(
      /sqlite: needs a file path/,
    );
    const memory = loadConfig({ DATABASE_URL: 'sqlite::memory:', SECRET_KEY: 'k'.repeat(32) });
    expect(memory.notices.join('\n')).toMatch(/all data is lost on restart/);
  });

  it('names ALLOWED_ORIGINS entries that are not URLs instead of crashing', () => {
    expect(() =>
      loadConfig({ ALLOWED_ORIGINS: 'https://ok.example, not a url', SECRET_KEY: 'k'.repeat(32) }),
    ).toThrow(/ALLOWED_ORIGINS: must be a comma-separated list/);
  });
  it('keeps objects in DATA_DIR/objects by default and in an S3 bucket with STORAGE=s3', () => {
    const local = loadConfig({ SECRET_KEY: 'k'.repeat(32) });
    expect(local.storage.s3).toBeNull();
    expect(local.storage.objectsDir).toMatch(/[/\\]objects$/);

    const s3 = loadConfig({
      SECRET_KEY: 'k'.repeat(32),
      STORAGE: 's3',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_BUCKET: 'parley-files',
      S3_ACCESS_KEY_ID: 'test:tester',
      S3_SECRET_ACCESS_KEY: 'the-s3-secret',
      S3_FORCE_PATH_STYLE: 'true',
    });
    expect(s3.storage.s3).toEqual({
      endpoint: 'http://127.0.0.1:9000',
      bucket: 'parley-files',
      region: 'us-east-1',
      accessKeyId: 'test:tester',
      secretAccessKey: 'the-s3-secret',
      forcePathStyle: true,
    });
    // AWS itself: no endpoint, virtual-hosted bucket names.
    const aws = loadConfig({
      SECRET_KEY: 'k'.repeat(32),
      STORAGE: 's3',
      S3_BUCKET: 'parley-files',
      S3_REGION: 'eu-central-1',
      S3_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      S3_SECRET_ACCESS_KEY: 'the-s3-secret',
    }).storage.s3;
    expect(aws).toMatchObject({ endpoint: null, region: 'eu-central-1', forcePathStyle: false });
  });

  it('names every S3 variable STORAGE=s3 lacks or cannot use, never a value', () => {
    let error: unknown;
    try {
      loadConfig({ SECRET_KEY: 'k'.repeat(32), STORAGE: 's3', S3_SECRET_ACCESS_KEY: 'the-s3-secret' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toEqual([
      expect.stringMatching(/^S3_BUCKET: STORAGE=s3 needs it/),
      expect.stringMatching(/^S3_ACCESS_KEY_ID: STORAGE=s3 needs it/),
    ]);
    expect(() =>
      loadConfig({
        SECRET_KEY: 'k'.repeat(32),
        STORAGE: 'gcs',
        S3_ENDPOINT: 'ftp://files',
        S3_BUCKET: 'Not A Bucket',
        S3_FORCE_PATH_STYLE: 'maybe',
        S3_SECRET_ACCESS_KEY: 'the-s3-secret',
      }),
    ).toThrow(/STORAGE[\s\S]*S3_ENDPOINT[\s\S]*S3_BUCKET[\s\S]*S3_FORCE_PATH_STYLE/);
    expect(() =>
      loadConfig({ SECRET_KEY: 'k'.repeat(32), STORAGE: 'gcs', S3_SECRET_ACCESS_KEY: 'the-s3-secret' }),
    ).toThrow(expect.objectContaining({ message: expect.not.stringContaining('the-s3-secret') }));
  });
});
