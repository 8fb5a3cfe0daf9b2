import { memo, useId } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { nextRange, type DraftErrors, type ExceptionDraft, type RangeDraft } from './availabilityForm';

/** Some 400 zones: drawn again only when the zone itself changes, not on every edit of the hours. */
export const ZoneSelect = memo(function ZoneSelect({
  zones,
  value,
  error,
  hint,
  onChange,
}: {
  zones: { value: string; label: string }[];
  value: string;
  error: string | undefined;
  hint: string;
  onChange: (zone: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <SelectField
      label={t('providers.availability.zone')}
      name="timezone"
      value={value}
      options={zones}
      error={error}
      onChange={(event) => onChange(event.target.value)}
      hint={hint}
    />
  );
});

export function RangeRow({
  label,
  range,
  error,
  onChange,
  onRemove,
}: {
  label: string;
  range: RangeDraft;
  error: string | undefined;
  onChange: (range: RangeDraft) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div
      className="range-row"
      role="group"
      aria-label={t('providers.availability.range.group', {
        label,
        start: range.start || '…',
        end: range.end || '…',
      })}
    >
      <label className="sr-only" htmlFor={`${id}-start`}>
        {t('providers.availability.range.from', { label })}
      </label>
      <input
        id={`${id}-start`}
        className="input"
        type="time"
        step={300}
        value={range.start}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => onChange({ ...range, start: event.target.value })}
      />
      <span aria-hidden="true">–</span>
      <label className="sr-only" htmlFor={`${id}-end`}>
        {t('providers.availability.range.until', { label })}
      </label>
      <input
        id={`${id}-end`}
        className="input"
        type="time"
        step={300}
        value={range.end}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => onChange({ ...range, end: event.target.value })}
      />
      <button type="button" className="icon-button" onClick={onRemove}>
        <Icon name="trash" />
        <span className="sr-only">
          {t('providers.availability.range.remove', { label, start: range.start, end: range.end })}
        </span>
      </button>
      {error && (
        <p className="field-error range-error" id={`${id}-error`}>
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      )}
    </div>
  );
}

export function ExceptionRow({
  exception: e,
  errors,
  onChange,
}: {
  exception: ExceptionDraft;
  errors: DraftErrors;
  onChange: (change: Partial<ExceptionDraft> | null) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const label = e.date || t('providers.availability.exception.newDate');
  return (
    <li className="exception">
      <div className="exception-head">
        <TextField
          label={t('providers.availability.exception.date')}
          type="date"
          value={e.date}
          error={errors[`exception-${e.key}`]}
          onChange={(event) => onChange({ date: event.target.value })}
        />
        <SelectField
          label={t('providers.availability.exception.kind')}
          value={e.kind}
          options={[
            { value: 'off', label: t('providers.availability.exception.dayOff') },
            { value: 'hours', label: t('providers.availability.exception.customHours') },
          ]}
          onChange={(event) => {
            const kind = event.target.value === 'hours' ? 'hours' : 'off';
            onChange({ kind, hours: kind === 'hours' && e.hours.length === 0 ? [nextRange([])] : e.hours });
          }}
        />
        <Button variant="ghost" size="sm" icon={<Icon name="trash" />} onClick={() => onChange(null)}>
          <Trans
            i18nKey="providers.availability.exception.remove"
            values={{ label }}
            components={{ sr: <span className="sr-only" /> }}
          />
        </Button>
      </div>
      {e.kind === 'hours' && (
        <div className="week-day-ranges" id={id}>
          {e.hours.map((range, i) => (
            <RangeRow
              key={range.key}
              label={label}
              range={range}
              error={errors[`exception-${e.key}-${i}`]}
              onChange={(next) => onChange({ hours: e.hours.map((r) => (r.key === range.key ? next : r)) })}
              onRemove={() => onChange({ hours: e.hours.filter((r) => r.key !== range.key) })}
            />
          ))}
          <div>
            <Button
              size="sm"
              variant="secondary"
              icon={<Icon name="plus" />}
              onClick={() => onChange({ hours: [...e.hours, nextRange(e.hours)] })}
            >
              <Trans
                i18nKey="providers.availability.addHours"
                values={{ day: label }}
                components={{ sr: <span className="sr-only" /> }}
              />
            </Button>
          </div>
        </div>
      )}
    </li>
  );
}
