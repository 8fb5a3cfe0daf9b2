import type { RoomNotifications, RoomNotifyLevel } from '@parley/shared';
import { t } from '../../i18n';
import { formatDate } from '../../i18n/format';

/**
 * Every word of the room notifications menu and dialog, in the interface's language: call it while
 * rendering (a constant would keep the language of the moment it was made).
 */
export function roomNotificationsText() {
  return {
    menuItem: (state: string) => t('chat.roomNotifications.menuItem', { state }),
    dialogTitle: (room: string) => t('chat.roomNotifications.dialogTitle', { room }),
    levelLegend: t('chat.roomNotifications.levelLegend'),
    levels: {
      all: t('chat.roomNotifications.levels.all'),
      mentions: t('chat.roomNotifications.levels.mentions'),
      none: t('chat.roomNotifications.levels.none'),
    } satisfies Record<RoomNotifyLevel, string>,
    levelHints: {
      all: t('chat.roomNotifications.levelHints.all'),
      mentions: t('chat.roomNotifications.levelHints.mentions'),
      none: t('chat.roomNotifications.levelHints.none'),
    } satisfies Record<RoomNotifyLevel, string>,
    muteLegend: t('chat.roomNotifications.muteLegend'),
    mutes: {
      keep: (until: string) => t('chat.roomNotifications.mutes.keep', { until }),
      off: t('chat.roomNotifications.mutes.off'),
      hour: t('chat.roomNotifications.mutes.hour'),
      eightHours: t('chat.roomNotifications.mutes.eightHours'),
      tomorrow: t('chat.roomNotifications.mutes.tomorrow'),
      week: t('chat.roomNotifications.mutes.week'),
    },
    mutedUntil: (until: string) => t('chat.roomNotifications.mutedUntil', { until }),
    muted: t('chat.roomNotifications.muted'),
    save: t('chat.roomNotifications.save'),
    saving: t('chat.roomNotifications.saving'),
    cancel: t('common.cancel'),
  };
}

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

/** "14:30" today, "Tue 08:00" another day: when a mute ends, in the interface's language and the browser's zone. */
export function untilLabel(iso: string, now: Date): string {
  const at = new Date(iso);
  const sameDay = at.toDateString() === now.toDateString();
  return formatDate(at, {
    ...(sameDay ? {} : { weekday: 'short', day: 'numeric', month: 'short' }),
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** The state the menu shows: "All messages", "Mentions only", "Muted until 14:30"… */
export function stateLabel(n: RoomNotifications, now: Date): string {
  if (isMuted(n, now.getTime())) {
    return roomNotificationsText().mutedUntil(untilLabel(n.muteUntil!, now));
  }
  return roomNotificationsText().levels[n.level];
}
