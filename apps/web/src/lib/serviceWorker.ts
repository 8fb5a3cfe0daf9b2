import { useEffect, useSyncExternalStore } from 'react';
import { useNavigate } from 'react-router-dom';
import { safeNextPath } from './nextPath';

/**
 * Registers Parley's service worker (apps/web/sw/sw.js, built to /sw.js): the offline app shell and
 * Web Push. Production builds only (the dev server and Vitest have no /sw.js), after the page has
 * loaded so the worker's precaching never competes with the first page's own downloads.
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  const register = () => {
    // Not fatal: Parley works without it, only the offline start and push are missing (the
    // profile's "Push on this device" says so).
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}

/** The worker's ask (a notification was clicked) to show a page in this window. */
export function isNavigateMessage(data: unknown): data is { type: 'parley:navigate'; url: string } {
  if (typeof data !== 'object' || data === null) return false;
  const message = data as { type?: unknown; url?: unknown };
  return message.type === 'parley:navigate' && typeof message.url === 'string';
}

/**
 * Shows the page a clicked notification names, without reloading (a call going on in this window
 * stays up). Only same-site paths are followed.
 */
export function useServiceWorkerNavigation(): void {
  const navigate = useNavigate();
  useEffect(() => {
    const container = 'serviceWorker' in navigator ? navigator.serviceWorker : null;
    if (!container) return;
    const onMessage = (event: MessageEvent) => {
      if (isNavigateMessage(event.data)) void navigate(safeNextPath(event.data.url));
    };
    container.addEventListener('message', onMessage);
    return () => container.removeEventListener('message', onMessage);
  }, [navigate]);
}

const subscribeOnline = (onChange: () => void) => {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
};

/** Whether the browser believes it has a network (false means surely offline; true may be wrong). */
export function useOnline(): boolean {
  return useSyncExternalStore(subscribeOnline, () => navigator.onLine);
}
