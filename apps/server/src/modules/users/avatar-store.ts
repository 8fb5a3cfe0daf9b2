import { randomBytes } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import sharp from 'sharp';
import type { ObjectStore } from '../../storage/object-store.js';

export type ImageKind = 'png' | 'jpg' | 'gif' | 'webp';

/** Avatars are stored square at this size, which covers 2× displays at the largest size shown. */
export const AVATAR_SIZE = 256;
/** A 2 MB file must not unpack into gigabytes (decompression bombs): 24 megapixels at most. */
const MAX_INPUT_PIXELS = 24_000_000;

/** Trusts the bytes, not the client's content type or file name. Only these formats reach the decoder. */
export function sniffImage(bytes: Buffer): ImageKind | null {
  if (
    bytes.length >= 8 &&
    bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  ) {
    return 'png';
  }
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpg';
  const head = bytes.subarray(0, 12).toString('latin1');
  if (head.startsWith('GIF87a') || head.startsWith('GIF89a')) return 'gif';
  if (head.startsWith('RIFF') && head.slice(8, 12) === 'WEBP') return 'webp';
  return null;
}

/**
 * Decodes the upload and encodes a fresh square WebP, so what we serve is pixels we produced, never
 * the uploader's bytes (an HTML or script polyglot that starts with `GIF89a` does not survive).
 * Returns null when the bytes do not decode as an image.
 */
export async function reencodeAvatar(bytes: Buffer): Promise<Buffer | null> {
  if (!sniffImage(bytes)) return null;
  try {
    return await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', animated: false })
      .rotate()
      .resize(AVATAR_SIZE, AVATAR_SIZE, { fit: 'cover' })
      .webp({ quality: 82 })
      .toBuffer();
  } catch {
    return null;
  }
}

/** What an avatar's name looks like: `<user id>-<16 hex>.webp` (names come from `save`, never a request). */
const AVATAR_FILE = /^[A-Za-z0-9-]{1,80}\.webp$/;

/** True for a name `save` could have made: anything else (a path, another type) is not an avatar. */
export const isAvatarFile = (file: string): boolean => AVATAR_FILE.test(file);

const keyOf = (file: string) => `avatars/${file}`;

/**
 * Avatars live in the object store (issue 20: `avatars/<file>`), so with several nodes on S3 every
 * node serves every avatar. Every upload gets a new random name, so a URL never changes content
 * (browsers may cache it forever) and two uploads never write the same object, which is what makes
 * the compare-and-set in UsersService safe: an object is deleted only by whoever replaced its reference.
 */
export class AvatarStore {
  constructor(private readonly objects: ObjectStore) {}

  async save(userId: string, webp: Buffer): Promise<string> {
    const file = `${userId}-${randomBytes(8).toString('hex')}.webp`;
    await this.objects.put(keyOf(file), webp, { contentType: 'image/webp', size: webp.length });
    return file;
  }

  async remove(file: string): Promise<void> {
    await this.objects.delete([keyOf(file)]);
  }

  /** The avatar's bytes, or null when there is none by that name. */
  async open(file: string): Promise<{ body: Readable; size: number } | null> {
    if (!isAvatarFile(file)) return null;
    return this.objects.get(keyOf(file));
  }

  /**
   * Deletes avatars no row references (left by a crash between storing one and saving its
   * reference). Objects younger than `minAgeMs` are kept: their upload may still be in flight.
   */
  async sweep(referenced: Set<string>, now: Date, minAgeMs = 60 * 60_000): Promise<number> {
    const orphans: string[] = [];
    for await (const info of this.objects.list('avatars/')) {
      const file = info.key.slice('avatars/'.length);
      if (referenced.has(file) || now.getTime() - info.lastModified.getTime() < minAgeMs) continue;
      orphans.push(info.key);
    }
    await this.objects.delete(orphans);
    return orphans.length;
  }

  /**
   * Before issue 20 avatars were files in DATA_DIR/avatars on the node that received them. At start
   * each node copies every file it has into the store, then deletes the folder. A crash on the way
   * leaves the folder, and the next start copies again (the same bytes under the same key), so the
   * move finishes once and then costs nothing. Returns how many files it moved.
   */
  async importFolder(dir: string): Promise<number> {
    const entries = await readdir(dir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw err;
    });
    if (!entries) return 0;
    const files = entries.filter((e) => e.isFile()).map((e) => e.name);
    for (const file of files) {
      const bytes = await readFile(join(dir, file));
      await this.objects.put(keyOf(file), bytes, { contentType: 'image/webp', size: bytes.length });
    }
    await rm(dir, { recursive: true, force: true });
    return files.length;
  }
}
