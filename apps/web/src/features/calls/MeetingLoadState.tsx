import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { LoadingBlock } from '../../components/Spinner';

/**
 * What an embedded meeting shows while Jitsi's script loads, or when it could not: the same words
 * in a call and in a consultation, with a way to try again and what still works meanwhile.
 */
export function MeetingLoadState({
  status,
  error,
  stillWorks,
  className,
  onRetry,
}: {
  status: 'loading' | 'ready' | 'error';
  error: string | null;
  /** The sentence after the error, e.g. "You can still open it in a new tab." */
  stillWorks: string;
  className: string;
  onRetry: () => void;
}) {
  const { t } = useTranslation();
  if (status === 'loading') {
    return (
      <div className={className}>
        <LoadingBlock label={t('calls.meeting.loading')} />
      </div>
    );
  }
  if (status === 'error') {
    return (
      <div className={className}>
        <Alert
          tone="error"
          title={t('calls.meeting.loadFailed')}
          action={
            <Button size="sm" variant="secondary" onClick={onRetry}>
              {t('common.tryAgain')}
            </Button>
          }
        >
          {error} {stillWorks}
        </Alert>
      </div>
    );
  }
  return null;
}
