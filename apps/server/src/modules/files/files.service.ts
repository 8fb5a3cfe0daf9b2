import { Readable } from 'node:stream';
import type { FilesSettings } from '@parley/shared';
import { AppError, Errors } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { ObjectStore } from '../../storage/object-store.js';
import {
  cleanFileName,
  isImageType,
  isInlineType,
  reencodeImage,
  sniffType,
  SNIFF_BYTES,
  typeAllowed,
  withExtension,
} from './files.media.js';
import type { UploadRow, UploadsRepository } from './uploads.repository.js';

const MB = 1024 * 1024;
/** How long a presigned URL (S3) lets a browser fetch a file. */
const SIGNED_URL_SECONDS = 5 * 60;

export interface FilesDependencies {
  repo: UploadsRepository;
  objects: ObjectStore;
  settings: () => Promise<FilesSettings>;
  clock: Clock;
  log?: { warn(obj: object, msg: string): void };
}

export interface StoreInput {
  ownerId: string;
  roomId: string;
  fileName: string;
  stream: Readable;
}

export const objectKey = (id: string): string => `files/${id}`;
export const thumbnailKey = (id: string): string => `thumbs/${id}.webp`;

/**
 * Uploaded files (issue 20): their bytes in the object store, their rows in `uploads`. Storing writes
 * the object(s) first and the row last, so a row always names a complete object; a crash in between
 * leaves an object no row names, which the sweeper removes.
 */
export class FilesService {
  constructor(private readonly deps: FilesDependencies) {}

  /**
   * Streams one file into the store: stops at the size limit (413 `file_too_large`) or at what is left
   * of the person's quota (413 `quota_exceeded`), sniffs its type from its bytes and checks it against
   * the allowed types (415 `file_type_not_allowed`), re-encodes images (metadata stripped) with a
   * WebP preview. Access (membership of the room) is the caller's to check.
   */
  async store(input: StoreInput): Promise<UploadRow> {
    const settings = await this.deps.settings();
    const maxBytes = settings.maxUploadMb * MB;
    const quotaBytes = settings.quotaMbPerPerson * MB;
    const remaining = quotaBytes > 0 ? quotaBytes - (await this.deps.repo.usage(input.ownerId)) : Infinity;
    if (remaining <= 0) {
      input.stream.resume();
      throw Errors.quotaExceeded(settings.quotaMbPerPerson);
    }
    const overLimit = (bytes: number): AppError | null =>
      bytes > maxBytes
        ? Errors.fileTooLarge(settings.maxUploadMb)
        : bytes > remaining
          ? Errors.quotaExceeded(settings.quotaMbPerPerson)
          : null;

    const source = new LimitedSource(input.stream, overLimit);
    const head = await source.head(SNIFF_BYTES);
    let type = await sniffType(head, source.ended);
    if (!typeAllowed(type, settings.allowedTypes)) {
      input.stream.resume();
      throw Errors.fileTypeNotAllowed(type);
    }
    const id = newId(this.deps.clock.now().getTime());
    let name = cleanFileName(input.fileName);
    const row: UploadRow = {
      id,
      owner_id: input.ownerId,
      room_id: input.roomId,
      message_id: null,
      position: 0,
      name,
      type,
      size: 0,
      width: null,
      height: null,
      object_key: objectKey(id),
      thumbnail_key: null,
      created_at: this.deps.clock.now().toISOString(),
      attached_at: null,
    };
    const written: string[] = [];
    try {
      if (isImageType(type)) {
        const original = await source.readAll();
        const image = await reencodeImage(original, type);
        if (image) {
          await this.deps.objects.put(row.object_key, image.bytes, { contentType: image.type });
          written.push(row.object_key);
          await this.deps.objects.put(thumbnailKey(id), image.thumbnail, { contentType: 'image/webp' });
          written.push(thumbnailKey(id));
          if (image.type !== type) name = withExtension(name, image.extension);
          Object.assign(row, {
            name,
            type: image.type,
            size: image.bytes.length,
            width: image.width,
            height: image.height,
            thumbnail_key: thumbnailKey(id),
          });
        } else {
          // Claims to be an image but does not decode: kept as opaque bytes, never shown inline.
          type = 'application/octet-stream';
          if (!typeAllowed(type, settings.allowedTypes)) throw Errors.fileTypeNotAllowed(type);
          await this.deps.objects.put(row.object_key, original, { contentType: type, size: original.length });
          written.push(row.object_key);
          Object.assign(row, { type, size: original.length });
        }
      } else {
        await this.deps.objects
          .put(row.object_key, source.stream(), { contentType: type })
          .catch((err: unknown) => {
            throw source.failure ?? err;
          });
        written.push(row.object_key);
        row.size = source.bytes;
      }
      await this.deps.repo.insert(row);
      return row;
    } catch (err) {
      // Best effort: the sweeper removes what this misses (objects no row names).
      await this.deps.objects.delete(written).catch(() => undefined);
      throw source.failure ?? err;
    }
  }

  /** The bytes of a file (or of its preview), a byte range of them when asked; null when gone. */
  open(row: UploadRow, options: { thumbnail: boolean; range?: { start: number; end?: number } }) {
    const key = options.thumbnail ? row.thumbnail_key : row.object_key;
    if (!key) return Promise.resolve(null);
    return this.deps.objects.get(key, options.range);
  }

  /** A short-lived direct URL (S3), or null when Parley serves the bytes itself (local). */
  signedUrl(row: UploadRow, options: { thumbnail: boolean; download: boolean }): Promise<string | null> {
    const key = options.thumbnail ? row.thumbnail_key : row.object_key;
    if (!key) return Promise.resolve(null);
    const type = options.thumbnail ? 'image/webp' : row.type;
    return this.deps.objects.signedUrl(key, {
      expiresInSeconds: SIGNED_URL_SECONDS,
      fileName: row.name,
      contentType: type,
      inline: !options.download && isInlineType(type),
    });
  }

  /** Deletes objects whose rows are gone (after the deleting transaction committed). */
  async remove(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    try {
      await this.deps.objects.delete(keys);
    } catch (err) {
      // The sweeper deletes objects no row names; a failure here only delays that.
      this.deps.log?.warn({ err, count: keys.length }, 'could not delete the objects of removed files');
    }
  }
}

/**
 * The upload's bytes as they arrive, counted: past the limit the stream fails with the limit's error
 * (kept in `failure`, since a store may wrap what a stream throws).
 */
class LimitedSource {
  bytes = 0;
  ended = false;
  failure: AppError | null = null;
  private readonly chunks: Buffer[] = [];
  private readonly iterator: AsyncIterator<Buffer>;

  constructor(
    source: Readable,
    private readonly overLimit: (bytes: number) => AppError | null,
  ) {
    this.iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  }

  private async next(): Promise<Buffer | null> {
    if (this.ended) return null;
    let result: IteratorResult<Buffer>;
    try {
      result = await this.iterator.next();
    } catch (err) {
      // The upload broke off (the client went, or its multipart framing is broken).
      this.failure =
        err instanceof Error
          ? Errors.invalidMultipart('invalidMultipart', { reason: err.message })
          : Errors.invalidMultipart('multipartEndedEarly');
      throw this.failure;
    }
    if (result.done) {
      this.ended = true;
      return null;
    }
    const chunk = result.value;
    this.bytes += chunk.length;
    this.failure = this.overLimit(this.bytes);
    if (this.failure) {
      await this.iterator.return?.();
      throw this.failure;
    }
    return chunk;
  }

  /** Reads at least `size` bytes (fewer only at the end) and keeps them to be streamed first. */
  async head(size: number): Promise<Buffer> {
    let buffered = 0;
    while (buffered < size) {
      const chunk = await this.next();
      if (!chunk) break;
      this.chunks.push(chunk);
      buffered += chunk.length;
    }
    return Buffer.concat(this.chunks);
  }

  async readAll(): Promise<Buffer> {
    for (let chunk = await this.next(); chunk; chunk = await this.next()) this.chunks.push(chunk);
    return Buffer.concat(this.chunks.splice(0));
  }

  /** Everything: what `head` kept, then the rest as it arrives. */
  stream(): Readable {
    const kept = this.chunks.splice(0);
    const next = () => this.next();
    return Readable.from(
      (async function* () {
        yield* kept;
        for (let chunk = await next(); chunk; chunk = await next()) yield chunk;
      })(),
    );
  }
}
