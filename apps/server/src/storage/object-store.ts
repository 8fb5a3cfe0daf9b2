import type { Readable } from 'node:stream';

/**
 * Where files live (issue 20): avatars and uploads, by key (`avatars/<file>`, `files/<id>`,
 * `thumbs/<id>`). Keys are always made by Parley, never taken from a request. Two adapters: `local`
 * (a folder under DATA_DIR, the embedded default) and `s3` (any S3-compatible store), so with several
 * nodes every node serves every file.
 *
 * A `put` is all or nothing: once it resolves the whole object is stored; if it throws or the process
 * dies during it, no object (and no part of one) is visible under the key.
 */
export interface ObjectStore {
  readonly kind: 'local' | 's3';
  /** Stores the bytes under `key`, replacing any object there. */
  put(key: string, body: Buffer | Readable, options: { contentType: string; size?: number }): Promise<void>;
  /**
   * The object's bytes (a byte range when asked: `end` inclusive, as in HTTP), or null when there is
   * no such object. `size` is the whole object's size.
   */
  get(
    key: string,
    range?: { start: number; end?: number },
  ): Promise<{ body: Readable; size: number; contentType: string | null } | null>;
  /** Size and age, or null when there is no such object. */
  head(key: string): Promise<ObjectInfo | null>;
  /** Deletes these objects; a missing one is not an error. */
  delete(keys: readonly string[]): Promise<void>;
  /** Every object whose key starts with `prefix`. */
  list(prefix: string): AsyncIterable<ObjectInfo>;
  /**
   * A short-lived URL a browser can fetch the object from directly (S3: a presigned GET with the
   * download name and type), or null when the store has none (local: Parley serves the bytes).
   */
  signedUrl(key: string, options: SignedUrlOptions): Promise<string | null>;
}

export interface ObjectInfo {
  key: string;
  size: number;
  lastModified: Date;
}

export interface SignedUrlOptions {
  expiresInSeconds: number;
  /** The name the browser saves it under. */
  fileName: string;
  contentType: string;
  /** Shown in the page (images, PDFs) rather than downloaded. */
  inline: boolean;
}

/** `Content-Disposition` for a file name any browser reads right (RFC 6266 with an ASCII fallback). */
export function contentDisposition(fileName: string, inline: boolean): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
