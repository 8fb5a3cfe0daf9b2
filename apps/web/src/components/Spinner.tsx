import { useTranslation } from 'react-i18next';
export interface SpinnerProps {
  size?: 'sm' | 'md' | 'lg';
  /** Text for screen readers; ignored when decorative. */
  label?: string;
  /** Hide from assistive technology when the surrounding text already says what is happening. */
  decorative?: boolean;
}

export function Spinner({ size = 'md', label, decorative = false }: SpinnerProps) {
  const { t } = useTranslation();
  if (decorative) return <span className={`spinner spinner-${size}`} aria-hidden="true" />;
  return (
    <span className={`spinner spinner-${size}`} role="status">
      <span className="sr-only">{label ?? t('common.loading')}</span>
    </span>
  );
}

/** A centred spinner with visible text, for whole sections that are loading. */
export function LoadingBlock({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="loading-block" role="status" aria-live="polite">
      <span className="spinner spinner-md" aria-hidden="true" />
      <span>{label ?? t('common.loadingEllipsis')}</span>
    </div>
  );
}
