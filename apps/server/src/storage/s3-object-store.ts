import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Readable } from 'node:stream';
import {
  contentDisposition,
  type ObjectInfo,
  type ObjectStore,
  type SignedUrlOptions,
} from './object-store.js';

/** Where the objects are and who may touch them (from STORAGE=s3 and the S3_* variables). */
export interface S3Settings {
  /** Null means AWS itself (the region's endpoint). */
  endpoint: string | null;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `https://host/bucket/key` rather than `https://bucket.host/key` (MinIO, Swift, most self-hosted stores). */
  forcePathStyle: boolean;
}

/** A stream is sent in parts of this size (S3's smallest part is 5 MiB); a shorter one in a single PutObject. */
export const DEFAULT_PART_SIZE = 8 * 1024 * 1024;
/** DeleteObjects takes at most this many keys per request. */
const DELETE_BATCH = 1000;

/** Sizes the tests make small to reach the paging and batching paths with few objects. */
export interface S3StoreOptions {
  partSize?: number;
  deleteBatch?: number;
  listPageSize?: number;
}

/**
 * Objects in an S3-compatible store (AWS, MinIO, Ceph, Swift's s3api …), so every node of a cluster
 * serves every file. A put is atomic as S3 makes it: the object appears whole when PutObject or
 * CompleteMultipartUpload succeeds; a stream that fails on the way aborts its multipart upload, so
 * nothing is left under the key. Checksums are sent only where S3 requires them: several
 * compatible stores refuse the SDK's default streaming checksums ("aws-chunked is not supported").
 */
export class S3ObjectStore implements ObjectStore {
  readonly kind = 's3' as const;
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly partSize: number;
  private readonly deleteBatch: number;
  private readonly listPageSize: number | undefined;

  constructor(
    private readonly settings: S3Settings,
    options: S3StoreOptions = {},
  ) {
    this.bucket = settings.bucket;
    this.partSize = options.partSize ?? DEFAULT_PART_SIZE;
    this.deleteBatch = options.deleteBatch ?? DELETE_BATCH;
    this.listPageSize = options.listPageSize;
    this.client = new S3Client({
      region: settings.region,
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      forcePathStyle: settings.forcePathStyle,
      credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  /** Where this store is, for messages to the operator (never the keys). */
  get description(): string {
    return `bucket "${this.bucket}" at ${this.settings.endpoint ?? `AWS S3 (${this.settings.region})`}`;
  }

  async put(key: string, body: Buffer | Readable, options: { contentType: string }): Promise<void> {
    if (Buffer.isBuffer(body)) return this.putWhole(key, body, options.contentType);
    const parts = chunks(body, this.partSize);
    const first = await parts.next();
    const firstPart = first.done ? Buffer.alloc(0) : first.value;
    const second = first.done ? first : await parts.next();
    if (second.done) return this.putWhole(key, firstPart, options.contentType);
    await this.putInParts(key, options.contentType, firstPart, second.value, parts);
  }

  async get(key: string, range?: { start: number; end?: number }) {
    try {
      const answer = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: key,
          ...(range ? { Range: `bytes=${range.start}-${range.end ?? ''}` } : {}),
        }),
      );
      const total = /\/(\d+)$/.exec(answer.ContentRange ?? '')?.[1];
      return {
        body: answer.Body as Readable,
        size: total !== undefined ? Number(total) : (answer.ContentLength ?? 0),
        contentType: answer.ContentType ?? null,
      };
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async head(key: string): Promise<ObjectInfo | null> {
    try {
      const answer = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { key, size: answer.ContentLength ?? 0, lastModified: answer.LastModified ?? new Date(0) };
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async delete(keys: readonly string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += this.deleteBatch) {
      const batch = keys.slice(i, i + this.deleteBatch);
      const answer = await this.client.send(
        new DeleteObjectsCommand({
          Bucket: this.bucket,
          Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
        }),
      );
      const failed = (answer.Errors ?? []).filter((e) => e.Code !== 'NoSuchKey');
      if (failed.length > 0) {
        throw new Error(
          `S3 could not delete ${failed.length} object(s), first ${JSON.stringify(failed[0]!.Key)}: ${failed[0]!.Code}`,
        );
      }
    }
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: prefix,
          ...(this.listPageSize ? { MaxKeys: this.listPageSize } : {}),
          ...(token ? { ContinuationToken: token } : {}),
        }),
      );
      for (const item of page.Contents ?? []) {
        if (item.Key === undefined) continue;
        yield { key: item.Key, size: item.Size ?? 0, lastModified: item.LastModified ?? new Date(0) };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  signedUrl(key: string, options: SignedUrlOptions): Promise<string | null> {
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ResponseContentDisposition: contentDisposition(options.fileName, options.inline),
      ResponseContentType: options.contentType,
    });
    return getSignedUrl(this.client, command, { expiresIn: options.expiresInSeconds });
  }

  /**
   * At start-up: the bucket exists and these keys may use it. Throws an error that says which, in
   * words an operator can act on (and never with the secret key in it).
   */
  async checkBucket(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (err) {
      const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      const why =
        status === 404
          ? 'does not exist (create it, or set S3_BUCKET to one that does)'
          : status === 403 || status === 401
            ? 'refuses these keys (check S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, and the bucket policy)'
            : status !== undefined
              ? `answered HTTP ${status}`
              : `cannot be reached (${networkReason(err)}; check S3_ENDPOINT)`;
      throw new Error(`the object store's ${this.description} ${why}`);
    }
  }

  /** Releases the client's sockets. */
  close(): void {
    this.client.destroy();
  }

  private async putWhole(key: string, body: Buffer, contentType: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentLength: body.length,
        ContentType: contentType,
      }),
    );
  }

  /** A multipart upload, one part at a time (memory stays at one part); aborted when anything fails. */
  private async putInParts(
    key: string,
    contentType: string,
    first: Buffer,
    second: Buffer,
    rest: AsyncIterator<Buffer>,
  ): Promise<void> {
    const created = await this.client.send(
      new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key, ContentType: contentType }),
    );
    const uploadId = created.UploadId!;
    const done: { ETag: string; PartNumber: number }[] = [];
    try {
      const send = async (part: Buffer) => {
        const PartNumber = done.length + 1;
        const answer = await this.client.send(
          new UploadPartCommand({
            Bucket: this.bucket,
            Key: key,
            UploadId: uploadId,
            PartNumber,
            Body: part,
            ContentLength: part.length,
          }),
        );
        done.push({ ETag: answer.ETag!, PartNumber });
      };
      await send(first);
      await send(second);
      for (let next = await rest.next(); !next.done; next = await rest.next()) await send(next.value);
      await this.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: done },
        }),
      );
    } catch (err) {
      await this.client
        .send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }))
        .catch(() => undefined);
      throw err;
    }
  }
}

/** The stream cut into buffers of exactly `size` bytes (the last one shorter; none for an empty stream). */
async function* chunks(stream: Readable, size: number): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    let data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    while (length + data.length >= size) {
      const take = size - length;
      pending.push(data.subarray(0, take));
      yield Buffer.concat(pending);
      pending = [];
      length = 0;
      data = data.subarray(take);
    }
    if (data.length > 0) {
      pending.push(data);
      length += data.length;
    }
  }
  if (length > 0) yield Buffer.concat(pending);
}

function isMissing(err: unknown): boolean {
  const name = (err as { name?: string }).name;
  return name === 'NoSuchKey' || name === 'NotFound';
}

function networkReason(err: unknown): string {
  const e = err as { code?: string; cause?: { code?: string }; name?: string };
  return e.code ?? e.cause?.code ?? e.name ?? 'unknown error';
}
