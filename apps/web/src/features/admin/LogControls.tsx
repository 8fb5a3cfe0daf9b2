import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import type { MoreState } from '../../lib/useLoad';

/** The end of a log's filter form: Show, and Show everything once a filter is applied. */
export function FilterActions({ filtered, onClear }: { filtered: boolean; onClear: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="form-actions">
      <Button type="submit">{t('admin.logs.show')}</Button>
      {filtered && (
        <Button variant="ghost" onClick={onClear}>
          {t('admin.logs.showAll')}
        </Button>
      )}
    </div>
  );
}

/** "Load more" under a log's entries, with why the last try failed. */
export function LoadMore({ more, onMore }: { more: MoreState; onMore: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="form-actions">
      <Button variant="secondary" busy={more.busy} onClick={onMore}>
        {t('admin.logs.loadMore')}
      </Button>
      {more.error && <span className="field-error">{more.error}</span>}
    </div>
  );
}

/** A log's filter card: its heading and description, the filter fields, then Show. */
export function LogFilters({
  id,
  title,
  description,
  onApply,
  filtered,
  onClear,
  children,
}: {
  id: string;
  title: string;
  description: ReactNode;
  onApply: (event: FormEvent<HTMLFormElement>) => void;
  filtered: boolean;
  onClear: () => void;
  children: ReactNode;
}) {
  return (
    <section className="card" aria-labelledby={id}>
      <h2 className="card-title" id={id}>
        {title}
      </h2>
      <p className="card-description">{description}</p>
      <form className="form" noValidate onSubmit={onApply}>
        <div className="form-grid">{children}</div>
        <FilterActions filtered={filtered} onClear={onClear} />
      </form>
    </section>
  );
}
