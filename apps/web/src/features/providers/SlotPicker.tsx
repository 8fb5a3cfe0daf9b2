import type { Slot, SlotsResponse } from '@parley/shared';
import { DateTime } from 'luxon';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { LoadError } from '../../components/LoadError';
import { LoadingBlock } from '../../components/Spinner';
import { currentLocale } from '../../i18n';
import {
  clientZone,
  clock,
  dateAfter,
  inZone,
  localDate,
  offsetBetween,
  zoneLabel,
} from '../../lib/zonedTime';
import { useLoad } from '../../lib/useLoad';
import { providersApi, type SlotRange } from './providers.api';

/** How many days one page of the picker shows. */
export const DAYS_PER_PAGE = 7;
/** How far ahead "Next week" may go (the provider's horizon usually ends sooner). */
const MAX_PAGES = 26;

export interface SlotPickerProps {
  providerId: string;
  /** "Bob" in "Bob's time"; "your" when picking one's own slots. */
  providerName: string;
  selected: string | null;
  /** `keyboard` when an arrow key chose it (focus stays in the times: nothing should scroll away). */
  onPick: (slot: Slot, how?: 'keyboard') => void;
  /** Changing it loads the slots again (after a slot was taken, a hold ran out…). */
  refreshKey?: number;
  /** The picker's title; "Choose a time" when not given. */
  title?: string;
  /** Where the free times come from; the provider's slots route unless a page says (a public booking page). */
  loadSlots?: (range: SlotRange, signal: AbortSignal) => Promise<SlotsResponse>;
}

/**
 * A provider's free slots in the reader's time zone: a week of days across the top (each with how
 * many times are free), the chosen day's times below. Days and times are the reader's, with the
 * provider's zone said beside them.
 */
export function SlotPicker({
  providerId,
  providerName,
  selected,
  onPick,
  refreshKey = 0,
  title,
  loadSlots,
}: SlotPickerProps) {
  const { t, i18n } = useTranslation();
  // Luxon dates keep the locale they were made in: made again when the interface's language changes.
  const language = i18n.language;
  const zone = useMemo(() => clientZone(), []);
  const [page, setPage] = useState(0);
  const [day, setDay] = useState<string | null>(null);
  const titleId = useId();

  const from = dateAfter(page * DAYS_PER_PAGE, zone);
  const to = dateAfter(page * DAYS_PER_PAGE + DAYS_PER_PAGE - 1, zone);

  const load = useLoad(
    async (signal) => {
      const range = { from, to, tz: zone };
      const { slots, timezone } = await (loadSlots
        ? loadSlots(range, signal)
        : providersApi.slots(providerId, range, signal));
      const now = Date.now();
      const future = slots
        .filter((s) => Date.parse(s.start) > now)
        .sort((a, b) => a.start.localeCompare(b.start));
      return { slots: future, timezone };
    },
    [providerId, from, to, zone, refreshKey],
  );

  const loaded = load.status === 'ready' ? load.data : null;

  const days = useMemo(() => {
    const start = DateTime.fromISO(from, { zone });
    return Array.from({ length: DAYS_PER_PAGE }, (_, i) => start.plus({ days: i }).setLocale(language));
  }, [from, zone, language]);

  const byDay = useMemo(() => {
    const map = new Map<string, Slot[]>();
    if (!loaded) return map;
    for (const slot of loaded.slots) {
      const key = localDate(slot.start, zone);
      map.set(key, [...(map.get(key) ?? []), slot]);
    }
    return map;
  }, [loaded, zone]);

  // The chosen day stays chosen while it has times; otherwise the first day that has some.
  useEffect(() => {
    if (load.status !== 'ready') return;
    if (day && byDay.has(day)) return;
    const first = days.find((d) => byDay.has(d.toISODate() ?? ''));
    setDay(first?.toISODate() ?? null);
  }, [load.status, byDay, days, day]);

  const providerZone = load.status === 'ready' ? load.data.timezone : null;
  const dayTimes = day ? (byDay.get(day) ?? []) : [];
  const chosenDay = days.find((d) => d.toISODate() === day);
  const sameZone = providerZone !== null && sameOffset(providerZone, zone);
  const chosenShown = dayTimes.some((s) => s.start === selected);
  const daysRef = useRef<HTMLDivElement>(null);
  const timesRef = useRef<HTMLDivElement>(null);

  return (
    <section className="slot-picker" aria-labelledby={titleId}>
      <div className="slot-picker-head">
        <h2 className="card-title" id={titleId}>
          {title ?? t('providers.slots.title')}
        </h2>
        <p className="slot-zone">
          <Icon name="info" />
          <span>
            <Trans
              i18nKey="providers.slots.shownIn"
              values={{ zone: zoneLabel(zone) }}
              components={{ b: <strong /> }}
            />
            {providerZone && providerZone !== zone && (
              <>
                {' · '}
                {t('providers.slots.providerZone', {
                  whose: providerName === 'your' ? 'your' : 'theirs',
                  name: providerName,
                  zone: zoneLabel(providerZone),
                  offset: offsetBetween(providerZone, zone),
                })}
              </>
            )}
          </span>
        </p>
      </div>
      <div className="slot-week-nav">
        <Button
          variant="secondary"
          size="sm"
          disabled={page === 0}
          onClick={() => {
            setPage((p) => Math.max(0, p - 1));
            setDay(null);
          }}
        >
          {t('providers.slots.earlier')}
        </Button>
        <span className="slot-week-label" aria-live="polite">
          {weekLabel(days)}
        </span>
        <Button
          variant="secondary"
          size="sm"
          disabled={page >= MAX_PAGES}
          onClick={() => {
            setPage((p) => p + 1);
            setDay(null);
          }}
        >
          {t('providers.slots.later')}
        </Button>
      </div>
      {load.status === 'loading' && <LoadingBlock label={t('providers.slots.loading')} />}
      {load.status === 'error' && (
        <LoadError title={t('providers.slots.loadError')} message={load.message} onRetry={load.retry} />
      )}
      {load.status === 'ready' && (
        <>
          <div
            className="slot-days"
            role="radiogroup"
            aria-label={t('providers.slots.days')}
            ref={daysRef}
            onKeyDown={(event) =>
              roving(event, daysRef.current, (button) => setDay(button.dataset.day ?? null))
            }
          >
            {days.map((d) => {
              const key = d.toISODate() ?? '';
              const count = byDay.get(key)?.length ?? 0;
              const isChosen = key === day;
              return (
                <button
                  key={key}
                  type="button"
                  role="radio"
                  data-day={key}
                  className={`slot-day${isChosen ? ' is-chosen' : ''}`}
                  aria-checked={isChosen}
                  tabIndex={isChosen ? 0 : -1}
                  disabled={count === 0}
                  onClick={() => setDay(key)}
                >
                  <span className="slot-day-name">{d.toLocaleString({ weekday: 'short' })}</span>
                  <span className="slot-day-date">{d.day}</span>
                  <span className="slot-day-count">
                    {count === 0 ? t('providers.slots.none') : `${count}`}
                    <span className="sr-only">
                      {' '}
                      {t('providers.slots.dayCount', {
                        date: d.toLocaleString({ weekday: 'long', day: 'numeric', month: 'long' }),
                        count,
                      })}
                    </span>
                  </span>
                </button>
              );
            })}
          </div>
          {byDay.size === 0 ? (
            <EmptyState
              icon="search"
              title={t('providers.slots.empty')}
              compact
              action={
                page < MAX_PAGES ? (
                  <Button variant="secondary" size="sm" onClick={() => setPage((p) => p + 1)}>
                    {t('providers.slots.showLater')}
                  </Button>
                ) : undefined
              }
            >
              {providerName === 'your'
                ? t('providers.slots.emptyYours')
                : t('providers.slots.emptyTheirs', { name: providerName })}
            </EmptyState>
          ) : (
            <div
              className="slot-times"
              role="radiogroup"
              ref={timesRef}
              onKeyDown={(event) =>
                roving(event, timesRef.current, (button) => {
                  const slot = dayTimes.find((s) => s.start === button.dataset.start);
                  if (slot) onPick(slot, 'keyboard');
                })
              }
              aria-label={
                chosenDay
                  ? t('providers.slots.timesOn', {
                      date: chosenDay.toLocaleString({ weekday: 'long', day: 'numeric', month: 'long' }),
                    })
                  : t('providers.slots.times')
              }
            >
              {dayTimes.map((slot, i) => {
                const isChosen = slot.start === selected;
                const theirs = providerZone && !sameZone ? clock(slot.start, providerZone) : null;
                // One tab stop for the whole day: the chosen time, else the first.
                const stop = chosenShown ? isChosen : i === 0;
                return (
                  <button
                    key={slot.start}
                    type="button"
                    role="radio"
                    data-start={slot.start}
                    className={`slot-time${isChosen ? ' is-chosen' : ''}`}
                    aria-checked={isChosen}
                    tabIndex={stop ? 0 : -1}
                    onClick={() => onPick(slot)}
                  >
                    <span>{clock(slot.start, zone)}</span>
                    {theirs && (
                      <span className="slot-time-theirs">
                        <span className="sr-only">, </span>
                        {theirs}{' '}
                        {providerName === 'your' ? t('providers.slots.yours') : t('providers.slots.theirs')}
                      </span>
                    )}
                  </button>
                );
              })}
            </div>
          )}
        </>
      )}
    </section>
  );
}

/** Whether two zones are at the same offset from UTC now (their clocks show the same time). */
function sameOffset(a: string, b: string): boolean {
  const now = DateTime.now();
  return now.setZone(a).offset === now.setZone(b).offset;
}

/**
 * Arrow keys (and Home/End) inside a radio group of buttons (the WAI-ARIA radio group pattern):
 * focus moves to the next enabled one, which is chosen at once; Tab leaves the group.
 */
function roving(
  event: KeyboardEvent<HTMLElement>,
  group: HTMLElement | null,
  choose: (button: HTMLButtonElement) => void,
) {
  if (!group) return;
  const keys: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
  if (!(event.key in keys) && event.key !== 'Home' && event.key !== 'End') return;
  const buttons = [...group.querySelectorAll<HTMLButtonElement>('[role="radio"]:not(:disabled)')];
  if (buttons.length === 0) return;
  event.preventDefault();
  const current = buttons.indexOf(document.activeElement as HTMLButtonElement);
  const next =
    event.key === 'Home'
      ? 0
      : event.key === 'End'
        ? buttons.length - 1
        : (Math.max(current, 0) + keys[event.key]! + buttons.length) % buttons.length;
  const target = buttons[next]!;
  target.focus();
  choose(target);
}

/** "23–29 Nov" (or "Nov 23 – 29"), as the interface's language writes a range of days. */
function weekLabel(days: DateTime[]): string {
  const first = days[0];
  const last = days.at(-1);
  if (!first || !last) return '';
  const format = new Intl.DateTimeFormat(currentLocale(), {
    day: 'numeric',
    month: 'short',
    timeZone: first.zoneName ?? undefined,
  });
  try {
    return format.formatRange(first.toJSDate(), last.toJSDate());
  } catch {
    return `${format.format(first.toJSDate())} – ${format.format(last.toJSDate())}`;
  }
}

/** "Tuesday, 3 December, 14:00–14:50" in the reader's zone, for a chosen slot. */
export function slotSentence(slot: Slot, zone = clientZone()): string {
  const start = inZone(slot.start, zone);
  return `${start.toLocaleString({ weekday: 'long', day: 'numeric', month: 'long' })}, ${clock(slot.start, zone)}–${clock(slot.end, zone)}`;
}
