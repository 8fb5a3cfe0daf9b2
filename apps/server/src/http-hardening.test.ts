import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpAdmin } from './test/factories.js';
import { createTestApp, type TestApp, type TestClient } from './test/test-app.js';

/** Sends raw bytes (optionally a few at a time) and collects whatever the server answers. */
function rawExchange(port: number, chunks: string[], gapMs = 0): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (d) => (answer += d.toString('utf8')));
    socket.on('close', () => resolve(answer));
    socket.on('error', (err) => (answer ? resolve(answer) : reject(err)));
    let i = 0;
    const next = () => {
      if (i >= chunks.length || socket.destroyed) return;
      socket.write(chunks[i++]!);
      setTimeout(next, gapMs);
    };
    socket.on('connect', next);
  });
}

const parseAnswer = (raw: string) => {
  const [head = '', body = ''] = raw.split('\r\n\r\n');
  return {
    status: Number(head.split(' ')[1]),
    head,
    body: JSON.parse(body) as { error: { code: string; message: string } },
  };
};

describe('security headers', () => {
  let app: TestApp;
  let admin: TestClient;
  beforeAll(async () => {
    app = await createTestApp('sqlite');
    admin = (await setUpAdmin(app)).client;
  });
  afterAll(async () => app.close());

  it('sends a strict CSP, no framing, nosniff and no referrer on API answers', async () => {
    const res = await admin.get('/api/v1/me');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('lets the configured Jitsi deployment be framed and its IFrame API loaded, following settings changes', async () => {
    // A fresh install has no Jitsi domain yet: nothing but Parley itself may be framed.
    const before = String((await admin.get('/api/v1/instance')).headers['content-security-policy']);
    expect(before).toMatch(/frame-src 'self';/);
    expect(before).not.toContain('meet.jit.si');
    await admin.patch('/api/v1/admin/settings', { jitsi: { domain: 'video.example.org/acme' } });
    const after = String((await admin.get('/api/v1/instance')).headers['content-security-policy']);
    expect(after).toMatch(/frame-src 'self' https:\/\/video\.example\.org;/);
    expect(after).toMatch(/script-src 'self' https:\/\/video\.example\.org;/);
    expect(after).not.toContain('meet.jit.si');
  });

  it('serves avatars with nosniff and their own content type', async () => {
    await app.services.objects.put('avatars/x-0000000000000000.webp', Buffer.from('RIFF\0\0\0\0WEBP'), {
      contentType: 'image/webp',
    });
    const res = await admin.get('/avatars/x-0000000000000000.webp');
    expect(res.headers['content-type']).toBe('image/webp');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers a path outside the avatar folder as not found, in the error shape', async () => {
    for (const url of [
      '/avatars/..%2f..%2fparley.db',
      '/avatars/%2e%2e/secret.key',
      '/avatars/..%2fobjects%2favatars%2fx-0000000000000000.webp',
      '/avatars/x-0000000000000000.png',
    ]) {
      const res = await admin.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
  });
});

describe('HSTS with an https PUBLIC_URL', () => {
  it('is sent only then', async () => {
    const app = await createTestApp('sqlite', { PUBLIC_URL: 'https://chat.example.org' });
    try {
      const res = await app.app.inject({ method: 'GET', url: '/healthz' });
      expect(res.headers['strict-transport-security']).toMatch(/max-age=31536000/);
    } finally {
      await app.close();
    }
  });
});

describe('requests Node rejects before routing', () => {
  let app: TestApp;
  let port: number;
  beforeAll(async () => {
    app = await createTestApp('sqlite', { REQUEST_TIMEOUT_MS: '1000' });
    await app.app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.app.server.address() as AddressInfo).port;
  });
  afterAll(async () => app.close());

  it('answers malformed HTTP with 400 in the error shape', async () => {
    const answer = parseAnswer(await rawExchange(port, ['GARBAGE / NOT-HTTP\r\n\r\n']));
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('bad_request');
  });

  it('answers oversized headers with 431 in the error shape', async () => {
    const answer = parseAnswer(
      await rawExchange(port, [`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`]),
    );
    expect(answer.status).toBe(431);
    expect(answer.body.error.code).toBe('request_header_too_large');
  });

  it('answers a malformed URL in the error shape', async () => {
    const res = await app.app.inject({ method: 'GET', url: '/api/v1/users/%E0%A4%A' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'validation_failed', message: expect.any(String) });
  });

  it('cuts off a body sent a byte at a time', async () => {
    const head =
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n';
    // 60 of the 1,000 promised bytes, one every 200 ms: the 1 s request timeout ends it with a 408
    // (without the timeout the server would wait for the rest, and this test would time out).
    const raw = await rawExchange(port, [head, ...Array.from({ length: 60 }, () => '{')], 200);
    const answer = parseAnswer(raw);
    expect(answer.status).toBe(408);
    expect(answer.body.error.code).toBe('request_timeout');
  });
});
