/**
 * Parley's service worker, served at /sw.js (scope /). Plain JavaScript: the build (vite.sw.ts)
 * copies it into dist/ with the two placeholders below filled in.
 *
 * - Offline app shell: the page and every file of the build are cached at install; a navigation
 *   goes to the network first and falls back to the cached page, so a reload without a network shows
 *   Parley (which says it is offline) instead of the browser's error page. Fingerprinted files under
 *   /assets/ never change: they come from the cache (one missing is fetched and kept).
 *   Nothing else is cached: never the API, socket.io, avatars or uploads.
 * - Web Push: a `push` carries a PushPayload (packages/shared/src/notifications.ts) and shows it as a
 *   notification; `close` closes the notification with that tag (a call answered elsewhere).
 * - A click on a notification focuses an open Parley window and shows the payload's page there (or
 *   opens a new window).
 */

/** The build's version (a hash of the files below): each build gets a cache of its own. */
const VERSION = /* PARLEY_VERSION */ 'dev';
/** The page, the icons and every fingerprinted file of the build. */
const PRECACHE = /* PARLEY_PRECACHE */ ['/'];

const CACHE = `parley-shell-${VERSION}`;
const SHELL = '/';
const ICON = '/icons/icon-192.png';
const BADGE = '/icons/badge-96.png';
/** Never cached, never answered from a cache. */
const PASS_THROUGH = /^\/(api|socket\.io|avatars)(\/|$)/;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE))
      // A new version takes over at once: the assets are fingerprinted, so an open page keeps working.
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names.filter((n) => n.startsWith('parley-shell-') && n !== CACHE).map((n) => caches.delete(n)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || PASS_THROUGH.test(url.pathname)) return;

  if (request.mode === 'navigate') {
    event.respondWith(networkFirstPage(request));
  } else if (url.pathname.startsWith('/assets/') || PRECACHE.includes(url.pathname)) {
    event.respondWith(cacheFirst(request));
  }
});

/** The page from the network (kept as the shell for later), or the cached shell when offline. */
async function networkFirstPage(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    const type = response.headers.get('content-type') ?? '';
    if (response.ok && type.startsWith('text/html')) await cache.put(SHELL, response.clone());
    return response;
  } catch (error) {
    const shell = await cache.match(SHELL);
    if (shell) return shell;
    throw error;
  }
}

/** Fingerprinted files never change: the cached copy, else the network's (kept). */
async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request, { ignoreSearch: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

// ── Web Push ─────────────────────────────────────────────────────────────────────────────────────

self.addEventListener('push', (event) => {
  const payload = readPayload(event.data);
  if (!payload) return;
  event.waitUntil(payload.kind === 'close' ? closeTagged(payload.tag) : show(payload));
});

/** A PushPayload, or null for anything else (checked by hand: the worker bundles no zod). */
function readPayload(data) {
  let value;
  try {
    value = data ? data.json() : null;
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object' || typeof value.tag !== 'string') return null;
  if (value.kind === 'close') return { kind: 'close', tag: value.tag };
  if (!['call', 'message', 'consultation'].includes(value.kind)) return null;
  const texts = [value.title, value.body, value.url];
  if (!texts.every((t) => typeof t === 'string')) return null;
  return { kind: value.kind, title: value.title, body: value.body, url: value.url, tag: value.tag };
}

function show(payload) {
  const call = payload.kind === 'call';
  return self.registration.showNotification(payload.title, {
    body: payload.body,
    tag: payload.tag,
    data: { url: payload.url },
    icon: ICON,
    badge: BADGE,
    // A call rings again when it replaces an older notification, and stays until answered or closed.
    renotify: call,
    requireInteraction: call,
  });
}

async function closeTagged(tag) {
  const shown = await self.registration.getNotifications({ tag });
  for (const notification of shown) notification.close();
}

// ── Clicks ───────────────────────────────────────────────────────────────────────────────────────

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(open(sameOriginPath(event.notification.data && event.notification.data.url)));
});

/** Only Parley's own pages: a path on this origin, else the home page. */
function sameOriginPath(url) {
  try {
    const target = new URL(typeof url === 'string' ? url : '/', self.location.origin);
    if (target.origin === self.location.origin) return target.pathname + target.search + target.hash;
  } catch {
    // Not a URL: the home page.
  }
  return '/';
}

/**
 * Focuses a Parley window and asks it to show the page (the app navigates without a reload, so a
 * call going on there is not cut off); opens a new window when none is open.
 */
async function open(path) {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const existing = windows.find((w) => new URL(w.url).origin === self.location.origin);
  if (!existing) return self.clients.openWindow(path);
  const focused = await existing.focus();
  focused.postMessage({ type: 'parley:navigate', url: path });
  return focused;
}
