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
  /** Shown beside the button, e.g. "No unsaved changes". */
  children?: ReactNode;
}

/** The end of every form: the last submission's outcome, then the submit button. */
export function FormFooter({ status, busy, submitLabel, disabled, children }: FormFooterProps) {
  return (
    <>
      {status && (
        <Alert tone={status.tone} className="inline-alert">
          {status.text}
        </Alert>
      )}
      <div className="form-actions">
        <Button type="submit" busy={busy} disabled={disabled}>
          {submitLabel}
        </Button>
        {children}
      </div>
    </>
  );
}
