import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInUser } from './test/factories.js';
import { createTestApp, type TestApp } from './test/test-app.js';
import { redactUrl } from './logger.js';

describe('log redaction', () => {
  let app: TestApp;
  let lines: string[];
  beforeAll(async () => {
    lines = [];
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
    app = await createTestApp('sqlite', {}, { logStream: stream });
  });
  afterAll(async () => app.close());

  it('redacts jwt and token query parameters but keeps the rest of the URL', () => {
    expect(redactUrl('/call?jwt=eyJhbGciOi.abc.def&room=x')).toBe('/call?jwt=[REDACTED]&room=x');
    expect(redactUrl('/x?a=1&token=prl_secret#frag')).toBe('/x?a=1&token=[REDACTED]#frag');
    expect(redactUrl('/plain/path')).toBe('/plain/path');
    expect(redactUrl('/api/v1/auth/oidc/p1/callback?code=abc123&state=xyz&iss=https%3A%2F%2Fid')).toBe(
      '/api/v1/auth/oidc/p1/callback?code=[REDACTED]&state=[REDACTED]&iss=https%3A%2F%2Fid',
    );
  });

  it('never writes cookies, authorization headers, passwords or JWTs to the log', async () => {
    const { client } = await signedInUser(app, { username: 'logged' });
    await client.post('/api/v1/auth/login', { username: 'logged', password: 'wrong-password-123' });
    await client.get('/api/v1/me?jwt=eyJhbGciOiJIUzI1NiJ9.payload.signature');
    await app.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: 'Bearer prl_super_secret_value' },
    });
    const { secret } = (await client.post('/api/v1/me/tokens', { name: 'log test' })).json();

    const all = lines.join('\n');
    expect(lines.length).toBeGreaterThan(5);
    expect(all).toContain('/api/v1/me?jwt=[REDACTED]');
    expect(all).not.toContain('eyJhbGciOiJIUzI1NiJ9');
    expect(all).not.toContain('prl_super_secret_value');
    expect(all).not.toContain(secret);
    expect(all).not.toContain('wrong-password-123');
    for (const value of Object.values(client.cookies)) expect(all).not.toContain(value);
  });

  it('never writes the S3 secret key, wherever its settings end up in a log line', () => {
    lines.length = 0;
    app.app.log.info(
      {
        s3: { bucket: 'b', secretAccessKey: 's3-secret-value' },
        env: { S3_SECRET_ACCESS_KEY: 's3-secret-env' },
      },
      'storage settings',
    );
    const all = lines.join('\n');
    expect(all).toContain('storage settings');
    expect(all).not.toContain('s3-secret-value');
    expect(all).not.toContain('s3-secret-env');
  });

  it('writes one line per request and none for health checks at info', async () => {
    lines.length = 0;
    await app.app.inject({ method: 'GET', url: '/healthz' });
    await app.app.inject({ method: 'GET', url: '/readyz' });
    await app.app.inject({ method: 'GET', url: '/api/v1/instance' });
    const parsed = lines.map((l) => JSON.parse(l) as { url?: string; status?: number; msg: string });
    expect(parsed.filter((l) => l.url === '/healthz' || l.url === '/readyz')).toEqual([]);
    const instance = parsed.filter((l) => JSON.stringify(l).includes('/api/v1/instance'));
    expect(instance).toHaveLength(1);
    expect(instance[0]).toMatchObject({ msg: 'request', status: 200 });
  });
});

describe('request logging switched off', () => {
  it('LOG_REQUESTS=false writes no request lines', async () => {
    const lines: string[] = [];
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
    const quiet = await createTestApp('sqlite', { LOG_REQUESTS: 'false' }, { logStream: stream });
    try {
      await quiet.app.inject({ method: 'GET', url: '/api/v1/instance' });
      expect(lines.filter((l) => l.includes('/api/v1/instance'))).toEqual([]);
    } finally {
      await quiet.close();
    }
  });
});
