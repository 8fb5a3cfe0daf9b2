import { execFileSync } from 'node:child_process';
import {
  createDecipheriv,
  createECDH,
  createPublicKey,
  hkdfSync,
  randomBytes,
  randomUUID,
  verify,
} from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A local Web Push service for the suite (what FCM or Mozilla's autopush are to browsers): HTTPS on
 * 127.0.0.1 with a certificate from its own CA, made here with the `openssl` CLI. It does what a
 * real one checks, with its own code (not `web-push`'s): the VAPID `Authorization` header (RFC 8292,
 * an ES256 JWT for this origin, expiring within 24 h, `k` the signing key), and it decrypts each
 * aes128gcm body (RFC 8188/8291) with the subscription's private key and auth secret, the way the
 * browser would. It records headers and plaintext, and answers 201, or 404/410 for subscriptions
 * told to.
 */

/** What a browser keeps for one subscription: its `toJSON()` plus the private half. */
export interface BrowserSubscription {
  id: string;
  endpoint: string;
  keys: { p256dh: string; auth: string };
  /** The P-256 private key (raw scalar); only the browser (this fixture) has it. */
  privateKey: Buffer;
}

export interface ReceivedPush {
  subscriptionId: string;
  ttl: number | null;
  urgency: string | null;
  topic: string | null;
  /** The decrypted body, parsed as JSON. */
  payload: unknown;
  vapid: { aud: string; exp: number; sub: string; k: string };
}

/** Fixed DNS answers: public hosts, and hosts that point inside. */
export const TEST_DNS: Record<string, string[]> = {
  'push.example.com': ['93.184.216.34'],
  'fcm.googleapis.com': ['142.250.74.10', '2a00:1450:4001:82a::200a'],
  'inside.example.com': ['10.1.2.3'],
  'loopback.example.com': ['127.0.0.1'],
  'mapped.example.com': ['::ffff:127.0.0.1'],
  'dual.example.com': ['93.184.216.34', 'fd12:3456::1'],
  'linklocal.example.com': ['169.254.169.254'],
};
export const testResolver = (host: string): Promise<string[]> => {
  const found = TEST_DNS[host];
  return found
    ? Promise.resolve(found)
    : Promise.reject(Object.assign(new Error('nx'), { code: 'ENOTFOUND' }));
};

/** What `PushManager.subscribe()` gives a browser, at this endpoint. */
export function browserSubscription(endpoint: string, device?: string) {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return {
    endpoint,
    keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') },
    ...(device === undefined ? {} : { device }),
  };
}

export interface PushServiceFixture {
  /** `https://127.0.0.1:<port>`. */
  origin: string;
  /** The CA certificate (PEM) the server must trust. */
  ca: string;
  received: ReceivedPush[];
  /** Requests it refused (bad VAPID, undecryptable body): a test expects none. */
  failures: string[];
  /** A browser-like subscription at this service (P-256 key pair, 16-byte auth secret). */
  subscribe(): BrowserSubscription;
  /** From now on, pushes to this subscription get `status` (404 or 410: it is gone; 5xx: trouble). */
  answer(subscriptionId: string, status: number): void;
  /** From now on, pushes to this subscription are redirected (307) to this URL. */
  redirect(subscriptionId: string, location: string): void;
  /** Refuse requests whose VAPID `k` is not this key. */
  expectKey(publicKey: string): void;
  /** The first push (received or coming) that matches; rejects after `timeoutMs`. */
  next(match?: (p: ReceivedPush) => boolean, timeoutMs?: number): Promise<ReceivedPush>;
  close(): Promise<void>;
}

/** A CA and a certificate for 127.0.0.1 and localhost signed by it, in a throwaway folder. */
function makeCertificates(): { ca: string; key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'parley-push-ca-'));
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  try {
    openssl(
      'req',
      '-x509',
      ...ec,
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '2',
      '-subj',
      '/CN=Parley test push CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    );
    openssl('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
    writeFileSync(
      join(dir, 'ext.cnf'),
      'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n',
    );
    openssl(
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'server.pem',
      '-days',
      '2',
      '-extfile',
      'ext.cnf',
    );
    const read = (f: string) => readFileSync(join(dir, f), 'utf8');
    return { ca: read('ca.pem'), key: read('server.key'), cert: read('server.pem') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const hkdf = (salt: Buffer, ikm: Buffer, info: Buffer, length: number) =>
  Buffer.from(hkdfSync('sha256', ikm, salt, info, length));

/**
 * RFC 8291 with RFC 8188's aes128gcm framing: header (salt, record size, the sender's public key
 * as key id), then records of `rs` bytes, each AES-128-GCM with the nonce XORed with its index;
 * the last record's padding ends at a 0x02 delimiter.
 */
export function decryptAes128gcm(body: Buffer, subscription: BrowserSubscription): Buffer {
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idLength = body[20]!;
  const senderPublic = body.subarray(21, 21 + idLength);
  if (idLength !== 65 || rs < 18) throw new Error(`bad header (keyid ${idLength} bytes, rs ${rs})`);
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(subscription.privateKey);
  const secret = ecdh.computeSecret(senderPublic);
  const receiverPublic = Buffer.from(subscription.keys.p256dh, 'base64url');
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), receiverPublic, senderPublic]);
  const ikm = hkdf(Buffer.from(subscription.keys.auth, 'base64url'), secret, keyInfo, 32);
  const cek = hkdf(salt, ikm, Buffer.from('Content-Encoding: aes128gcm\0'), 16);
  const baseNonce = hkdf(salt, ikm, Buffer.from('Content-Encoding: nonce\0'), 12);
  const records = body.subarray(21 + idLength);
  const plain: Buffer[] = [];
  for (let at = 0, index = 0; at < records.length; at += rs, index++) {
    const record = records.subarray(at, Math.min(at + rs, records.length));
    const nonce = Buffer.from(baseNonce);
    // The record index is XORed into the nonce's low bits (fewer than 2^32 records here).
    nonce.writeUInt32BE((nonce.readUInt32BE(8) ^ index) >>> 0, 8);
    const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
    decipher.setAuthTag(record.subarray(record.length - 16));
    const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
    let end = padded.length - 1;
    while (end >= 0 && padded[end] === 0) end--;
    const last = at + rs >= records.length;
    if (padded[end] !== (last ? 2 : 1)) throw new Error('bad padding delimiter');
    plain.push(padded.subarray(0, end));
  }
  return Buffer.concat(plain);
}

/** RFC 8292: `vapid t=<ES256 JWT>, k=<P-256 public key>`; returns the claims and key, or throws why not. */
export function verifyVapid(header: string | undefined, origin: string, nowSeconds: number) {
  const match = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+),\s*k=([\w-]+)$/.exec(header ?? '');
  if (!match) throw new Error(`not a vapid authorization: ${header ?? '(none)'}`);
  const [token, k] = [match[1]!, match[2]!];
  const [head, claims, signature] = token.split('.') as [string, string, string];
  const point = Buffer.from(k, 'base64url');
  if (point.length !== 65 || point[0] !== 4) throw new Error('k is not an uncompressed P-256 point');
  const key = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33).toString('base64url'),
    },
    format: 'jwk',
  });
  const signed = verify(
    'sha256',
    Buffer.from(`${head}.${claims}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  );
  if (!signed) throw new Error('the JWT signature does not verify with k');
  const header_ = JSON.parse(Buffer.from(head, 'base64url').toString()) as { alg?: string };
  if (header_.alg !== 'ES256') throw new Error(`alg ${String(header_.alg)}`);
  const body = JSON.parse(Buffer.from(claims, 'base64url').toString()) as {
    aud: string;
    exp: number;
    sub: string;
  };
  if (body.aud !== origin) throw new Error(`aud ${body.aud} is not ${origin}`);
  if (!(body.exp > nowSeconds && body.exp <= nowSeconds + 24 * 3600)) throw new Error(`exp ${body.exp}`);
  if (!/^(mailto:|https:)/.test(body.sub)) throw new Error(`sub ${body.sub}`);
  return { ...body, k };
}

const readBody = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

export async function startPushService(): Promise<PushServiceFixture> {
  const { ca, key, cert } = makeCertificates();
  const subscriptions = new Map<string, BrowserSubscription>();
  const answers = new Map<string, number>();
  const redirects = new Map<string, string>();
  const received: ReceivedPush[] = [];
  const failures: string[] = [];
  const waiting: { match: (p: ReceivedPush) => boolean; resolve: (p: ReceivedPush) => void }[] = [];
  let expectedKey: string | null = null;
  let origin = '';

  const server: Server = createServer({ key, cert }, (req, res) => {
    void (async () => {
      const body = await readBody(req);
      const id = /^\/push\/([\w-]+)$/.exec(req.url ?? '')?.[1] ?? '';
      const subscription = subscriptions.get(id);
      if (req.method !== 'POST' || !subscription) return res.writeHead(404).end();
      const location = redirects.get(id);
      if (location) return res.writeHead(307, { location }).end();
      const status = answers.get(id) ?? 201;
      if (status !== 201) return res.writeHead(status).end();
      try {
        if (req.headers['content-encoding'] !== 'aes128gcm') throw new Error('not aes128gcm');
        // The push service judges expiry by the real time, as a real one does.
        const vapid = verifyVapid(req.headers.authorization, origin, Math.floor(Date.now() / 1000));
        if (expectedKey !== null && vapid.k !== expectedKey) throw new Error('k is not the server key');
        const push: ReceivedPush = {
          subscriptionId: id,
          ttl: req.headers.ttl === undefined ? null : Number(req.headers.ttl),
          urgency: (req.headers.urgency as string | undefined) ?? null,
          topic: (req.headers.topic as string | undefined) ?? null,
          payload: JSON.parse(decryptAes128gcm(body, subscription).toString('utf8')) as unknown,
          vapid,
        };
        received.push(push);
        for (const w of [...waiting]) {
          if (w.match(push)) {
            waiting.splice(waiting.indexOf(w), 1);
            w.resolve(push);
          }
        }
        res.writeHead(201, { location: `${origin}/message/${randomUUID()}` }).end();
      } catch (err) {
        failures.push(err instanceof Error ? err.message : String(err));
        res.writeHead(400).end();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    ca,
    received,
    failures,
    subscribe() {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const id = randomUUID();
      const subscription: BrowserSubscription = {
        id,
        endpoint: `${origin}/push/${id}`,
        keys: {
          p256dh: ecdh.getPublicKey().toString('base64url'),
          auth: randomBytes(16).toString('base64url'),
        },
        privateKey: ecdh.getPrivateKey(),
      };
      subscriptions.set(id, subscription);
      return subscription;
    },
    answer: (id, status) => void answers.set(id, status),
    redirect: (id, location) => void redirects.set(id, location),
    expectKey: (publicKey) => {
      expectedKey = publicKey;
    },
    next(match = () => true, timeoutMs = 5_000) {
      const already = received.find(match);
      if (already) return Promise.resolve(already);
      return new Promise<ReceivedPush>((resolve, reject) => {
        const entry = { match, resolve };
        waiting.push(entry);
        setTimeout(() => {
          const at = waiting.indexOf(entry);
          if (at < 0) return;
          waiting.splice(at, 1);
          reject(new Error(`no matching push within ${timeoutMs} ms (received ${received.length})`));
        }, timeoutMs).unref();
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
