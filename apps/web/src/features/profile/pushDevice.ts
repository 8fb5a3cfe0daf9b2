/**
 * This browser's side of Web Push: whether it can, the permission, and the subscription its push
 * service gives Parley's service worker. Kept apart from the section so tests replace the browser's
 * objects, not this logic.
 */

export type PushSupport = 'supported' | 'unsupported' | 'needs-install';

/** Where the id of this browser's subscription on the server is kept (the server never returns endpoints). */
const STORED_ID = 'parley.pushSubscriptionId';

/**
 * Whether this browser can receive Web Push. iOS and iPadOS offer it only to Parley added to the Home
 * Screen (Safari tabs have no PushManager), so there the answer is "install first".
 */
export function pushSupport(): PushSupport {
  const capable = 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
  if (capable) return 'supported';
  const ios = /\b(iPhone|iPad|iPod)\b/.test(navigator.userAgent);
  return ios ? 'needs-install' : 'unsupported';
}

/** The VAPID key (base64url) as the bytes `pushManager.subscribe` wants. */
export function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Parley's service worker registration, or null when it is not registered (a dev server). */
export async function workerRegistration(): Promise<ServiceWorkerRegistration | null> {
  return (await navigator.serviceWorker.getRegistration('/')) ?? null;
}

export async function currentSubscription(): Promise<PushSubscription | null> {
  const registration = await workerRegistration();
  return registration ? registration.pushManager.getSubscription() : null;
}

export const storedSubscriptionId = (): string | null => localStorage.getItem(STORED_ID);
export const storeSubscriptionId = (id: string | null): void => {
  if (id) localStorage.setItem(STORED_ID, id);
  else localStorage.removeItem(STORED_ID);
};
