import { useId, type ReactNode } from 'react';

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
        <label className="field-label" htmlFor={id}>
          {label}
        </label>
        {description && (
          <p className="field-hint" id={`${id}-desc`}>
            {description}
          </p>
        )}
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
