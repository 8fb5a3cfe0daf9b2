import { DEFAULT_AVAILABILITY, type Availability } from '@parley/shared';
import { useCallback, useMemo, useRef, useState, type FormEvent } from 'react';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { FormFooter } from '../../components/FormFooter';
import { Icon } from '../../components/Icon';
import { LoadError } from '../../components/LoadError';
import { useDocumentTitle } from '../../components/PageHeader';
import { SelectField } from '../../components/SelectField';
import { LoadingBlock } from '../../components/Spinner';
import { TextField } from '../../components/TextField';
import { useSaveForm } from '../../lib/forms';
import { orMissing, useLoad } from '../../lib/useLoad';
import { ProvidersOnly } from './ProvidersOnly';
import { clientZone, knownZones, offsetBetween, zoneLabel } from '../../lib/zonedTime';
import {
  availabilityFrom,
  copyToWeekdays,
  draftFrom,
  newKey,
  nextRange,
  NOTICE_CHOICES,
  WEEKDAYS,
  type AvailabilityDraft,
  type ExceptionDraft,
  type RangeDraft,
} from './availabilityForm';
import { providersApi } from './providers.api';
import './providers.css';
import { ZoneSelect, RangeRow, ExceptionRow } from './AvailabilityRows';

/** "1 h behind this browser’s zone (Europe/Berlin)" */
function zoneAgainst(zone: string, browser: string): string {
  const offset = offsetBetween(zone, browser);
  if (offset === 'same time') return `the same time as this browser’s zone (${zoneLabel(browser)})`;
  return `${offset.replace(/ ahead$/, ' ahead of')} this browser’s zone (${zoneLabel(browser)})`;
}

/** Consultations → Availability: a provider's hours, in their own time zone. */
export function AvailabilityPage() {
  useDocumentTitle('Availability');
  return (
    <ProvidersOnly>
      <AvailabilityLoader />
    </ProvidersOnly>
  );
}

/** The availability a provider gets with the role, before they saved any of their own. */
function untouched(a: Availability): boolean {
  const d = DEFAULT_AVAILABILITY;
  return (
    a.timezone === d.timezone &&
    a.sessionMinutes === d.sessionMinutes &&
    a.bufferMinutes === d.bufferMinutes &&
    a.minNoticeMinutes === d.minNoticeMinutes &&
    a.horizonDays === d.horizonDays &&
    a.weekly.length === 0 &&
    a.exceptions.length === 0
  );
}

function AvailabilityLoader() {
  const load = useLoad(async (signal) => {
    const availability = await orMissing(providersApi.availability(signal));
    // Nothing saved yet: start from the defaults in my own zone.
    if (!availability) {
      return { availability: { ...DEFAULT_AVAILABILITY, timezone: clientZone() }, fresh: true };
    }
    // Granting the provider role stores the defaults (in UTC): never set up, so start in my zone.
    return untouched(availability)
      ? { availability: { ...availability, timezone: clientZone() }, fresh: true }
      : { availability, fresh: false };
  }, []);

  if (load.status === 'loading') return <LoadingBlock label="Loading your hours…" />;
  if (load.status === 'error') {
    return <LoadError title="Your hours could not be loaded" message={load.message} onRetry={load.retry} />;
  }
  return <AvailabilityForm saved={load.data.availability} fresh={load.data.fresh} />;
}

function AvailabilityForm({ saved, fresh }: { saved: Availability; fresh: boolean }) {
  const formRef = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState<AvailabilityDraft>(() => draftFrom(saved));
  const { errors, status, busy, save, reject, clearSaved } = useSaveForm(formRef);
  const zones = useMemo(
    () => knownZones(saved.timezone).map((z) => ({ value: z, label: zoneLabel(z) })),
    [saved.timezone],
  );

  const edit = (change: (d: AvailabilityDraft) => AvailabilityDraft) => {
    setDraft(change);
    clearSaved();
  };
  const setField = (
    key: 'timezone' | 'sessionMinutes' | 'bufferMinutes' | 'minNoticeMinutes' | 'horizonDays',
    value: string,
  ) => edit((d) => ({ ...d, [key]: value }));
  const onZone = useCallback((zone: string) => setField('timezone', zone), []);
  const setDay = (day: number, ranges: RangeDraft[]) =>
    edit((d) => ({ ...d, week: { ...d.week, [day]: ranges } }));
  const setException = (key: number, change: Partial<ExceptionDraft> | null) =>
    edit((d) => ({
      ...d,
      exceptions:
        change === null
          ? d.exceptions.filter((e) => e.key !== key)
          : d.exceptions.map((e) => (e.key === key ? { ...e, ...change } : e)),
    }));

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const checked = availabilityFrom(draft);
    if (!checked.ok) {
      reject(checked.errors, {
        tone: 'error',
        text: 'Some hours need fixing before they can be saved; see the marked fields.',
      });
      return;
    }
    await save(async () => {
      const next = await providersApi.saveAvailability(checked.availability);
      setDraft(draftFrom(next));
      return 'Your hours are saved. Clients see the new free times at once.';
    });
  };

  const noticeOptions = NOTICE_CHOICES.some((c) => c.value === draft.minNoticeMinutes)
    ? NOTICE_CHOICES
    : [...NOTICE_CHOICES, { value: draft.minNoticeMinutes, label: `${draft.minNoticeMinutes} minutes` }];
  const mine = clientZone();
  const number = (
    key: 'sessionMinutes' | 'bufferMinutes' | 'horizonDays',
    min: number,
    max: number,
    step: number,
  ) => ({
    name: key,
    type: 'number',
    inputMode: 'numeric' as const,
    min,
    max,
    step,
    value: draft[key],
    error: errors[key],
    onChange: (event: { target: { value: string } }) => setField(key, event.target.value),
  });

  return (
    <form ref={formRef} className="stack" noValidate onSubmit={(event) => void onSubmit(event)}>
      {fresh && (
        <Alert tone="info" title="Set your hours to be bookable">
          Clients can book you only inside the hours you give here. Add your weekly hours, then save.
        </Alert>
      )}
      <section className="card" aria-labelledby="availability-sessions">
        <h2 className="card-title" id="availability-sessions">
          Sessions
        </h2>
        <ZoneSelect
          zones={zones}
          value={draft.timezone}
          error={errors.timezone}
          onChange={onZone}
          hint={
            draft.timezone === mine
              ? 'Your hours below are in this zone. It is the zone this browser is in.'
              : `Your hours below are in this zone: ${zoneAgainst(draft.timezone, mine)}. Clients see times in their own zone.`
          }
        />
        <div className="number-grid">
          <TextField
            label="Session length (minutes)"
            {...number('sessionMinutes', 15, 240, 5)}
            hint="15 to 240, in steps of 5."
          />
          <TextField
            label="Break after each session (minutes)"
            {...number('bufferMinutes', 0, 120, 5)}
            hint="Kept free between two sessions."
          />
          <SelectField
            label="Minimum notice"
            name="minNoticeMinutes"
            value={draft.minNoticeMinutes}
            options={noticeOptions}
            error={errors.minNoticeMinutes}
            onChange={(event) => setField('minNoticeMinutes', event.target.value)}
            hint="How soon before a start clients can still book it."
          />
          <TextField
            label="Bookable up to (days ahead)"
            {...number('horizonDays', 1, 365, 1)}
            hint="1 to 365."
          />
        </div>
      </section>

      <section className="card" aria-labelledby="availability-week">
        <h2 className="card-title" id="availability-week">
          Weekly hours
        </h2>
        <p className="card-description">
          When you can take sessions each week, in {zoneLabel(draft.timezone)}. An end of 00:00 (12:00 AM)
          means midnight.
        </p>
        <ul className="week-editor" aria-label="Weekly hours">
          {WEEKDAYS.map(({ day, name }) => (
            <li key={day} className="week-day">
              <span className="week-day-name" id={`weekday-${day}`}>
                {name}
              </span>
              <div className="week-day-ranges">
                {(draft.week[day] ?? []).length === 0 && <p className="week-day-off">Unavailable</p>}
                {(draft.week[day] ?? []).map((range, i) => (
                  <RangeRow
                    key={range.key}
                    label={name}
                    range={range}
                    error={errors[`week-${day}-${i}`]}
                    onChange={(next) =>
                      setDay(
                        day,
                        (draft.week[day] ?? []).map((r) => (r.key === range.key ? next : r)),
                      )
                    }
                    onRemove={() =>
                      setDay(
                        day,
                        (draft.week[day] ?? []).filter((r) => r.key !== range.key),
                      )
                    }
                  />
                ))}
                <div className="week-day-actions">
                  <Button
                    size="sm"
                    variant="secondary"
                    icon={<Icon name="plus" />}
                    onClick={() =>
                      setDay(day, [...(draft.week[day] ?? []), nextRange(draft.week[day] ?? [])])
                    }
                  >
                    Add hours<span className="sr-only"> on {name}</span>
                  </Button>
                  {(draft.week[day] ?? []).length > 0 && (
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={() => edit((d) => ({ ...d, week: copyToWeekdays(d.week, day) }))}
                    >
                      Copy to all weekdays<span className="sr-only"> ({name}’s hours to Monday–Friday)</span>
                    </Button>
                  )}
                </div>
              </div>
            </li>
          ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="availability-exceptions">
        <h2 className="card-title" id="availability-exceptions">
          Date exceptions
        </h2>
        <p className="card-description">
          A day off, or other hours on one date (holidays, a short day). They replace that date’s weekly
          hours.
        </p>
        {draft.exceptions.length > 0 && (
          <ul className="exception-list">
            {draft.exceptions.map((e) => (
              <ExceptionRow
                key={e.key}
                exception={e}
                errors={errors}
                onChange={(change) => setException(e.key, change)}
              />
            ))}
          </ul>
        )}
        <div>
          <Button
            variant="secondary"
            size="sm"
            icon={<Icon name="plus" />}
            onClick={() =>
              edit((d) => ({
                ...d,
                exceptions: [...d.exceptions, { key: newKey(), date: '', kind: 'off', hours: [] }],
              }))
            }
          >
            Add a date
          </Button>
        </div>
      </section>

      <div className="card">
        <FormFooter status={status} busy={busy} submitLabel="Save hours" />
      </div>
    </form>
  );
}
