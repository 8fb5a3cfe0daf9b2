import { DEFAULT_AVAILABILITY, type Availability } from '@parley/shared';
import { DateTime } from 'luxon';
import { useCallback, useMemo, useRef, useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { FormFooter } from '../../components/FormFooter';
import { Icon } from '../../components/Icon';
import { LoadError } from '../../components/LoadError';
import { useDocumentTitle } from '../../components/PageHeader';
import { SelectField } from '../../components/SelectField';
import { LoadingBlock } from '../../components/Spinner';
import { TextField } from '../../components/TextField';
import { t } from '../../i18n';
import { useSaveForm } from '../../lib/forms';
import { orMissing, useLoad } from '../../lib/useLoad';
import { ProvidersOnly } from './ProvidersOnly';
import { clientZone, knownZones, zoneLabel } from '../../lib/zonedTime';
import {
  availabilityFrom,
  copyToWeekdays,
  draftFrom,
  newKey,
  nextRange,
  noticeOptions,
  WEEKDAYS,
  type AvailabilityDraft,
  type ExceptionDraft,
  type RangeDraft,
} from './availabilityForm';
import { providersApi } from './providers.api';
import './providers.css';
import { ZoneSelect, RangeRow, ExceptionRow } from './AvailabilityRows';

/** "Your hours below are in this zone: 1 h behind this browser’s zone (Europe/Berlin). …" */
function zoneHint(zone: string, browser: string): string {
  const now = DateTime.now();
  const diff = now.setZone(zone).offset - now.setZone(browser).offset;
  const abs = Math.abs(diff);
  return t('providers.availability.zoneHint', {
    relation: diff > 0 ? 'ahead' : diff < 0 ? 'behind' : 'same',
    amount: t('time.offset.amount', { hours: Math.floor(abs / 60), minutes: abs % 60 }),
    browserZone: zoneLabel(browser),
  });
}

/** Consultations → Availability: a provider's hours, in their own time zone. */
export function AvailabilityPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('providers.availability.documentTitle'));
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
  const { t } = useTranslation();
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

  if (load.status === 'loading') return <LoadingBlock label={t('providers.availability.loading')} />;
  if (load.status === 'error') {
    return (
      <LoadError title={t('providers.availability.loadError')} message={load.message} onRetry={load.retry} />
    );
  }
  return <AvailabilityForm saved={load.data.availability} fresh={load.data.fresh} />;
}

function AvailabilityForm({ saved, fresh }: { saved: Availability; fresh: boolean }) {
  const { t } = useTranslation();
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
        text: t('providers.availability.invalid'),
      });
      return;
    }
    await save(async () => {
      const next = await providersApi.saveAvailability(checked.availability);
      setDraft(draftFrom(next));
      return t('providers.availability.saved');
    });
  };

  const mine = clientZone();
  const weekdays = WEEKDAYS.map(({ day, key }) => ({ day, name: t(`providers.weekdays.${key}`) }));
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
        <Alert tone="info" title={t('providers.availability.freshTitle')}>
          {t('providers.availability.freshBody')}
        </Alert>
      )}
      <section className="card" aria-labelledby="availability-sessions">
        <h2 className="card-title" id="availability-sessions">
          {t('providers.availability.sessions')}
        </h2>
        <ZoneSelect
          zones={zones}
          value={draft.timezone}
          error={errors.timezone}
          onChange={onZone}
          hint={
            draft.timezone === mine
              ? t('providers.availability.zoneHintHere')
              : zoneHint(draft.timezone, mine)
          }
        />
        <div className="number-grid">
          <TextField
            label={t('providers.availability.sessionMinutes')}
            {...number('sessionMinutes', 15, 240, 5)}
            hint={t('providers.availability.sessionMinutesHint')}
          />
          <TextField
            label={t('providers.availability.bufferMinutes')}
            {...number('bufferMinutes', 0, 120, 5)}
            hint={t('providers.availability.bufferMinutesHint')}
          />
          <SelectField
            label={t('providers.availability.notice')}
            name="minNoticeMinutes"
            value={draft.minNoticeMinutes}
            options={noticeOptions(draft.minNoticeMinutes)}
            error={errors.minNoticeMinutes}
            onChange={(event) => setField('minNoticeMinutes', event.target.value)}
            hint={t('providers.availability.noticeHint')}
          />
          <TextField
            label={t('providers.availability.horizon')}
            {...number('horizonDays', 1, 365, 1)}
            hint={t('providers.availability.horizonHint')}
          />
        </div>
      </section>

      <section className="card" aria-labelledby="availability-week">
        <h2 className="card-title" id="availability-week">
          {t('providers.availability.weekTitle')}
        </h2>
        <p className="card-description">
          {t('providers.availability.weekDescription', { zone: zoneLabel(draft.timezone) })}
        </p>
        <ul className="week-editor" aria-label={t('providers.availability.weekTitle')}>
          {weekdays.map(({ day, name }) => (
            <li key={day} className="week-day">
              <span className="week-day-name" id={`weekday-${day}`}>
                {name}
              </span>
              <div className="week-day-ranges">
                {(draft.week[day] ?? []).length === 0 && (
                  <p className="week-day-off">{t('providers.availability.unavailable')}</p>
                )}
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
                    <Trans
                      i18nKey="providers.availability.addHours"
                      values={{ day: name }}
                      components={{ sr: <span className="sr-only" /> }}
                    />
                  </Button>
                  {(draft.week[day] ?? []).length > 0 && (
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={() => edit((d) => ({ ...d, week: copyToWeekdays(d.week, day) }))}
                    >
                      <Trans
                        i18nKey="providers.availability.copyToWeekdays"
                        values={{ day: name }}
                        components={{ sr: <span className="sr-only" /> }}
                      />
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
          {t('providers.availability.exceptionsTitle')}
        </h2>
        <p className="card-description">{t('providers.availability.exceptionsDescription')}</p>
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
            {t('providers.availability.addDate')}
          </Button>
        </div>
      </section>

      <div className="card">
        <FormFooter status={status} busy={busy} submitLabel={t('providers.availability.save')} />
      </div>
    </form>
  );
}
