import { useId, type ReactNode } from 'react';
import { LabelWithHint } from './LabelWithHint';

export interface CheckboxFieldProps {
  label: string;
  description?: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
}

/** A native checkbox with its label and an optional explanation read with it. */
export function CheckboxField({ label, description, checked, onChange, disabled }: CheckboxFieldProps) {
  const id = useId();
  return (
    <div className="checkbox-field">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={disabled}
        aria-describedby={description ? `${id}-desc` : undefined}
        onChange={(event) => onChange(event.target.checked)}
      />
      <div>
        <LabelWithHint id={id} label={label} className="checkbox-label" description={description} />
      </div>
    </div>
  );
}
