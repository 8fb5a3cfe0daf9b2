import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBucket } from '../test/s3.js';
import { LocalObjectStore } from './local-object-store.js';
import type { ObjectStore } from './object-store.js';
import { S3ObjectStore } from './s3-object-store.js';

const MiB = 1024 * 1024;

async function bytesOf(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(Buffer.from(part as Buffer));
  return Buffer.concat(parts);
}

async function keysOf(store: ObjectStore, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const info of store.list(prefix)) keys.push(info.key);
  return keys.sort();
}

/** A stream that sends `before` bytes and then fails, as a client that disconnects mid-upload. */
function failingStream(before: number): Readable {
  const data = randomBytes(before);
  let sent = false;
  return new Readable({
    read() {
      if (!sent) {
        sent = true;
        // In pieces, as a socket delivers them.
        for (let i = 0; i < data.length; i += 256 * 1024) this.push(data.subarray(i, i + 256 * 1024));
        return;
      }
      this.destroy(new Error('the client went away'));
    },
  });
}

interface Adapter {
  name: string;
  /** A fresh, empty store (its paging and batching sizes small, so few objects reach them). */
  open(): Promise<ObjectStore>;
  /** S3 multipart parts are at least 5 MiB: a stream longer than this is sent in parts. */
  partSize: number;
}

const dirs: string[] = [];
const adapters: Adapter[] = [
  {
    name: 'local',
    partSize: 6 * MiB,
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'parley-objects-'));
      dirs.push(dir);
      return new LocalObjectStore(dir);
    },
  },
  {
    name: 's3',
    partSize: 5 * MiB,
    async open() {
      return new S3ObjectStore(await createTestBucket(), {
        partSize: 5 * MiB,
        deleteBatch: 2,
        listPageSize: 2,
      });
    },
  },
];

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The same cases against every adapter: what FILES and avatars rely on, whichever store is configured. */
describe.each(adapters)('the object store contract ($name)', (adapter) => {
  let store: ObjectStore;
  beforeAll(async () => {
    store = await adapter.open();
  });
  afterAll(() => {
    if (store instanceof S3ObjectStore) store.close();
  });

  it('stores a buffer and gives it back whole, by range, and with its size', async () => {
    const bytes = Buffer.from('Hello, objects! 0123456789');
    await store.put('files/hello', bytes, { contentType: 'text/plain' });

    const whole = await store.get('files/hello');
    expect(whole?.size).toBe(bytes.length);
    expect(await bytesOf(whole!.body)).toEqual(bytes);

    const part = await store.get('files/hello', { start: 7, end: 13 });
    expect(part?.size).toBe(bytes.length);
    expect((await bytesOf(part!.body)).toString()).toBe('objects');

    const tail = await store.get('files/hello', { start: 16 });
    expect((await bytesOf(tail!.body)).toString()).toBe('0123456789');

    const info = await store.head('files/hello');
    expect(info).toMatchObject({ key: 'files/hello', size: bytes.length });
    expect(info!.lastModified).toBeInstanceOf(Date);
  });

  it('answers null for an object that does not exist', async () => {
    expect(await store.get('files/missing')).toBeNull();
    expect(await store.get('files/missing', { start: 0, end: 1 })).toBeNull();
    expect(await store.head('files/missing')).toBeNull();
  });

  it('replaces an object put again under the same key', async () => {
    await store.put('avatars/a.webp', Buffer.from('first'), { contentType: 'image/webp' });
    await store.put('avatars/a.webp', Buffer.from('second, longer'), { contentType: 'image/webp' });
    expect((await bytesOf((await store.get('avatars/a.webp'))!.body)).toString()).toBe('second, longer');
  });

  it('stores streams, short and longer than one part, byte for byte (and an empty one)', async () => {
    const short = randomBytes(300 * 1024);
    await store.put('files/short', Readable.from([short.subarray(0, 1000), short.subarray(1000)]), {
      contentType: 'application/octet-stream',
    });
    expect(await bytesOf((await store.get('files/short'))!.body)).toEqual(short);

    const long = randomBytes(adapter.partSize * 2 + 12_345);
    const pieces = Array.from({ length: Math.ceil(long.length / 65_536) }, (_, i) =>
      long.subarray(i * 65_536, (i + 1) * 65_536),
    );
    await store.put('files/long', Readable.from(pieces), { contentType: 'application/octet-stream' });
    const back = await store.get('files/long');
    expect(back?.size).toBe(long.length);
    expect((await bytesOf(back!.body)).equals(long)).toBe(true);
    const middle = await store.get('files/long', { start: adapter.partSize - 10, end: adapter.partSize + 9 });
    expect(await bytesOf(middle!.body)).toEqual(long.subarray(adapter.partSize - 10, adapter.partSize + 10));

    await store.put('files/empty', Readable.from([]), { contentType: 'text/plain' });
    expect(await store.head('files/empty')).toMatchObject({ size: 0 });
  });

  it('leaves no object when the stream fails midway, short or in parts, and keeps the one it would replace', async () => {
    for (const [key, before] of [
      ['files/broken-short', 100 * 1024],
      ['files/broken-long', adapter.partSize + MiB],
    ] as const) {
      await expect(
        store.put(key, failingStream(before), { contentType: 'application/octet-stream' }),
      ).rejects.toThrow(/went away/);
      expect(await store.head(key), key).toBeNull();
      expect(await keysOf(store, key)).toEqual([]);
    }

    await store.put('files/kept', Buffer.from('the old bytes'), { contentType: 'text/plain' });
    await expect(
      store.put('files/kept', failingStream(adapter.partSize + MiB), { contentType: 'text/plain' }),
    ).rejects.toThrow(/went away/);
    expect((await bytesOf((await store.get('files/kept'))!.body)).toString()).toBe('the old bytes');
  });

  it('lists by prefix across pages and deletes in batches, a missing key being no error', async () => {
    const keys = ['list/a', 'list/b', 'list/c', 'list/d/e', 'list/f'];
    for (const key of keys) await store.put(key, Buffer.from(key), { contentType: 'text/plain' });
    await store.put('lists/other', Buffer.from('x'), { contentType: 'text/plain' });

    expect(await keysOf(store, 'list/')).toEqual(keys);
    const infos: { key: string; size: number }[] = [];
    for await (const info of store.list('list/d')) infos.push({ key: info.key, size: info.size });
    expect(infos).toEqual([{ key: 'list/d/e', size: 'list/d/e'.length }]);
    expect(await keysOf(store, 'nothing-here/')).toEqual([]);

    await store.delete(['list/a', 'list/b', 'list/missing', 'list/d/e', 'list/f']);
    expect(await keysOf(store, 'list/')).toEqual(['list/c']);
    await store.delete([]);
    await store.delete(['list/c']);
    expect(await keysOf(store, 'list/')).toEqual([]);
    expect(await keysOf(store, 'lists/')).toEqual(['lists/other']);
  });

  it('gives S3 a short-lived URL with the download name and type, and local none', async () => {
    const bytes = Buffer.from('%PDF-1.4 pretend');
    await store.put('files/report', bytes, { contentType: 'application/octet-stream' });
    const url = await store.signedUrl('files/report', {
      expiresInSeconds: 300,
      fileName: 'Report “final” ü.pdf',
      contentType: 'application/pdf',
      inline: true,
    });
    if (adapter.name === 'local') {
      expect(url).toBeNull();
      return;
    }
    expect(url).toMatch(/X-Amz-Expires=300/);
    const res = await fetch(url!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(
      `inline; filename="Report _final_ _.pdf"; filename*=UTF-8''${encodeURIComponent('Report “final” ü.pdf')}`,
    );
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes);

    const tampered = url!.replace(
      /X-Amz-Signature=([0-9a-f])/,
      (_, c: string) => `X-Amz-Signature=${c === '0' ? '1' : '0'}`,
    );
    expect((await fetch(tampered)).status).toBe(403);
    const otherKey = url!.replace('/files/report?', '/files/hello?');
    expect((await fetch(otherKey)).status).toBe(403);
  });
});
