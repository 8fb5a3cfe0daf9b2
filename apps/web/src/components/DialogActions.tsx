import { useTranslation } from 'react-i18next';
import { Button, type ButtonProps } from './Button';

/** A dialog's footer: Cancel (closes it), then the dialog's own action, a `Button` with these props. */
export function DialogActions({ onCancel, ...action }: ButtonProps & { onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <>
      <Button variant="secondary" onClick={onCancel}>
        {t('common.cancel')}
      </Button>
      <Button {...action} />
    </>
  );
}
