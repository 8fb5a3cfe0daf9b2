import { AvailabilitySchema, type Availability, type HoursRange } from '@parley/shared';
import { t } from '../../i18n';

/** ISO weekdays, Monday 1 … Sunday 7, as the week editor lists them; `providers.weekdays.<key>` names them. */
export const WEEKDAYS = [
  { day: 1, key: 'monday' },
  { day: 2, key: 'tuesday' },
  { day: 3, key: 'wednesday' },
  { day: 4, key: 'thursday' },
  { day: 5, key: 'friday' },
  { day: 6, key: 'saturday' },
  { day: 7, key: 'sunday' },
] as const;

/** A range as edited: `HH:MM` from time inputs, where an end of 00:00 means midnight. */
export interface RangeDraft {
  key: number;
  start: string;
  end: string;
}

export interface ExceptionDraft {
  key: number;
  date: string;
  /** `off`: the whole day off; `hours`: these hours replace the weekday's. */
  kind: 'off' | 'hours';
  hours: RangeDraft[];
}

export interface AvailabilityDraft {
  timezone: string;
  sessionMinutes: string;
  bufferMinutes: string;
  minNoticeMinutes: string;
  horizonDays: string;
  /** Day 1–7 → its ranges. */
  week: Record<number, RangeDraft[]>;
  exceptions: ExceptionDraft[];
}

let nextKey = 1;
export const newKey = () => nextKey++;

export function draftFrom(availability: Availability): AvailabilityDraft {
  const week: Record<number, RangeDraft[]> = {};
  for (const { day } of WEEKDAYS) week[day] = [];
  for (const r of [...availability.weekly].sort((a, b) => a.start.localeCompare(b.start))) {
    week[r.day]?.push({ key: newKey(), start: r.start, end: shownEnd(r.end) });
  }
  return {
    timezone: availability.timezone,
    sessionMinutes: String(availability.sessionMinutes),
    bufferMinutes: String(availability.bufferMinutes),
    minNoticeMinutes: String(availability.minNoticeMinutes),
    horizonDays: String(availability.horizonDays),
    week,
    exceptions: [...availability.exceptions]
      .sort((a, b) => a.date.localeCompare(b.date))
      .map((e) => ({
        key: newKey(),
        date: e.date,
        kind: e.hours.length === 0 ? 'off' : 'hours',
        hours: e.hours.map((h) => ({ key: newKey(), start: h.start, end: shownEnd(h.end) })),
      })),
  };
}

/** Time inputs cannot show 24:00; midnight at the end of a range is shown as 00:00. */
function shownEnd(end: string): string {
  return end === '24:00' ? '00:00' : end;
}

/** …and an end of 00:00 is sent as 24:00, the end of the day. */
function sentEnd(end: string): string {
  return end === '00:00' ? '24:00' : end;
}

/** A range that makes sense after `ranges`: an hour after the last one, or 09:00–17:00. */
export function nextRange(ranges: RangeDraft[]): RangeDraft {
  const last = ranges.at(-1);
  if (!last) return { key: newKey(), start: '09:00', end: '17:00' };
  const [h = 17] = sentEnd(last.end).split(':').map(Number);
  const start = Math.min(h + 1, 22);
  const pad = (n: number) => String(n).padStart(2, '0');
  return { key: newKey(), start: `${pad(start)}:00`, end: `${pad(Math.min(start + 1, 23))}:00` };
}

/** Copies a day's ranges to every weekday (Monday to Friday), leaving the weekend as it is. */
export function copyToWeekdays(
  week: Record<number, RangeDraft[]>,
  from: number,
): Record<number, RangeDraft[]> {
  const source = week[from] ?? [];
  const next = { ...week };
  for (const day of [1, 2, 3, 4, 5]) {
    if (day === from) continue;
    next[day] = source.map((r) => ({ ...r, key: newKey() }));
  }
  return next;
}

export type DraftErrors = Record<string, string>;

/** Error keys: `timezone`, `sessionMinutes`…, `week-<day>-<i>`, `exception-<key>`, `exception-<key>-<i>`. */
function rangeProblems(ranges: RangeDraft[], key: (i: number) => string, errors: DraftErrors) {
  const sorted = ranges
    .map((r, i) => ({ start: r.start, end: sentEnd(r.end), i }))
    .sort((a, b) => a.start.localeCompare(b.start));
  for (const r of sorted) {
    if (!/^\d{2}:\d{2}$/.test(r.start) || !/^\d{2}:\d{2}$/.test(r.end)) {
      errors[key(r.i)] = t('providers.availability.errors.bothTimes');
    } else if (
      Number(r.start.slice(3)) % 5 !== 0 ||
      (r.end !== '24:00' && Number(r.end.slice(3)) % 5 !== 0)
    ) {
      errors[key(r.i)] = t('providers.availability.errors.grid');
    } else if (r.start >= r.end) {
      errors[key(r.i)] = t('providers.availability.errors.endAfterStart');
    }
  }
  for (let j = 1; j < sorted.length; j++) {
    const a = sorted[j - 1]!;
    const b = sorted[j]!;
    if (b.start < a.end && !errors[key(b.i)]) {
      errors[key(b.i)] = t('providers.availability.errors.overlaps', { start: a.start, end: a.end });
    }
  }
}

const intOf = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

/** The draft as the API takes it, checked with the shared schema plus overlaps; or what is wrong. */
export function availabilityFrom(
  draft: AvailabilityDraft,
): { ok: true; availability: Availability } | { ok: false; errors: DraftErrors } {
  const errors: DraftErrors = {};
  for (const { day } of WEEKDAYS) rangeProblems(draft.week[day] ?? [], (i) => `week-${day}-${i}`, errors);
  const dates = new Set<string>();
  for (const e of draft.exceptions) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(e.date)) {
      errors[`exception-${e.key}`] = t('providers.availability.errors.chooseDate');
    } else if (dates.has(e.date)) {
      errors[`exception-${e.key}`] = t('providers.availability.errors.dateListed');
    }
    dates.add(e.date);
    if (e.kind === 'hours') {
      if (e.hours.length === 0) {
        errors[`exception-${e.key}`] ??= t('providers.availability.errors.addHoursOrOff');
      }
      rangeProblems(e.hours, (i) => `exception-${e.key}-${i}`, errors);
    }
  }

  const availability: Availability = {
    timezone: draft.timezone,
    sessionMinutes: intOf(draft.sessionMinutes),
    bufferMinutes: intOf(draft.bufferMinutes),
    minNoticeMinutes: intOf(draft.minNoticeMinutes),
    horizonDays: intOf(draft.horizonDays),
    weekly: WEEKDAYS.flatMap(({ day }) =>
      [...(draft.week[day] ?? [])]
        .sort((a, b) => a.start.localeCompare(b.start))
        .map((r) => ({ day, start: r.start, end: sentEnd(r.end) })),
    ),
    exceptions: [...draft.exceptions]
      .sort((a, b) => a.date.localeCompare(b.date))
      .map((e) => ({
        date: e.date,
        hours:
          e.kind === 'off'
            ? []
            : [...e.hours]
                .sort((a, b) => a.start.localeCompare(b.start))
                .map((h): HoursRange => ({ start: h.start, end: sentEnd(h.end) })),
      })),
  };

  const checked = AvailabilitySchema.safeParse(availability);
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const [first] = issue.path;
      // Ranges are checked above with clearer words; the numbers and the zone are named by their field.
      if (typeof first === 'string' && !['weekly', 'exceptions'].includes(first) && !errors[first]) {
        errors[first] = Number.isNaN((availability as unknown as Record<string, number>)[first])
          ? t('providers.availability.errors.number')
          : issue.message;
      }
    }
  }
  if (Object.keys(errors).length > 0 || !checked.success) {
    if (Object.keys(errors).length === 0) errors.form = t('providers.availability.errors.form');
    return { ok: false, errors };
  }
  return { ok: true, availability: checked.data };
}

/** Minimum-notice choices; `providers.availability.noticeChoices.<key>` words them. */
const NOTICE_CHOICES = [
  { value: '0', key: 'none' },
  { value: '30', key: 'm30' },
  { value: '60', key: 'h1' },
  { value: '120', key: 'h2' },
  { value: '240', key: 'h4' },
  { value: '720', key: 'h12' },
  { value: '1440', key: 'd1' },
  { value: '2880', key: 'd2' },
  { value: '10080', key: 'w1' },
] as const;

/** The minimum-notice options in the language shown; a stored value not in the list is offered as it is. */
export function noticeOptions(current: string): { value: string; label: string }[] {
  const options = NOTICE_CHOICES.map((c) => ({
    value: c.value,
    label: t(`providers.availability.noticeChoices.${c.key}`),
  }));
  return options.some((o) => o.value === current)
    ? options
    : [...options, { value: current, label: t('providers.availability.noticeOther', { minutes: current }) }];
}
