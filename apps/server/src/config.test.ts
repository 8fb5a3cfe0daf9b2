import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
});
