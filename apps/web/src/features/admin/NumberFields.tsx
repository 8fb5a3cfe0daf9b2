import { TextField } from '../../components/TextField';
import type { FieldErrors } from '../../lib/forms';

/** One whole-number setting: its label and help, and the bounds the server keeps it in. */
export interface NumberSetting<K extends string> {
  key: K;
  label: string;
  hint: string;
  min: number;
  max: number;
}

/** A number typed in a field; empty is NaN, for the schema to refuse. */
export function typedNumber(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

/** A field for each number setting, in the order given. */
export function NumberFields<K extends string>({
  fields,
  values,
  errors,
  onChange,
}: {
  fields: readonly NumberSetting<K>[];
  values: Record<K, string>;
  errors: FieldErrors;
  onChange: (key: K, value: string) => void;
}) {
  return fields.map((field) => (
    <TextField
      key={field.key}
      label={field.label}
      name={field.key}
      type="number"
      inputMode="numeric"
      min={field.min}
      max={field.max}
      value={values[field.key]}
      error={errors[field.key]}
      hint={field.hint}
      onChange={(event) => onChange(field.key, event.target.value)}
    />
  ));
}
