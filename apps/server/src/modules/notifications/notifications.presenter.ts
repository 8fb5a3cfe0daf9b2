import { DndScheduleSchema, type NotificationSettings } from '@parley/shared';
import type { DndState } from './dnd.js';
import { isDndActive } from './dnd.js';
import type { NotificationSettingsRow } from './notifications.repository.js';

/** A stored schedule, or null when there is none (or it no longer reads as one). */
function scheduleOf(text: string | null): DndState['schedule'] {
  if (text === null) return null;
  try {
    const parsed = DndScheduleSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Do not disturb as stored (no row: off). */
export function dndStateOf(row: NotificationSettingsRow | undefined): DndState {
  return { until: row?.dnd_until ?? null, schedule: scheduleOf(row?.dnd_schedule ?? null) };
}

/** A person's settings as the API shows them; defaults when they never changed any. */
export function presentSettings(
  row: NotificationSettingsRow | undefined,
  context: { now: Date; emailAvailable: boolean; previewAllowed: boolean },
): NotificationSettings {
  const dnd = dndStateOf(row);
  // A time that passed is shown as off: nothing holds until then any more.
  const until = dnd.until !== null && Date.parse(dnd.until) > context.now.getTime() ? dnd.until : null;
  return {
    dnd: { until, schedule: dnd.schedule, active: isDndActive(dnd, context.now) },
    email: {
      digestMinutes: row?.digest_minutes ?? null,
      missedCalls: (row?.missed_calls ?? 0) === 1,
      available: context.emailAvailable,
    },
    preview: (row?.preview ?? 0) === 1,
    previewAllowed: context.previewAllowed,
  };
}
