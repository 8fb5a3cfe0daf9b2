import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/test-app.js';

/** A built web app in miniature, as `vite build` with the precompress plugin leaves it. */
function fakeDist(): string {
  const dist = mkdtempSync(join(tmpdir(), 'parley-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(
    join(dist, 'index.html'),
    '<!doctype html><div id="root"></div><script type="module" src="/assets/app-1.js"></script>',
  );
  const js = Buffer.from(`console.info(${JSON.stringify('x'.repeat(4000))});`);
  writeFileSync(join(dist, 'assets', 'app-1.js'), js);
  writeFileSync(join(dist, 'assets', 'app-1.js.br'), brotliCompressSync(js));
  writeFileSync(join(dist, 'assets', 'app-1.js.gz'), gzipSync(js));
  writeFileSync(join(dist, 'sw.js'), "self.addEventListener('push', () => {});");
  writeFileSync(
    join(dist, 'manifest.webmanifest'),
    JSON.stringify({ name: 'Parley', short_name: 'Parley', start_url: '/', display: 'standalone' }),
  );
  return dist;
}

describe('serving the web app', () => {
  let app: TestApp;
  let dist: string;
  beforeAll(async () => {
    dist = fakeDist();
    app = await createTestApp('sqlite', { WEB_DIST: dist });
  });
  afterAll(async () => {
    await app.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('sends the precompressed asset the browser accepts, cached for good', async () => {
    const br = await app.app.inject({
      method: 'GET',
      url: '/assets/app-1.js',
      headers: { 'accept-encoding': 'br, gzip' },
    });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(String(br.headers.vary)).toMatch(/accept-encoding/i);
    expect(br.headers['cache-control']).toContain('immutable');
    expect(brotliDecompressSync(br.rawPayload).toString()).toContain('console.info');

    const gz = await app.app.inject({
      method: 'GET',
      url: '/assets/app-1.js',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const plain = await app.app.inject({
      method: 'GET',
      url: '/assets/app-1.js',
      headers: { 'accept-encoding': 'identity' },
    });
    expect(plain.headers['content-encoding']).toBeUndefined();
  });

  it('answers client routes with the page and missing files (source maps too) with a 404', async () => {
    const page = await app.app.inject({ method: 'GET', url: '/admin/people' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['cache-control']).toBe('no-cache');
    for (const url of ['/assets/app-1.js.map', '/assets/old-0.js']) {
      const res = await app.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
  });

  it('names the installed app after the workspace, revalidated on each use', async () => {
    const manifest = async () => {
      const res = await app.app.inject({ method: 'GET', url: '/manifest.webmanifest' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/manifest\+json/);
      expect(res.headers['cache-control']).toBe('no-cache');
      return res.json<Record<string, unknown>>();
    };
    expect(await manifest()).toMatchObject({ name: 'Parley', short_name: 'Parley', display: 'standalone' });

    await app.services.settings.update({ workspace: { name: 'Acme' } });
    expect(await manifest()).toMatchObject({ name: 'Acme', short_name: 'Acme', start_url: '/' });

    // Too long for a launcher's label: the full name stays, the short one is the build's.
    await app.services.settings.update({ workspace: { name: 'Acme Consulting Group' } });
    expect(await manifest()).toMatchObject({ name: 'Acme Consulting Group', short_name: 'Parley' });
  });

  it('serves the service worker fresh on each check, and the CSP lets it run', async () => {
    const res = await app.app.inject({ method: 'GET', url: '/sw.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('no-cache');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("worker-src 'self'");
    expect(csp).toContain("manifest-src 'self'");
  });
});
