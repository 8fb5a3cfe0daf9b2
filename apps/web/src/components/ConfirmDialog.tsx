import type { ReactNode } from 'react';
import { Button } from './Button';
import { Dialog } from './Dialog';

export interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  /** The confirming button's words ("Delete", "Make administrator"). */
  confirmLabel: string;
  onConfirm: () => void;
  /** Closes without doing anything: the cancel button, Escape. */
  onCancel: () => void;
  cancelLabel?: string;
  /** `danger` for what cannot be undone. */
  tone?: 'primary' | 'danger';
  cancelVariant?: 'secondary' | 'ghost';
  /** While the confirmed action runs: the confirming button spins. */
  busy?: boolean;
  /** Cancel cannot be pressed (while an action that cannot be interrupted runs). */
  cancelDisabled?: boolean;
  /** The confirming button cannot be pressed yet (nothing chosen). */
  confirmDisabled?: boolean;
  /** What gets focus when it opens (see `Dialog`); the cancel button otherwise. */
  initialFocus?: string;
  className?: string;
}

/** "Are you sure?": a dialog with a cancel button and the one that does it, cancel first. */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  onConfirm,
  onCancel,
  cancelLabel = 'Cancel',
  tone = 'primary',
  cancelVariant = 'secondary',
  busy = false,
  cancelDisabled = false,
  confirmDisabled,
  initialFocus,
  className,
}: ConfirmDialogProps) {
  return (
    <Dialog
      title={title}
      onClose={onCancel}
      initialFocus={initialFocus}
      className={className}
      actions={
        <>
          <Button variant={cancelVariant} disabled={cancelDisabled} onClick={onCancel}>
            {cancelLabel}
          </Button>
          <Button variant={tone} busy={busy} disabled={confirmDisabled} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      {children}
    </Dialog>
  );
}
