import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setUpAdmin, signedInUser } from '../../test/factories.js';
import { DATABASE_KINDS } from '../../test/databases.js';
import { createTestApp, type TestApp, type TestClient } from '../../test/test-app.js';
import { JitsiCheckService } from './jitsi-check.service.js';

interface Check {
  configured: boolean;
  problems: { field: string | null; message: string }[];
  warnings: { field: string | null; message: string }[];
  sampleToken: { header: Record<string, unknown>; payload: Record<string, unknown> } | null;
  dockerEnv: string;
  prosodyConfig: string;
}

/**
 * A stand-in Jitsi web server: the script at /external_api.js, HTML under /html/, another script under
 * /other/, redirects under /moved/ (same host) and /away/ (anywhere), 404 elsewhere.
 */
async function fakeJitsi() {
  const requests: string[] = [];
  const state = {
    /** Where `/away/external_api.js` redirects to. */
    redirectAway: '',
  };
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === '/external_api.js') {
      res.writeHead(200, { 'content-type': 'application/javascript; charset=UTF-8' });
      res.end('function JitsiMeetExternalAPI() {}');
    } else if (req.url === '/html/external_api.js') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>Welcome to nginx!</title>');
    } else if (req.url === '/other/external_api.js') {
      res.writeHead(200, { 'content-type': 'application/javascript' });
      res.end('console.log("some other script")');
    } else if (req.url === '/moved/external_api.js') {
      res.writeHead(301, { location: '/external_api.js' });
      res.end();
    } else if (req.url === '/away/external_api.js') {
      res.writeHead(302, { location: state.redirectAway });
      res.end();
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    requests,
    host: `127.0.0.1:${port}`,
    set redirectAway(url: string) {
      state.redirectAway = url;
    },
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
        code: 'tokenAuthOff',
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

  it('judges the sub by the kind of deployment the admin saved, which follows Use JaaS until chosen', async () => {
    const view = async () =>
      (await admin.get('/api/v1/admin/settings')).json<{ settings: { jitsi: Record<string, unknown> } }>()
        .settings.jitsi;
    // Never chosen: JaaS is on, so the deployment reads as JaaS.
    expect(await view()).toMatchObject({ deployment: 'jaas', xmppDomain: '' });
    const self = await admin.patch('/api/v1/admin/settings', {
      jitsi: {
        useJaas: false,
        appSecret: 'a-long-enough-application-secret-0123456789',
        tokenSubject: 'meet.jitsi',
      },
    });
    expect(self.statusCode, self.body).toBe(200);
    expect(await view()).toMatchObject({ deployment: 'docker' });
    let result = await check();
    expect(result.warnings.map((w) => w.field)).not.toContain('tokenSubject');
    expect(result.dockerEnv).toContain('JWT_ENABLE_DOMAIN_VERIFICATION=true');

    // The same settings against a Debian install: Prosody would refuse sub "meet.jitsi".
    expect(
      (await admin.patch('/api/v1/admin/settings', { jitsi: { deployment: 'debian' } })).statusCode,
    ).toBe(200);
    expect(await view()).toMatchObject({ deployment: 'debian' });
    result = await check();
    expect(result.warnings.find((w) => w.field === 'tokenSubject')?.message).toMatch(
      /refuse every room join.*XMPP domain "meet\.example\.org".*sub "meet\.jitsi"/,
    );
    expect(result.dockerEnv).toBe('');
    // Its Prosody lines instead, without the secret.
    expect(result.prosodyConfig).toContain('VirtualHost "meet.example.org"');
    expect(result.prosodyConfig).toContain('app_secret = "<your app secret>"');
    expect(result.prosodyConfig).not.toContain('a-long-enough-application-secret');

    const bad = await admin.patch('/api/v1/admin/settings', {
      jitsi: { deployment: 'kubernetes', xmppDomain: 'a b' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation_failed');
    expect(bad.body).toMatch(/deployment must be one of/);
    expect(await view()).toMatchObject({ deployment: 'debian', xmppDomain: '' });
    await admin.patch('/api/v1/admin/settings', { jitsi: { deployment: 'docker', tokenSubject: '' } });
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
  /** Each test checks as its own admin: the check is rate limited per person. */
  let checker: TestClient;
  const reach = async () => {
    const res = await checker.post('/api/v1/admin/settings/jitsi/reachability');
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ ok: boolean; url: string; reason: string | null; message: string }>();
  };
  const useDomain = async (domain: string) => {
    const res = await admin.patch('/api/v1/admin/settings', { jitsi: { domain, useSsl: false } });
    expect(res.statusCode, res.body).toBe(200);
  };

  beforeAll(async () => {
    jitsi = await fakeJitsi();
    app = await createTestApp(kind);
    admin = (await setUpAdmin(app)).client;
  });
  beforeEach(async () => {
    checker = (await signedInUser(app, { role: 'admin' })).client;
  });
  afterAll(async () => {
    await app.close();
    await jitsi.close();
  });

  it('has nothing to try before a domain is chosen', async () => {
    expect(await reach()).toEqual({
      ok: false,
      url: '',
      reason: 'no_domain',
      message: expect.any(String) as string,
      code: 'reachNoDomain',
    });
  });

  it("fetches the domain's external_api.js and says it was reached, without status or timing", async () => {
    await useDomain(jitsi.host);
    expect(await reach()).toEqual({
      ok: true,
      url: `http://${jitsi.host}/external_api.js`,
      reason: null,
      message: `Reached http://${jitsi.host}/external_api.js.`,
      code: 'reachOk',
      values: { url: `http://${jitsi.host}/external_api.js` },
    });
  });

  it('explains a 404, an answer that is not a script, and a script that is not Jitsi’s', async () => {
    await useDomain(`${jitsi.host}/nothing`);
    expect(await reach()).toMatchObject({
      ok: false,
      url: `http://${jitsi.host}/nothing/external_api.js`,
      reason: 'not_found',
    });
    await useDomain(`${jitsi.host}/html`);
    expect(await reach()).toMatchObject({ ok: false, reason: 'not_jitsi' });
    await useDomain(`${jitsi.host}/other`);
    expect(await reach()).toMatchObject({ ok: false, reason: 'not_jitsi' });
  });

  it('follows a redirect on the same host to the script, and no redirect anywhere else', async () => {
    await useDomain(`${jitsi.host}/moved`);
    expect(await reach()).toMatchObject({ ok: true, reason: null });

    const elsewhere = await fakeJitsi();
    try {
      // localhost is another host name than 127.0.0.1, even on the same machine.
      jitsi.redirectAway = `http://localhost:${elsewhere.host.split(':')[1]}/external_api.js`;
      await useDomain(`${jitsi.host}/away`);
      expect(await reach()).toMatchObject({ ok: false, reason: 'redirect' });
      expect(elsewhere.requests).toEqual([]);
      // Nor to another port of the same host name (another service there).
      jitsi.redirectAway = `http://127.0.0.1:${elsewhere.host.split(':')[1]}/external_api.js`;
      expect(await reach()).toMatchObject({ ok: false, reason: 'redirect' });
      expect(elsewhere.requests).toEqual([]);
      // Nor to another path of the same host.
      jitsi.redirectAway = '/admin';
      expect(await reach()).toMatchObject({ ok: false, reason: 'redirect' });
      expect(jitsi.requests).not.toContain('/admin');
    } finally {
      await elsewhere.close();
    }
  });

  it('reports a refused connection, and something else listening there, in a few words', async () => {
    const closed = await fakeJitsi();
    await closed.close();
    await useDomain(closed.host);
    expect(await reach()).toEqual({
      ok: false,
      url: `http://${closed.host}/external_api.js`,
      reason: 'refused',
      message: `${closed.host} refused the connection: is Jitsi running there?`,
      code: 'reachRefused',
      values: { host: closed.host },
    });

    // A service that is not HTTP (Redis, SSH…): no protocol error text comes back.
    const other = createTcpServer((socket) => socket.end('-ERR unknown command\r\n', () => socket.destroy()));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const host = `127.0.0.1:${(other.address() as AddressInfo).port}`;
      await useDomain(host);
      expect(await reach()).toEqual({
        ok: false,
        url: `http://${host}/external_api.js`,
        reason: 'unreachable',
        message: `${host} cannot be reached from this server.`,
        code: 'reachUnreachable',
        values: { host },
      });
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });

  it('gives up after the timeout when the server never answers', async () => {
    const silent = createServer(() => {
      // Accepts the request and never answers.
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const host = `127.0.0.1:${(silent.address() as AddressInfo).port}`;
      await useDomain(host);
      const result = await new JitsiCheckService({
        settings: app.services.settings,
        timeoutMs: 200,
      }).reachability();
      expect(result).toEqual({
        ok: false,
        reason: 'timeout',
        url: `http://${host}/external_api.js`,
        message: 'Nothing answered within 0.2 s. Check the domain, the firewall and that Jitsi is running.',
        code: 'reachTimeout',
        values: { seconds: 0.2 },
      });
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('is rate limited: 10 checks a minute per admin', async () => {
    await useDomain(jitsi.host);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      statuses.push((await checker.post('/api/v1/admin/settings/jitsi/reachability')).statusCode);
    }
    expect(statuses).toEqual(Array(10).fill(200));
    const refused = await checker.post('/api/v1/admin/settings/jitsi/reachability');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(refused.json().error.code).toBe('rate_limited');
  });
});
