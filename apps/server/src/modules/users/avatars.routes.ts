import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Errors } from '../../errors.js';
import { RATE_LIMITS } from '../../plugins/rate-limits.js';
import type { AvatarStore } from './avatar-store.js';

/** A name never names other content (see AvatarStore), so browsers and proxies keep it for a year. */
const FOREVER = 'public, max-age=31536000, immutable';

/**
 * `GET /avatars/:file` from the object store, on any node: the bytes themselves (also from S3:
 * avatars are small, and the stable URL is what lets browsers cache them). Public, as avatars
 * always were; a name that is not an avatar's is the same 404 as a missing one.
 */
export const avatarsRoutes =
  (avatars: AvatarStore): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/avatars/:file',
      {
        config: { public: true, rateLimit: RATE_LIMITS.avatarRead },
        schema: {
          tags: ['me'],
          summary: 'An avatar image (WebP; public; a URL never changes content, so it is cached for a year)',
          params: z.object({ file: z.string().max(200) }),
        },
      },
      async (request, reply) => {
        const { file } = request.params;
        const etag = `"${file}"`;
        const avatar = await avatars.open(file);
        if (!avatar) throw Errors.notFound('avatarNotFound');
        if (request.headers['if-none-match'] === etag) {
          avatar.body.destroy();
          return reply.status(304).header('etag', etag).header('cache-control', FOREVER).send();
        }
        return reply
          .header('content-type', 'image/webp')
          .header('content-length', avatar.size)
          .header('cache-control', FOREVER)
          .header('etag', etag)
          .send(avatar.body);
      },
    );
  };
