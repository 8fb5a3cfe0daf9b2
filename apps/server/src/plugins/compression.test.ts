import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { Room } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRoom, setUpAdmin } from '../test/factories.js';
import { connectSocket, listening } from '../test/sockets.js';
import { createTestApp, type TestApp, type TestClient } from '../test/test-app.js';
import { COMPRESSION_THRESHOLD_BYTES } from './compression.js';

/** A built web app in miniature: one asset with the build's `.br` beside it, one without. */
function fakeDist(): string {
  const dist = mkdtempSync(join(tmpdir(), 'parley-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
  const js = Buffer.from(`console.info(${JSON.stringify('precompressed '.repeat(400))});`);
  writeFileSync(join(dist, 'assets', 'app-1.js'), js);
  writeFileSync(join(dist, 'assets', 'app-1.js.br'), brotliCompressSync(js));
  writeFileSync(join(dist, 'assets', 'plain-1.js'), `console.info(${JSON.stringify('plain '.repeat(800))});`);
  return dist;
}

describe('compressed answers', () => {
  let app: TestApp;
  let dist: string;
  let admin: TestClient;
  let room: Room;

  beforeAll(async () => {
    dist = fakeDist();
    app = await createTestApp('sqlite', { WEB_DIST: dist });
    admin = (await setUpAdmin(app)).client;
    room = await createRoom(admin, { type: 'channel', name: 'compression' });
    for (let i = 1; i <= 50; i++) {
      const sent = await admin.post(`/api/v1/rooms/${room.id}/messages`, {
        text: `Message number ${i} about the quarterly plan, with enough words to look like chat.`,
        clientMsgId: `compression-${i}`,
      });
      expect(sent.statusCode).toBe(201);
    }
  });
  afterAll(async () => {
    await app.close();
    rmSync(dist, { recursive: true, force: true });
  });

  const history = () => `/api/v1/rooms/${room.id}/messages?limit=50`;

  it('sends a page of history as brotli when the client accepts it, decoding to the same JSON', async () => {
    const plain = await admin.get(history());
    expect(plain.statusCode).toBe(200);
    expect(plain.rawPayload.length).toBeGreaterThan(COMPRESSION_THRESHOLD_BYTES);

    const br = await admin.get(history(), { 'accept-encoding': 'br, gzip' });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(String(br.headers.vary)).toMatch(/accept-encoding/i);
    expect(br.headers['content-type']).toMatch(/application\/json/);
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
    expect(JSON.parse(brotliDecompressSync(br.rawPayload).toString('utf8'))).toEqual(plain.json());
    // The security headers are still there.
    expect(br.headers['content-security-policy']).toContain("default-src 'self'");
    expect(br.headers['x-content-type-options']).toBe('nosniff');
  });

  it('sends gzip to a client that accepts only gzip', async () => {
    const plain = await admin.get(history());
    const gz = await admin.get(history(), { 'accept-encoding': 'gzip, deflate' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gz.rawPayload).toString('utf8'))).toEqual(plain.json());
  });

  it('answers plainly without accept-encoding, with identity or with an encoding it does not offer', async () => {
    const variants: Record<string, string>[] = [
      {},
      { 'accept-encoding': 'identity' },
      { 'accept-encoding': 'deflate' },
    ];
    for (const headers of variants) {
      const res = await admin.get(history(), headers);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding'], JSON.stringify(headers)).toBeUndefined();
      expect(res.json<{ messages: unknown[] }>().messages).toHaveLength(50);
    }
  });

  it('leaves small answers alone', async () => {
    const small = await admin.get(`/api/v1/rooms/${room.id}/messages?limit=1`, { 'accept-encoding': 'br' });
    expect(small.statusCode).toBe(200);
    expect(small.rawPayload.length).toBeLessThan(COMPRESSION_THRESHOLD_BYTES);
    expect(small.headers['content-encoding']).toBeUndefined();
    const health = await app.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'accept-encoding': 'br' },
    });
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(health.json()).toMatchObject({ status: 'ok' });
  });

  it('compresses the OpenAPI document', async () => {
    const doc = await app.app.inject({
      method: 'GET',
      url: '/api/docs/json',
      headers: { 'accept-encoding': 'br' },
    });
    expect(doc.headers['content-encoding']).toBe('br');
    expect(JSON.parse(brotliDecompressSync(doc.rawPayload).toString('utf8'))).toHaveProperty('openapi');
  });

  it('sends the build’s precompressed file once and compresses a file without one on the fly', async () => {
    const pre = await app.app.inject({
      method: 'GET',
      url: '/assets/app-1.js',
      headers: { 'accept-encoding': 'br' },
    });
    expect(pre.headers['content-encoding']).toBe('br');
    // Compressed once: one brotli decode gives the script back.
    expect(brotliDecompressSync(pre.rawPayload).toString('utf8')).toMatch(/^console\.info\("precompressed /);
    expect(pre.headers['cache-control']).toContain('immutable');

    const fly = await app.app.inject({
      method: 'GET',
      url: '/assets/plain-1.js',
      headers: { 'accept-encoding': 'br' },
    });
    expect(fly.statusCode).toBe(200);
    expect(fly.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(fly.rawPayload).toString('utf8')).toMatch(/^console\.info\("plain /);
    expect(fly.headers['cache-control']).toContain('immutable');
  });

  it('leaves socket.io alone: the polling handshake is engine.io’s own and sockets connect', async () => {
    const url = await listening(app);
    const handshake = await fetch(`${url}/socket.io/?EIO=4&transport=polling`, {
      headers: { 'accept-encoding': 'br' },
    });
    expect(handshake.status).toBe(200);
    expect(handshake.headers.get('content-encoding')).toBeNull();
    expect(await handshake.text()).toMatch(/^0\{"sid":/);

    const socket = await connectSocket(url, { cookie: admin.sessionCookieHeader });
    expect(socket.connected).toBe(true);
    socket.disconnect();
  });
});
