import { useTranslation } from 'react-i18next';
import { useId, useState, type InputHTMLAttributes, type ReactNode, type Ref } from 'react';
import { FieldMessages, fieldDescribedBy } from './FieldMessages';

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  /** The visible label; also the field's accessible name. */
  label: string;
  /** Help shown under the field, linked with aria-describedby. */
  hint?: ReactNode;
  /** A problem with the value; marks the field invalid and is read with it. */
  error?: string | undefined;
  /** Adds a Show/Hide button; on by default for every password field. */
  revealable?: boolean;
  ref?: Ref<HTMLInputElement>;
}

export function TextField({
  label,
  hint,
  error,
  type = 'text',
  revealable = type === 'password',
  className,
  ref,
  ...rest
}: TextFieldProps) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [revealed, setRevealed] = useState(false);
  const describedBy = fieldDescribedBy(id, hint, error);
  const inputType = revealable && revealed ? 'text' : type;

  return (
    <div className={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <div className={`field-control${revealable ? ' field-control-reveal' : ''}`}>
        <input
          {...rest}
          ref={ref}
          id={id}
          type={inputType}
          className="input"
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        />
        {revealable && (
          <button
            type="button"
            className="field-reveal"
            aria-pressed={revealed}
            aria-controls={id}
            onClick={() => setRevealed((value) => !value)}
          >
            {/* Visible text rather than aria-label, so the button is never mistaken for the field's label. */}
            {revealed ? t('common.field.hide') : t('common.field.show')}{' '}
            <span className="sr-only">{i18n.language === 'de' ? label : label.toLowerCase()}</span>
          </button>
        )}
      </div>
      <FieldMessages id={id} hint={hint} error={error} />
    </div>
  );
}
