import { randomBytes } from 'node:crypto';
import { readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { ensureDir } from '../../lib/ensure-dir.js';

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

/**
 * Avatars live on local disk. Every upload gets a new random name, so a URL never changes content
 * (browsers may cache it forever) and two uploads never write the same file, which is what makes the
 * compare-and-set in UsersService safe: a file is deleted only by whoever replaced its reference.
 */
export class AvatarStore {
  constructor(readonly dir: string) {}

  async save(userId: string, webp: Buffer): Promise<string> {
    const file = `${userId}-${randomBytes(8).toString('hex')}.webp`;
    ensureDir(this.dir);
    await writeFile(join(this.dir, file), webp, { mode: 0o644 });
    return file;
  }

  async remove(file: string): Promise<void> {
    // The name is ours (from the database), never from the request, so it cannot escape the folder.
    await rm(join(this.dir, file), { force: true });
  }

  /**
   * Deletes files no row references (left by a crash between writing a file and saving its
   * reference). Files younger than `minAgeMs` are kept: their upload may still be in flight.
   */
  async sweep(referenced: Set<string>, now: Date, minAgeMs = 60 * 60_000): Promise<number> {
    let removed = 0;
    const files = await readdir(this.dir).catch(() => [] as string[]);
    for (const file of files) {
      if (referenced.has(file)) continue;
      const info = await stat(join(this.dir, file)).catch(() => null);
      if (!info?.isFile() || now.getTime() - info.mtimeMs < minAgeMs) continue;
      await this.remove(file);
      removed += 1;
    }
    return removed;
  }
}
