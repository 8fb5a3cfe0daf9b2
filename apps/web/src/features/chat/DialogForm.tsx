import type { ReactNode, RefObject } from 'react';
import { Alert } from '../../components/Alert';
import { Dialog } from '../../components/Dialog';
import { DialogActions } from '../../components/DialogActions';

interface DialogFormProps {
  id: string;
  formRef: RefObject<HTMLFormElement | null>;
  error: string | null;
  errorTitle: string;
  onSubmit: () => Promise<void>;
  children: ReactNode;
}

/**
 * A chat dialog around one form: `intro` above it, Cancel and the submit button (labelled
 * `submitLabel`, busy while `busy`) in the footer.
 */
export function FormDialog({
  title,
  onClose,
  submitLabel,
  busy,
  intro,
  ...form
}: DialogFormProps & {
  title: string;
  onClose: () => void;
  submitLabel: string;
  busy: boolean;
  intro?: ReactNode;
}) {
  return (
    <Dialog
      title={title}
      onClose={onClose}
      initialFocus="input"
      className="dialog-wide"
      actions={
        <DialogActions onCancel={onClose} type="submit" form={form.id} busy={busy}>
          {submitLabel}
        </DialogActions>
      }
    >
      {intro}
      <DialogForm {...form} />
    </Dialog>
  );
}

/**
 * The form inside a chat dialog: the failure (if any) above it, no browser validation (the shared
 * schema checks fields), submit through `onSubmit`. `id` lets the dialog's footer button submit it.
 */
function DialogForm({ id, formRef, error, errorTitle, onSubmit, children }: DialogFormProps) {
  return (
    <>
      {error && (
        <Alert tone="error" title={errorTitle}>
          {error}
        </Alert>
      )}
      <form
        id={id}
        ref={formRef}
        className="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void onSubmit();
        }}
      >
        {children}
      </form>
    </>
  );
}
