import { useEffect, useId, useRef, type ReactNode } from 'react';

export interface DialogProps {
  title: string;
  children: ReactNode;
  /** Buttons; the first one gets focus when the dialog opens. */
  actions: ReactNode;
  onClose: () => void;
  /** What gets focus when the dialog opens (a form's first field); the first action button otherwise. */
  initialFocus?: string;
  className?: string;
}

/**
 * A modal dialog on the native <dialog> element: focus moves into it and is trapped there, Escape
 * closes it, and focus returns to whatever opened it.
 */
export function Dialog({ title, children, actions, onClose, initialFocus, className }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) {
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
    }
    const first = initialFocus ? dialog?.querySelector<HTMLElement>(initialFocus) : null;
    (first ?? dialog?.querySelector<HTMLElement>('.dialog-actions button'))?.focus();
    // Back to the opener if it is still on the page (an action may have replaced it).
    return () => {
      if (opener?.isConnected) opener.focus();
    };
    // Runs once on open; a later change of `initialFocus` must not move focus again.
  }, []);
  return (
    <dialog
      ref={ref}
      className={`dialog${className ? ` ${className}` : ''}`}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 className="dialog-title" id={titleId}>
        {title}
      </h2>
      <div className="dialog-body">{children}</div>
      <div className="dialog-actions">{actions}</div>
    </dialog>
  );
}
