import { memo, useId } from 'react';
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
  return (
    <SelectField
      label="Your time zone"
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
  const id = useId();
  return (
    <div
      className="range-row"
      role="group"
      aria-label={`${label}, ${range.start || '…'} to ${range.end || '…'}`}
    >
      <label className="sr-only" htmlFor={`${id}-start`}>
        {label}: from
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
        {label}: until
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
          Remove {label} {range.start}–{range.end}
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
  const id = useId();
  const label = e.date || 'New date';
  return (
    <li className="exception">
      <div className="exception-head">
        <TextField
          label="Date"
          type="date"
          value={e.date}
          error={errors[`exception-${e.key}`]}
          onChange={(event) => onChange({ date: event.target.value })}
        />
        <SelectField
          label="That day"
          value={e.kind}
          options={[
            { value: 'off', label: 'Day off' },
            { value: 'hours', label: 'Custom hours' },
          ]}
          onChange={(event) => {
            const kind = event.target.value === 'hours' ? 'hours' : 'off';
            onChange({ kind, hours: kind === 'hours' && e.hours.length === 0 ? [nextRange([])] : e.hours });
          }}
        />
        <Button variant="ghost" size="sm" icon={<Icon name="trash" />} onClick={() => onChange(null)}>
          Remove<span className="sr-only"> {label}</span>
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
              Add hours<span className="sr-only"> on {label}</span>
            </Button>
          </div>
        </div>
      )}
    </li>
  );
}
