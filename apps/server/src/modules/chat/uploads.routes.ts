import fastifyMultipart from '@fastify/multipart';
import { FileQuerySchema, IdSchema, UploadResponseSchema } from '@parley/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, Errors } from '../../errors.js';
import { requireUser } from '../../plugins/auth-guards.js';
import { RATE_LIMITS } from '../../plugins/rate-limits.js';
import { contentDisposition } from '../../storage/object-store.js';
import { isInlineType, type UploadRow } from '../files/index.js';
import { presentPublicUser } from '../users/index.js';
import type { Actor } from './chat.access.js';
import { RoomParamsSchema } from './chat.schema.js';
import { fileNotFound } from './uploads.service.js';

const tags = ['files'];
/** The multipart parser's own cap, above the largest `maxUploadMb` settings allow (the service enforces the setting). */
const PARSER_FILE_LIMIT = 1024 * 1024 * 1024 + 1;

const actorOf = async (request: FastifyRequest): Promise<Actor> =>
  presentPublicUser((await requireUser(request)).user);

/** `POST /rooms/:id/uploads` (streamed multipart) and `GET /files/:id` (issue 20). */
export const uploadsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { uploads } = app.services.chat;
  const { limits, files } = app.services;
  // Streamed: the file goes to the object store as it arrives, never whole into memory.
  await app.register(fastifyMultipart, {
    limits: { fileSize: PARSER_FILE_LIMIT, files: 1, fields: 10, parts: 12, headerPairs: 50 },
  });

  app.post(
    '/rooms/:id/uploads',
    {
      // Guests (issue 19): the consultation chat of a guest's consultation (membership still decides).
      config: { guests: true },
      schema: {
        tags,
        summary:
          'Upload a file into a room (multipart field "file"), to attach to a message; images are stored re-encoded without metadata',
        consumes: ['multipart/form-data'],
        params: RoomParamsSchema,
        response: { 201: UploadResponseSchema },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request);
      await limits.take(actor.id, 'uploadsPerHour');
      const part = await request.file().catch((err: unknown) => {
        throw multipartError(err);
      });
      if (!part || part.fieldname !== 'file') {
        part?.file.resume();
        throw Errors.validation([{ path: 'file', message: 'Attach the file as the "file" field' }]);
      }
      const upload = await uploads.upload(actor, request.params.id, {
        fileName: part.filename,
        stream: part.file,
      });
      return reply.status(201).send({ upload });
    },
  );

  app.get(
    '/files/:id',
    {
      config: { guests: true, rateLimit: RATE_LIMITS.fileRead },
      // Ranges address the stored bytes: never compressed on the way.
      compress: false,
      schema: {
        tags,
        summary:
          'A file (members of its room; its uploader before it is sent): bytes with Range support, or a redirect to the store',
        params: z.object({ id: IdSchema }),
        querystring: FileQuerySchema,
      },
    },
    async (request, reply) => {
      const row = await uploads.find(await actorOf(request), request.params.id);
      const thumbnail = request.query.thumbnail === '1';
      const download = request.query.download === '1';
      if (thumbnail && !row.thumbnail_key) throw fileNotFound();
      const type = thumbnail ? 'image/webp' : row.type;
      const inline = !download && isInlineType(type);
      reply.header('cache-control', 'private, max-age=300');
      const signed = await files.signedUrl(row, { thumbnail, download });
      if (signed) return reply.redirect(signed, 302);
      return sendObject(request, reply, row, { thumbnail, type, inline });
    },
  );

  async function sendObject(
    request: FastifyRequest,
    reply: FastifyReply,
    row: UploadRow,
    options: { thumbnail: boolean; type: string; inline: boolean },
  ) {
    const etag = `"${row.id}${options.thumbnail ? '-t' : ''}"`;
    reply
      .header('content-type', options.type)
      .header('content-disposition', contentDisposition(row.name, options.inline))
      .header('x-content-type-options', 'nosniff')
      .header('etag', etag)
      .header('accept-ranges', options.thumbnail ? 'none' : 'bytes');
    if (options.type === 'application/pdf' && options.inline) {
      // The browser's PDF viewer does not run in a sandbox; the app may frame it (a preview).
      reply
        .header('content-security-policy', "frame-ancestors 'self'")
        .header('x-frame-options', 'SAMEORIGIN');
    } else {
      reply.header('content-security-policy', "sandbox; default-src 'none'");
    }
    if (request.headers['if-none-match'] === etag) return reply.status(304).send();
    const size = Number(row.size);
    const range = options.thumbnail ? null : parseRange(request.headers.range, size);
    if (range === 'unsatisfiable') {
      reply.removeHeader('content-disposition');
      return reply
        .status(416)
        .header('content-range', `bytes */${size}`)
        .header('content-type', 'application/json; charset=utf-8')
        .send({
          error: { code: 'validation_failed', message: `This range is outside the file's ${size} bytes` },
        });
    }
    const object = await files.open(row, { thumbnail: options.thumbnail, ...(range ? { range } : {}) });
    if (!object) throw fileNotFound();
    if (range) {
      reply
        .status(206)
        .header('content-range', `bytes ${range.start}-${range.end}/${object.size}`)
        .header('content-length', range.end - range.start + 1);
    } else {
      reply.header('content-length', object.size);
    }
    return reply.send(object.body);
  }
};

/**
 * One `bytes=` range (`a-b`, `a-`, `-n`) within `size`: null for none or one we do not serve (several
 * ranges: the whole file is the allowed answer), `unsatisfiable` for one wholly outside the file.
 */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | null | 'unsatisfiable' {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match) return null;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return null;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size) return 'unsatisfiable';
  if (end < start) return null;
  return { start, end };
}

/** The multipart parser's complaints as the catalogue's answers (a 400 or 415, never a 500). */
function multipartError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const code = (err as { code?: unknown }).code;
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') {
    return Errors.unsupportedMediaType('multipart/form-data');
  }
  if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
    return Errors.payloadTooLarge('uploadTooLarge');
  }
  return err instanceof Error
    ? Errors.invalidMultipart('invalidMultipart', { reason: err.message })
    : Errors.invalidMultipart('multipartUnreadable');
}
