import { Button, type ButtonProps } from './Button';

/** A dialog's footer: Cancel (closes it), then the dialog's own action, a `Button` with these props. */
export function DialogActions({ onCancel, ...action }: ButtonProps & { onCancel: () => void }) {
  return (
    <>
      <Button variant="secondary" onClick={onCancel}>
        Cancel
      </Button>
      <Button {...action} />
    </>
  );
}
