import { CheckboxField } from '../../components/CheckboxField';

/** A fieldset of on/off choices, one checkbox per option, kept as one record of flags. */
export function CheckboxSet<K extends string>({
  legend,
  options,
  value,
  onChange,
}: {
  legend: string;
  options: readonly { key: K; label: string }[];
  value: Record<K, boolean>;
  onChange: (value: Record<K, boolean>) => void;
}) {
  return (
    <fieldset className="scope-fieldset">
      <legend>{legend}</legend>
      {options.map(({ key, label }) => (
        <CheckboxField
          key={key}
          label={label}
          checked={value[key]}
          onChange={(on) => onChange({ ...value, [key]: on })}
        />
      ))}
    </fieldset>
  );
}
