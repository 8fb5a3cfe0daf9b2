import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { Errors } from '../errors.js';
import { redactUrl } from '../logger.js';

/** What the web app's manifest names: the workspace, as its administrators called it. */
export interface WebSources {
  workspaceName(): Promise<string>;
}

/** Launchers show `short_name` under the icon, where about 12 characters fit. */
const SHORT_NAME_MAX = 12;

/**
 * The build's manifest.webmanifest with the workspace's name, so an installed Parley is called what
 * the people who use it call it. Read from disk once; the name on every request (admins rename).
 */
function manifestRoute(app: FastifyInstance, dist: string, sources: WebSources): void {
  let file: Promise<Record<string, unknown>> | undefined;
  app.get(
    '/manifest.webmanifest',
    { config: { public: true }, schema: { hide: true } },
    async (_request, reply) => {
      file ??= readFile(join(dist, 'manifest.webmanifest'), 'utf8').then(
        (text) => JSON.parse(text) as Record<string, unknown>,
      );
      const manifest = await file.catch(() => {
        file = undefined;
        throw Errors.notFound('routeNotFound', { route: 'GET /manifest.webmanifest' });
      });
      const name = (await sources.workspaceName()).trim() || String(manifest.name);
      return reply
        .type('application/manifest+json; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send(
          JSON.stringify({
            ...manifest,
            name,
            short_name: name.length <= SHORT_NAME_MAX ? name : manifest.short_name,
          }),
        );
    },
  );
}

/**
 * Serves the built SPA (avatars: modules/users/avatars.routes.ts); unknown non-API GETs get
 * index.html so client routes deep-link. Everything but the fingerprinted assets/ is revalidated on
 * each use: index.html, the manifest and /sw.js (a browser checks its service worker against the
 * server at most once a day otherwise, and `no-cache` makes a new build reach it at once).
 */
export async function registerWeb(app: FastifyInstance, config: Config, sources: WebSources): Promise<void> {
  const dist = config.web.distDir;
  if (dist) {
    manifestRoute(app, dist, sources);
    await app.register(fastifyStatic, {
      root: dist,
      prefix: '/',
      wildcard: false,
      index: false,
      // Answered by manifestRoute with the workspace's name.
      globIgnore: ['manifest.webmanifest*'],
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
    throw Errors.notFound('routeNotFound', { route: `${request.method} ${redactUrl(path)}` });
  });
}
