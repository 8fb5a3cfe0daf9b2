import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField } from '../../components/TextField';

/** The start of a calendar day (`2026-11-23`) in the browser's zone, `plusDays` later, as an ISO instant. */
export function localDayStart(date: string, plusDays = 0): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(y!, m! - 1, d! + plusDays).toISOString();
}

/** The filter instants for a range of calendar days: from the start of the first to the end of the last. */
export interface DayRangeInstants {
  from?: string;
  to?: string;
}

export interface DayRange {
  from: string;
  to: string;
  error: string | null;
  setFrom: (value: string) => void;
  setTo: (value: string) => void;
  /**
   * The chosen days as instants in the admin's zone (either end may be left open), or null when the
   * end is before the start, which is then said under the To field.
   */
  instants: () => DayRangeInstants | null;
  clear: () => void;
}

/** The state behind {@link DayRangeFields}: two `<input type="date">` values and their range error. */
export function useDayRange(): DayRange {
  const { t } = useTranslation();
  const [from, setFromValue] = useState('');
  const [to, setToValue] = useState('');
  // Whether the end is before the start; said in the language of each render.
  const [backwards, setBackwards] = useState(false);
  return {
    from,
    to,
    error: backwards ? t('settings.dayRange.endBeforeStart') : null,
    setFrom: (value) => {
      setFromValue(value);
      setBackwards(false);
    },
    setTo: (value) => {
      setToValue(value);
      setBackwards(false);
    },
    instants: () => {
      if (from && to && from > to) {
        setBackwards(true);
        return null;
      }
      setBackwards(false);
      return {
        ...(from ? { from: localDayStart(from) } : {}),
        ...(to ? { to: localDayStart(to, 1) } : {}),
      };
    },
    clear: () => {
      setFromValue('');
      setToValue('');
      setBackwards(false);
    },
  };
}

/** From and To calendar-day fields for an admin filter form; the range error shows under To. */
export function DayRangeFields({ range }: { range: DayRange }) {
  const { t } = useTranslation();
  return (
    <>
      <TextField
        label={t('settings.dayRange.from')}
        type="date"
        name="from"
        value={range.from}
        onChange={(event) => range.setFrom(event.target.value)}
      />
      <TextField
        label={t('settings.dayRange.to')}
        type="date"
        name="to"
        value={range.to}
        error={range.error ?? undefined}
        onChange={(event) => range.setTo(event.target.value)}
      />
    </>
  );
}
