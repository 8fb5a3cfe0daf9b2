import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';

/** Where the Jitsi IFrame API and its meetings come from; kept current by the settings service. */
export interface FrameSources {
  /** `https://meet.example.org`, or null when Jitsi is not configured. */
  jitsiOrigin(): string | null;
}

const withJitsi =
  (sources: FrameSources, ...base: string[]) =>
  (_req: unknown, _res: unknown): string =>
    [...base, sources.jitsiOrigin()].filter(Boolean).join(' ');

/**
 * Security headers on every answer (pages, API, avatars): a strict CSP the built web app passes (no
 * inline scripts or styles), no framing of Parley itself, nosniff, no referrer leaking meeting URLs,
 * HSTS only when PUBLIC_URL is https. Calls embed Jitsi, so `frame-src` and `script-src` also name
 * the configured Jitsi origin, read from memory on each request rather than from the database.
 */
export async function registerSecurityHeaders(
  app: FastifyInstance,
  config: Config,
  sources: FrameSources,
): Promise<void> {
  // Swagger UI (only at /api/docs) needs inline styles and scripts; nothing else gets them.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/docs')) return;
    route.config = {
      ...(route.config ?? {}),
      helmet: {
        contentSecurityPolicy: {
          directives: {
            defaultSrc: ["'self'"],
            scriptSrc: ["'self'", "'unsafe-inline'"],
            styleSrc: ["'self'", "'unsafe-inline'"],
            imgSrc: ["'self'", 'data:'],
            frameAncestors: ["'none'"],
            upgradeInsecureRequests: null,
          },
        },
      },
    } as typeof route.config;
  });

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: [withJitsi(sources, "'self'")],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameSrc: [withJitsi(sources, "'self'")],
        mediaSrc: ["'self'"],
        // The service worker (/sw.js) and the web app manifest; default-src says the same, but
        // spelled out they survive a change to it.
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(config.auth.secureCookies ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    hsts: config.auth.secureCookies ? { maxAge: 31_536_000, includeSubDomains: false } : false,
    // Avatars and the app are same-origin; Jitsi frames are cross-origin documents, not resources.
    crossOriginResourcePolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });
}
