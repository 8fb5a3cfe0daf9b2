import type { DndSchedule, NotificationSettings, PublicUser } from '@parley/shared';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { Button } from '../../components/Button';
import { FormFooter } from '../../components/FormFooter';
import { SelectField } from '../../components/SelectField';
import { Switch } from '../../components/Switch';
import { TextField } from '../../components/TextField';
import { useDebouncedValue } from '../../lib/useDebouncedValue';
import { useLoad } from '../../lib/useLoad';
import { notificationsApi } from './notifications.api';
import { DAY_KEYS } from './notificationsText';

/** Monday first, as most calendars outside the US. */
const WEEK = [1, 2, 3, 4, 5, 6, 0];
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

function zones(current: string): { value: string; label: string }[] {
  const supported = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf;
  const all = supported ? supported('timeZone') : [];
  return [...new Set([current, browserZone(), 'UTC', ...all])].sort().map((z) => ({ value: z, label: z }));
}

const DEFAULT_SCHEDULE: DndSchedule = {
  days: [1, 2, 3, 4, 5],
  from: '22:00',
  to: '07:00',
  timezone: browserZone(),
  allowFrom: [],
};

/** The weekly quiet hours: days, from, to, time zone, and the people whose calls still ring. */
export function DndScheduleEditor({
  settings,
  onSaved,
}: {
  settings: NotificationSettings;
  onSaved: (settings: NotificationSettings) => void;
}) {
  const { t } = useTranslation();
  const stored = settings.dnd.schedule;
  const [on, setOn] = useState(stored !== null);
  const [draft, setDraft] = useState<DndSchedule>(stored ?? DEFAULT_SCHEDULE);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // What the last save did (said while rendering, in the language shown).
  const [saved, setSaved] = useState<'scheduleSaved' | 'scheduleRemoved' | null>(null);
  const change = (patch: Partial<DndSchedule>) => {
    setSaved(null);
    setDraft((d) => ({ ...d, ...patch }));
  };
  const toggleDay = (day: number) =>
    change({ days: draft.days.includes(day) ? draft.days.filter((d) => d !== day) : [...draft.days, day] });

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSaved(await notificationsApi.update({ dnd: { schedule: on ? draft : null } }));
      setSaved(on ? 'scheduleSaved' : 'scheduleRemoved');
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" aria-labelledby="dnd-schedule-title" onSubmit={(e) => void onSubmit(e)}>
      <h3 className="subsection-title" id="dnd-schedule-title">
        {t('profile.notifications.scheduleTitle')}
      </h3>
      <Switch
        label={t('profile.notifications.scheduleOn')}
        description={t('profile.notifications.scheduleHint')}
        checked={on}
        onChange={(value) => {
          setSaved(null);
          setOn(value);
        }}
      />
      {on && (
        <>
          <fieldset className="dnd-days">
            <legend className="field-label">{t('profile.notifications.daysLegend')}</legend>
            {WEEK.map((day) => (
              <label key={day} className="dnd-day">
                <input type="checkbox" checked={draft.days.includes(day)} onChange={() => toggleDay(day)} />
                <span>{t(`profile.notifications.days.${DAY_KEYS[day]}`)}</span>
              </label>
            ))}
          </fieldset>
          <div className="dnd-times">
            <TextField
              label={t('profile.notifications.from')}
              type="time"
              value={draft.from}
              onChange={(e) => change({ from: e.target.value })}
              required
            />
            <TextField
              label={t('profile.notifications.to')}
              type="time"
              value={draft.to}
              onChange={(e) => change({ to: e.target.value })}
              required
            />
            <SelectField
              label={t('profile.notifications.timezone')}
              value={draft.timezone}
              options={zones(draft.timezone)}
              onChange={(e) => change({ timezone: e.target.value })}
            />
          </div>
          <RingThrough ids={draft.allowFrom} onChange={(allowFrom) => change({ allowFrom })} />
        </>
      )}
      <FormFooter
        status={
          error
            ? { tone: 'error', text: error }
            : saved
              ? { tone: 'success', text: t(`profile.notifications.${saved}`) }
              : null
        }
        busy={busy}
        submitLabel={t('profile.notifications.saveSchedule')}
      />
    </form>
  );
}

/** The people whose calls ring through: a list with Remove, and a search to add someone. */
function RingThrough({ ids, onChange }: { ids: string[]; onChange: (ids: string[]) => void }) {
  const { t } = useTranslation();
  const [known, setKnown] = useState<Record<string, PublicUser>>({});
  const [query, setQuery] = useState('');
  const q = useDebouncedValue(query.trim(), 250);
  // Names of the people already chosen (an id that no longer answers shows as itself).
  const missing = ids.filter((id) => !(id in known)).join(',');
  useEffect(() => {
    if (!missing) return;
    const controller = new AbortController();
    void Promise.all(
      missing.split(',').map((id) => notificationsApi.person(id, controller.signal).catch(() => null)),
    ).then((found) => {
      if (controller.signal.aborted) return;
      setKnown((k) => {
        const next = { ...k };
        for (const person of found) if (person) next[person.id] = person;
        return next;
      });
    });
    return () => controller.abort();
  }, [missing]);
  const results = useLoad(
    (signal) => (q ? notificationsApi.findPeople(q, signal) : Promise.resolve(null)),
    [q],
  );
  const name = (id: string) => known[id]?.displayName ?? id;
  const add = (person: PublicUser) => {
    setKnown((k) => ({ ...k, [person.id]: person }));
    onChange([...ids, person.id]);
    setQuery('');
  };
  const matches =
    results.status === 'ready' && results.data ? results.data.filter((p) => !ids.includes(p.id)) : null;

  return (
    <div className="field" role="group" aria-labelledby="ring-through-title">
      <span className="field-label" id="ring-through-title">
        {t('profile.notifications.people')}
      </span>
      <span className="field-hint">{t('profile.notifications.peopleHint')}</span>
      {ids.length === 0 ? (
        <p className="muted">{t('profile.notifications.peopleNone')}</p>
      ) : (
        <ul className="ring-through-list">
          {ids.map((id) => (
            <li key={id}>
              <span>{name(id)}</span>
              <Button variant="secondary" size="sm" onClick={() => onChange(ids.filter((x) => x !== id))}>
                {t('profile.notifications.peopleRemove', { name: name(id) })}
              </Button>
            </li>
          ))}
        </ul>
      )}
      <TextField
        label={t('profile.notifications.peopleSearch')}
        type="search"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {matches && matches.length === 0 && <p className="muted">{t('profile.notifications.peopleNoMatch')}</p>}
      {matches && matches.length > 0 && (
        <ul className="ring-through-list">
          {matches.map((person) => (
            <li key={person.id}>
              <Button variant="secondary" size="sm" onClick={() => add(person)}>
                {t('profile.notifications.peopleAdd', { name: person.displayName })}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
