import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpAdmin, signedInUser } from '../../test/factories.js';
import { DATABASE_KINDS } from '../../test/databases.js';
import { createTestApp, type TestApp, type TestClient } from '../../test/test-app.js';
import { JitsiCheck } from './jitsi-check.service.js';

interface Check {
  configured: boolean;
  problems: { field: string | null; message: string }[];
  warnings: { field: string | null; message: string }[];
  sampleToken: { header: Record<string, unknown>; payload: Record<string, unknown> } | null;
  dockerEnv: string;
}

/** A stand-in Jitsi web server: the script at /external_api.js, HTML under /html/, 404 elsewhere. */
async function fakeJitsi(): Promise<{ server: Server; host: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    if (req.url === '/external_api.js') {
      res.writeHead(200, { 'content-type': 'application/javascript; charset=UTF-8' });
      res.end('function JitsiMeetExternalAPI() {}');
    } else if (req.url === '/html/external_api.js') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>Welcome to nginx!</title>');
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    host: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe.each(DATABASE_KINDS)('GET /admin/settings/jitsi/check (%s)', (kind) => {
  let app: TestApp;
  let admin: TestClient;
  const SECRET = 'short-secret-20bytes';
  const check = async (): Promise<Check> => {
    const res = await admin.get('/api/v1/admin/settings/jitsi/check');
    expect(res.statusCode).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    app = await createTestApp(kind);
    admin = (await setUpAdmin(app)).client;
  });
  afterAll(async () => app.close());

  it('says a fresh install is not configured until a domain is chosen', async () => {
    const result = await check();
    expect(result.configured).toBe(false);
    expect(result.problems[0]).toMatchObject({ field: 'domain', message: expect.stringMatching(/^Choose/) });
    expect(result.sampleToken).toBeNull();
    expect(result.dockerEnv).toBe('');
    expect(result.warnings.map((w) => w.field)).toEqual(['useAuthToken']);
  });

  it('warns that without tokens anyone can join any room and become moderator', async () => {
    await admin.patch('/api/v1/admin/settings', { jitsi: { domain: 'meet.example.org' } });
    const result = await check();
    expect(result.configured).toBe(true);
    expect(result.problems).toEqual([]);
    expect(result.warnings).toEqual([
      {
        field: 'useAuthToken',
        message: expect.stringMatching(/anyone who knows a room name can join it and become moderator/),
      },
    ]);
    expect(result.sampleToken).toBeNull();
    expect(result.dockerEnv).toBe('');
  });

  it('shows a sample token and the docker-jitsi-meet environment, never the secret', async () => {
    await admin.patch('/api/v1/admin/settings', {
      jitsi: {
        useAuthToken: true,
        appId: 'parley',
        appSecret: SECRET,
        tokenAudience: 'jitsi',
        limitTokenToRoom: false,
      },
    });
    const res = await admin.get('/api/v1/admin/settings/jitsi/check');
    expect(res.body).not.toContain(SECRET);
    const result = res.json<Check>();
    expect(result.configured).toBe(true);
    expect(result.warnings.map((w) => w.field).sort()).toEqual(['appSecret', 'limitTokenToRoom']);
    expect(result.warnings.find((w) => w.field === 'appSecret')?.message).toMatch(/shorter than 32 bytes/);

    expect(result.sampleToken?.header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(result.sampleToken?.payload).toMatchObject({
      iss: 'parley',
      aud: 'jitsi',
      sub: 'meet.example.org',
      room: '*',
      context: { user: { name: 'Sample Caller', moderator: true, affiliation: 'owner' } },
    });
    expect(Object.keys(result.sampleToken ?? {})).toEqual(['header', 'payload']);

    expect(result.dockerEnv).toContain('ENABLE_AUTH=1');
    expect(result.dockerEnv).toContain('AUTH_TYPE=jwt');
    expect(result.dockerEnv).toContain('JWT_APP_ID=parley');
    expect(result.dockerEnv).toContain('JWT_APP_SECRET=<your app secret>');
    expect(result.dockerEnv).toContain('JWT_ACCEPTED_AUDIENCES=jitsi');
  });

  it('lists problems with their fields and mints nothing while the settings are broken', async () => {
    await admin.patch('/api/v1/admin/settings', { jitsi: { appSecret: null, limitTokenToRoom: true } });
    const result = await check();
    expect(result.configured).toBe(false);
    expect(result.problems.map((p) => p.field)).toEqual(['appSecret']);
    expect(result.sampleToken).toBeNull();
    expect(result.dockerEnv).toBe('');
  });

  it('warns that JaaS ignores the domain, and signs its sample token with RS256', async () => {
    const pem = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const key = Buffer.from(pem).toString('base64');
    const appId = 'vpaas-magic-cookie-0123456789abcdef';
    const res = await admin.patch('/api/v1/admin/settings', {
      jitsi: { useJaas: true, appId, jaasApiKeyId: `${appId}/4f4910`, jaasPrivateKey: key },
    });
    expect(res.statusCode).toBe(200);
    const body = (await admin.get('/api/v1/admin/settings/jitsi/check')).body;
    expect(body).not.toContain(key);
    expect(body).not.toContain('PRIVATE KEY');
    const result = JSON.parse(body) as Check;
    expect(result.configured).toBe(true);
    expect(result.warnings.find((w) => w.field === 'domain')?.message).toMatch(
      /links go to 8x8\.vc; the domain "meet\.example\.org" is ignored/,
    );
    expect(result.sampleToken?.header).toMatchObject({ alg: 'RS256', kid: `${appId}/4f4910` });
    expect(result.sampleToken?.payload).toMatchObject({ iss: 'chat', aud: 'jitsi', sub: appId });
    expect(result.dockerEnv).toBe('');
  });

  it('is for administrators only', async () => {
    const { client } = await signedInUser(app);
    for (const res of [
      await client.get('/api/v1/admin/settings/jitsi/check'),
      await client.post('/api/v1/admin/settings/jitsi/reachability'),
    ]) {
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
    }
  });
});

describe.each(DATABASE_KINDS)('POST /admin/settings/jitsi/reachability (%s)', (kind) => {
  let app: TestApp;
  let admin: TestClient;
  let jitsi: Awaited<ReturnType<typeof fakeJitsi>>;
  const reach = async () => {
    const res = await admin.post('/api/v1/admin/settings/jitsi/reachability');
    expect(res.statusCode).toBe(200);
    return res.json<{ ok: boolean; url: string; status: number | null; ms: number; message: string }>();
  };

  beforeAll(async () => {
    jitsi = await fakeJitsi();
    app = await createTestApp(kind);
    admin = (await setUpAdmin(app)).client;
  });
  afterAll(async () => {
    await app.close();
    await jitsi.close();
  });

  it('has nothing to try before a domain is chosen', async () => {
    expect(await reach()).toMatchObject({ ok: false, url: '', status: null });
  });

  it("fetches the domain's external_api.js and says how long it took", async () => {
    await admin.patch('/api/v1/admin/settings', { jitsi: { domain: jitsi.host, useSsl: false } });
    const result = await reach();
    expect(result).toMatchObject({ ok: true, url: `http://${jitsi.host}/external_api.js`, status: 200 });
    expect(result.message).toBe(`Reached http://${jitsi.host}/external_api.js in ${result.ms} ms.`);
  });

  it('explains a 404 and an answer that is not a script', async () => {
    await admin.patch('/api/v1/admin/settings', { jitsi: { domain: `${jitsi.host}/nothing` } });
    expect(await reach()).toMatchObject({
      ok: false,
      url: `http://${jitsi.host}/nothing/external_api.js`,
      status: 404,
      message: 'The server answered 404: is this a Jitsi Meet domain?',
    });

    await admin.patch('/api/v1/admin/settings', { jitsi: { domain: `${jitsi.host}/html` } });
    const html = await reach();
    expect(html).toMatchObject({ ok: false, status: 200 });
    expect(html.message).toMatch(/^Not a JavaScript file \(the answer is text\/html\)/);
  });

  it('reports a refused connection', async () => {
    const closed = await fakeJitsi();
    await closed.close();
    await admin.patch('/api/v1/admin/settings', { jitsi: { domain: closed.host } });
    const result = await reach();
    expect(result).toMatchObject({ ok: false, status: null });
    expect(result.message).toBe(
      `${closed.host} refused the connection: nothing listens there, or a firewall rejects it.`,
    );
  });

  it('gives up after the timeout when the server never answers', async () => {
    const silent = createServer(() => {
      // Accepts the request and never answers.
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const host = `127.0.0.1:${(silent.address() as AddressInfo).port}`;
      await admin.patch('/api/v1/admin/settings', { jitsi: { domain: host } });
      const started = Date.now();
      const result = await new JitsiCheck(app.services.settings, { timeoutMs: 200 }).reachability();
      expect(Date.now() - started).toBeLessThan(2000);
      expect(result).toMatchObject({ ok: false, status: null, url: `http://${host}/external_api.js` });
      expect(result.message).toMatch(/^Timed out after 0\.2 s: nothing answered at http:\/\/127\.0\.0\.1/);
      expect(result.ms).toBeGreaterThanOrEqual(150);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
