import { useCallback, useSyncExternalStore } from 'react';

/**
 * Opt-in browser notifications for direct messages and mentions while the tab is hidden. The choice
 * is kept per browser (localStorage); the browser's own permission is asked only on that click.
 */
const KEY = 'parley.notifications';
const listeners = new Set<() => void>();

export function notificationsSupported(): boolean {
  return typeof window !== 'undefined' && 'Notification' in window;
}

export function notificationsEnabled(): boolean {
  try {
    return (
      notificationsSupported() && Notification.permission === 'granted' && localStorage.getItem(KEY) === 'on'
    );
  } catch {
    return false;
  }
}

function setStored(on: boolean) {
  try {
    if (on) localStorage.setItem(KEY, 'on');
    else localStorage.removeItem(KEY);
  } catch {
    // Private mode without storage: the setting lasts as long as the page.
  }
  for (const listener of listeners) listener();
}

export type NotificationChoice = 'on' | 'off' | 'denied' | 'unsupported';

function currentChoice(): NotificationChoice {
  if (!notificationsSupported()) return 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  return notificationsEnabled() ? 'on' : 'off';
}

export function useNotificationChoice(): [NotificationChoice, (on: boolean) => Promise<void>] {
  const choice = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    currentChoice,
    () => 'unsupported' as const,
  );
  const set = useCallback(async (on: boolean) => {
    if (!on || !notificationsSupported()) return setStored(false);
    const permission =
      Notification.permission === 'default'
        ? await Notification.requestPermission()
        : Notification.permission;
    setStored(permission === 'granted');
  }, []);
  return [choice, set];
}

/** Shows one notification; clicking it focuses the tab and opens the room. */
export function notify(title: string, body: string, tag: string, onClick: () => void): void {
  if (!notificationsEnabled()) return;
  try {
    const notification = new Notification(title, { body, tag });
    notification.onclick = () => {
      window.focus();
      onClick();
      notification.close();
    };
  } catch {
    // Some browsers only allow notifications from a service worker; nothing else to do.
  }
}
