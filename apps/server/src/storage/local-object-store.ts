import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import type { ObjectInfo, ObjectStore } from './object-store.js';

/** Objects being written sit here until complete; a crash leaves them, and `sweepPartials` removes them. */
const PARTIAL_DIR = '.partial';

/** Incoming chunks (64 KB off a socket) are written in runs of about this much. */
const WRITE_RUN_BYTES = 1024 * 1024;

/**
 * Writes `source` to `handle` in runs of WRITE_RUN_BYTES, reading the next run while the previous
 * one is being written. One write per 64 KB chunk would be one thread-pool task each, and a few
 * uploads at once queue them behind each other's fsyncs (4 threads by default).
 */
async function writeAll(handle: FileHandle, source: AsyncIterable<Buffer> | Buffer[]): Promise<void> {
  let run: Buffer[] = [];
  let runBytes = 0;
  let writing: Promise<void> = Promise.resolve();
  const write = async (chunks: Buffer[]) => {
    let rest = chunks;
    while (rest.length > 0) {
      const { bytesWritten } = await handle.writev(rest);
      rest = remainder(rest, bytesWritten);
    }
  };
  try {
    for await (const chunk of source) {
      run.push(chunk);
      runBytes += chunk.length;
      if (runBytes < WRITE_RUN_BYTES) continue;
      await writing;
      writing = write(run);
      // Observed now (it may fail while the next run is still arriving); awaited below all the same.
      writing.catch(() => undefined);
      run = [];
      runBytes = 0;
    }
  } catch (err) {
    // The source failed (an upload cut off, a limit): let the write in flight finish first.
    await writing.catch(() => undefined);
    throw err;
  }
  await writing;
  await write(run);
}

/** What `writev` left unwritten after `written` bytes (short writes are legal, if rare on files). */
function remainder(chunks: Buffer[], written: number): Buffer[] {
  let skip = written;
  const rest: Buffer[] = [];
  for (const chunk of chunks) {
    if (skip >= chunk.length) {
      skip -= chunk.length;
      continue;
    }
    rest.push(skip > 0 ? chunk.subarray(skip) : chunk);
    skip = 0;
  }
  return rest;
}

/**
 * The embedded default: objects are files under one folder (DATA_DIR/objects). A put writes a
 * temporary file, syncs it to disk and renames it into place, so a key names either the whole
 * object or nothing. Content types are not stored: the rows that name objects know them.
 */
export class LocalObjectStore implements ObjectStore {
  readonly kind = 'local' as const;
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  async put(key: string, body: Buffer | Readable): Promise<void> {
    const target = this.path(key);
    const partial = join(this.root, PARTIAL_DIR, `${randomBytes(12).toString('hex')}.part`);
    await mkdir(dirname(partial), { recursive: true, mode: 0o700 });
    await mkdir(dirname(target), { recursive: true, mode: 0o700 });
    try {
      const handle = await open(partial, 'w', 0o600);
      try {
        await writeAll(handle, Buffer.isBuffer(body) ? [body] : body);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(partial, target);
    } catch (err) {
      await rm(partial, { force: true });
      throw err;
    }
  }

  async get(key: string, range?: { start: number; end?: number }) {
    const path = this.path(key);
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) return null;
    const options = range
      ? { start: range.start, ...(range.end !== undefined ? { end: range.end } : {}) }
      : {};
    return { body: createReadStream(path, options), size: info.size, contentType: null };
  }

  async head(key: string): Promise<ObjectInfo | null> {
    const info = await stat(this.path(key)).catch(() => null);
    return info?.isFile() ? { key, size: info.size, lastModified: info.mtime } : null;
  }

  async delete(keys: readonly string[]): Promise<void> {
    await Promise.all(keys.map((key) => rm(this.path(key), { force: true })));
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    const files = await readdir(this.root, { recursive: true }).catch(() => [] as string[]);
    for (const file of files.sort()) {
      const key = file.split(sep).join('/');
      if (!key.startsWith(prefix) || key.startsWith(`${PARTIAL_DIR}/`)) continue;
      const info = await stat(join(this.root, file)).catch(() => null);
      if (info?.isFile()) yield { key, size: info.size, lastModified: info.mtime };
    }
  }

  signedUrl(): Promise<string | null> {
    return Promise.resolve(null);
  }

  /** Removes temporary files a crash left behind (older than `minAgeMs`, so no write in progress). */
  async sweepPartials(now: Date, minAgeMs = 60 * 60_000): Promise<number> {
    const dir = join(this.root, PARTIAL_DIR);
    let removed = 0;
    for (const file of await readdir(dir).catch(() => [] as string[])) {
      const info = await stat(join(dir, file)).catch(() => null);
      if (!info || now.getTime() - info.mtimeMs < minAgeMs) continue;
      await rm(join(dir, file), { force: true });
      removed += 1;
    }
    return removed;
  }

  /** Keys are ours, but a key that would leave the folder is refused all the same. */
  private path(key: string): string {
    const path = resolve(this.root, key);
    const rel = relative(this.root, path);
    if (key === '' || rel.startsWith('..') || rel.startsWith(PARTIAL_DIR) || rel === '') {
      throw new Error(`object key out of bounds: ${JSON.stringify(key)}`);
    }
    return path;
  }
}
