import { useTranslation } from 'react-i18next';
import type { ReactNode } from 'react';
import { Alert, type AlertTone } from './Alert';
import { Button } from './Button';

export interface FormStatus {
  tone: AlertTone;
  text: string;
}

export interface FormFooterProps {
  /** The outcome of the last submission, shown above the button. */
  status: FormStatus | null | undefined;
  busy: boolean;
  submitLabel: string;
  disabled?: boolean;
  /** Nothing was changed since the last save: the button is off and "No unsaved changes" is said. */
  unchanged?: boolean;
  /** Shown beside the button. */
  children?: ReactNode;
}

/** The end of every form: the last submission's outcome, then the submit button. */
export function FormFooter({ status, busy, submitLabel, disabled, unchanged, children }: FormFooterProps) {
  const { t } = useTranslation();
  return (
    <>
      {status && (
        <Alert tone={status.tone} className="inline-alert">
          {status.text}
        </Alert>
      )}
      <div className="form-actions">
        <Button type="submit" busy={busy} disabled={disabled || unchanged}>
          {submitLabel}
        </Button>
        {unchanged && !busy && <span className="muted">{t('common.form.unchanged')}</span>}
        {children}
      </div>
    </>
  );
}
