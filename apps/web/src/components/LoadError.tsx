import { useTranslation } from 'react-i18next';
import { Alert } from './Alert';
import { Button } from './Button';

/** What a section shows when its data could not be loaded: the reason and a way to try again. */
export function LoadError({
  title,
  message,
  onRetry,
}: {
  title: string;
  message: string;
  onRetry: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Alert
      tone="error"
      title={title}
      action={
        <Button variant="secondary" size="sm" onClick={onRetry}>
          {t('common.tryAgain')}
        </Button>
      }
    >
      {message}
    </Alert>
  );
}
