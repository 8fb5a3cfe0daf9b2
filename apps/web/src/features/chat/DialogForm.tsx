import type { ReactNode, RefObject } from 'react';
import { Alert } from '../../components/Alert';

/**
 * The form inside a chat dialog: the failure (if any) above it, no browser validation (the shared
 * schema checks fields), submit through `onSubmit`. `id` lets the dialog's footer button submit it.
 */
export function DialogForm({
  id,
  formRef,
  error,
  errorTitle,
  onSubmit,
  children,
}: {
  id: string;
  formRef: RefObject<HTMLFormElement | null>;
  error: string | null;
  errorTitle: string;
  onSubmit: () => Promise<void>;
  children: ReactNode;
}) {
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
