import fastifyCompress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';

/** Answers smaller than this go out as they are: the encoding would cost more than it saves. */
export const COMPRESSION_THRESHOLD_BYTES = 1024;

/**
 * Brotli or gzip, as the client accepts, for every route answered after this registration: JSON,
 * the OpenAPI document, CSV and calendar exports, and any web file the build did not precompress.
 * An answer that already has a `content-encoding` (the build's `.br`/`.gz` sent by @fastify/static)
 * is left alone, and so are images (not a compressible type) and ranges. socket.io never reaches
 * Fastify's hooks (engine.io answers its own requests on the HTTP server), so it is unaffected.
 * Request bodies are not decompressed: the body limit would count compressed bytes, and the
 * signed webhooks and the avatar parser read the bytes as sent.
 */
export async function registerCompression(app: FastifyInstance): Promise<void> {
  await app.register(fastifyCompress, {
    encodings: ['br', 'gzip'],
    threshold: COMPRESSION_THRESHOLD_BYTES,
    globalDecompression: false,
  });
}
