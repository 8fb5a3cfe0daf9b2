import type { RoomNotifications, RoomNotifyLevel } from '@parley/shared';

/** Every word of the room notifications menu and dialog, in one place (for translation). */
export const ROOM_NOTIFICATIONS_TEXT = {
  menuItem: (state: string) => `Notifications: ${state}`,
  dialogTitle: (room: string) => `Notifications for ${room}`,
  levelLegend: 'Notify me about',
  levels: {
    all: 'All messages',
    mentions: 'Mentions only',
    none: 'Nothing',
  } satisfies Record<RoomNotifyLevel, string>,
  levelHints: {
    all: 'Every new message counts in the badge and may notify you.',
    mentions: 'Only messages that mention you (and calls) count and notify.',
    none: 'Nothing from this room notifies you; mentions still show in the badge.',
  } satisfies Record<RoomNotifyLevel, string>,
  muteLegend: 'Mute',
  mutes: {
    keep: (until: string) => `Keep muted until ${until}`,
    off: 'Not muted',
    hour: 'For 1 hour',
    eightHours: 'For 8 hours',
    tomorrow: 'Until tomorrow, 08:00',
    week: 'For a week',
  },
  mutedUntil: (until: string) => `Muted until ${until}`,
  muted: 'Muted',
  save: 'Save',
  saving: 'Saving…',
  cancel: 'Cancel',
} as const;

export type MuteChoice = 'keep' | 'off' | 'hour' | 'eightHours' | 'tomorrow' | 'week';

/** Whether the mute still holds at `nowMs`. */
export function isMuted(n: RoomNotifications, nowMs: number): boolean {
  return n.muteUntil !== null && Date.parse(n.muteUntil) > nowMs;
}

/**
 * Whether the room's badge counts only mentions at `nowMs` (the server's rule): muted, or at
 * mentions only or nothing.
 */
export function isQuiet(n: RoomNotifications, nowMs: number): boolean {
  return n.level !== 'all' || isMuted(n, nowMs);
}

/** The end of a mute chosen at `now` (null: none). */
export function muteEnd(choice: Exclude<MuteChoice, 'keep'>, now: Date): string | null {
  const hours = (h: number) => new Date(now.getTime() + h * 3_600_000).toISOString();
  switch (choice) {
    case 'off':
      return null;
    case 'hour':
      return hours(1);
    case 'eightHours':
      return hours(8);
    case 'week':
      return hours(24 * 7);
    case 'tomorrow': {
      const next = new Date(now);
      next.setDate(next.getDate() + 1);
      next.setHours(8, 0, 0, 0);
      return next.toISOString();
    }
  }
}

/** "14:30" today, "Tue 08:00" another day: when a mute ends, in the browser's language and zone. */
export function untilLabel(iso: string, now: Date): string {
  const at = new Date(iso);
  const sameDay = at.toDateString() === now.toDateString();
  return new Intl.DateTimeFormat(undefined, {
    ...(sameDay ? {} : { weekday: 'short', day: 'numeric', month: 'short' }),
    hour: '2-digit',
    minute: '2-digit',
  }).format(at);
}

/** The state the menu shows: "All messages", "Mentions only", "Muted until 14:30"… */
export function stateLabel(n: RoomNotifications, now: Date): string {
  if (isMuted(n, now.getTime())) {
    return ROOM_NOTIFICATIONS_TEXT.mutedUntil(untilLabel(n.muteUntil!, now));
  }
  return ROOM_NOTIFICATIONS_TEXT.levels[n.level];
}
