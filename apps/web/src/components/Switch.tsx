import { useId, type ReactNode } from 'react';
import { LabelWithHint } from './LabelWithHint';

export interface SwitchProps {
  label: string;
  description?: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
  name?: string;
}

/** An on/off setting: a native checkbox announced as a switch. */
export function Switch({ label, description, checked, onChange, disabled, name }: SwitchProps) {
  const id = useId();
  return (
    <div className="switch-row">
      <div className="switch-text">
        <LabelWithHint id={id} label={label} className="field-label" description={description} />
      </div>
      <span className="switch">
        <input
          id={id}
          name={name}
          type="checkbox"
          role="switch"
          checked={checked}
          disabled={disabled}
          aria-describedby={description ? `${id}-desc` : undefined}
          onChange={(event) => onChange(event.target.checked)}
        />
        <span className="switch-track" aria-hidden="true">
          <span className="switch-thumb" />
        </span>
      </span>
    </div>
  );
}
