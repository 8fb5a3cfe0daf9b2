import { useTranslation } from 'react-i18next';
import { TextField } from '../../components/TextField';
import type { FieldErrors } from '../../lib/forms';

/**
 * One whole-number setting: where its label and help are in the catalogue (`<text>.label` and
 * `<text>.hint`), and the bounds the server keeps it in.
 */
export interface NumberSetting<K extends string> {
  key: K;
  text: string;
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
  const { t } = useTranslation();
  return fields.map((field) => (
    <TextField
      key={field.key}
      label={t(`${field.text}.label`)}
      name={field.key}
      type="number"
      inputMode="numeric"
      min={field.min}
      max={field.max}
      value={values[field.key]}
      error={errors[field.key]}
      hint={t(`${field.text}.hint`)}
      onChange={(event) => onChange(field.key, event.target.value)}
    />
  ));
}
