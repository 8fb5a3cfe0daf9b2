import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export type ImageKind = 'png' | 'jpg' | 'gif' | 'webp';

/** Trusts the bytes, not the client's content type or file name. */
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
 * Avatars live on local disk under content-addressed names, so the URL changes whenever the image
 * does and browsers may cache each URL forever.
 */
export class AvatarStore {
  constructor(readonly dir: string) {}

  async save(userId: string, bytes: Buffer, kind: ImageKind): Promise<string> {
    const digest = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
    const file = `${userId}-${digest}.${kind}`;
    await mkdir(this.dir, { recursive: true });
    await writeFile(join(this.dir, file), bytes);
    return file;
  }

  async remove(file: string): Promise<void> {
    // The name is ours (from the database), never from the request, so it cannot escape the folder.
    await rm(join(this.dir, file), { force: true });
  }
}
