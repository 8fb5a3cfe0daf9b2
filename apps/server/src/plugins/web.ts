import { resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { Errors } from '../errors.js';
import { redactUrl } from '../logger.js';

/** Serves the built SPA (avatars: modules/users/avatars.routes.ts); unknown non-API GETs get index.html so client routes deep-link. */
export async function registerWeb(app: FastifyInstance, config: Config): Promise<void> {
  const dist = config.web.distDir;
  if (dist) {
    await app.register(fastifyStatic, {
      root: dist,
      prefix: '/',
      wildcard: false,
      index: false,
      // The build writes .br and .gz beside each asset; sent when the browser accepts them.
      preCompressed: true,
      setHeaders(res, path) {
        // Vite fingerprints everything under assets/; index.html must always be revalidated.
        void res.header(
          'cache-control',
          path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }

  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    // Client routes have no file extension; a missing file (an old asset, a .map) is a real 404.
    const wantsPage =
      request.method === 'GET' &&
      !path.startsWith('/api/') &&
      !path.startsWith('/avatars/') &&
      !/\.[A-Za-z0-9]+$/.test(path);
    if (dist && wantsPage) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html', resolve(dist));
    }
    if (!dist && wantsPage && path === '/') {
      return reply
        .type('text/plain')
        .send('Parley API is running. The web app is not built: run `npm run build` and restart.');
    }
    // The message is logged: a path that carries a credential (a guest link) is named without it.
    throw Errors.notFound(`${request.method} ${redactUrl(path)}`);
  });
}
