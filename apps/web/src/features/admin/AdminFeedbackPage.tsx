import type { FeedbackEntry, PublicUser } from '@parley/shared';
import { useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { adminApi } from './admin.api';
import { EmptyState } from '../../components/EmptyState';
import { LoadError } from '../../components/LoadError';
import { useDocumentTitle } from '../../components/PageHeader';
import { LoadingBlock } from '../../components/Spinner';
import { formatDateTime } from '../../lib/forms';
import { PeoplePicker } from '../chat';
import type { FeedbackFilters } from './admin.api';
import { DayRangeFields, useDayRange } from './DayRangeFields';
import { LoadMore, LogFilters } from './LogControls';
import { useLogPages } from './useLogPages';

const PAGE_SIZE = 30;

/** Whether the client's needs were addressed, as catalogue keys. */
const ADDRESSED: Record<FeedbackEntry['needsAddressed'], string> = {
  yes: 'admin.feedback.addressed.yes',
  partly: 'admin.feedback.addressed.partly',
  no: 'admin.feedback.addressed.no',
};

type ListPage = {
  entries: FeedbackEntry[];
  nextBefore: string | null;
  summary: { count: number; averageRating: number | null };
};

/**
 * Administration → Feedback: what clients said after their consultations, per provider. Clients
 * appear only under the nickname they chose, never by name.
 */
export function AdminFeedbackPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('admin.feedback.title'));
  const [provider, setProvider] = useState<PublicUser[]>([]);
  const days = useDayRange();
  const [applied, setApplied] = useState<FeedbackFilters>({});

  const page = (before?: string, signal?: AbortSignal) =>
    adminApi.feedback({ ...applied, limit: PAGE_SIZE, before }, signal);
  const list = useLogPages<ListPage>(page, [applied]);
  const { more, loadMore } = list;

  const apply = (event?: FormEvent<HTMLFormElement>) => {
    event?.preventDefault();
    const range = days.instants();
    if (!range) return;
    setApplied({
      ...(provider[0] ? { providerId: provider[0].id } : {}),
      ...range,
    });
  };
  const clear = () => {
    setProvider([]);
    days.clear();
    setApplied({});
  };
  const filtered = Object.keys(applied).length > 0;

  return (
    <div className="stack">
      <LogFilters
        id="feedback-filters"
        title={t('admin.feedback.title')}
        description={t('admin.feedback.description')}
        onApply={apply}
        filtered={filtered}
        onClear={clear}
      >
        <PeoplePicker
          label={t('admin.feedback.provider')}
          selected={provider}
          onChange={setProvider}
          max={1}
        />
        <DayRangeFields range={days} />
      </LogFilters>
      <section className="card" aria-labelledby="feedback-entries">
        <h2 className="card-title" id="feedback-entries">
          {applied.providerId && provider[0]
            ? t('admin.feedback.entriesOn', { name: provider[0].displayName })
            : t('admin.feedback.entries')}
        </h2>
        {list.status === 'loading' && <LoadingBlock label={t('admin.feedback.loading')} />}
        {list.status === 'error' && (
          <LoadError title={t('admin.feedback.loadFailed')} message={list.message} onRetry={list.retry} />
        )}
        {list.status === 'ready' && list.data.summary.count > 0 && (
          <p className="feedback-summary" data-testid="feedback-summary">
            {t('admin.feedback.answers', { count: list.data.summary.count })}
            {list.data.summary.averageRating !== null &&
              t('admin.feedback.average', { rating: list.data.summary.averageRating })}
          </p>
        )}
        {list.status === 'ready' && list.data.entries.length === 0 && (
          <EmptyState icon="chat" title={filtered ? t('admin.logs.noMatch') : t('admin.feedback.emptyTitle')}>
            {filtered ? t('admin.feedback.noMatchHint') : t('admin.feedback.emptyText')}
          </EmptyState>
        )}
        {list.status === 'ready' && list.data.entries.length > 0 && (
          <ul className="feedback-list" aria-labelledby="feedback-entries">
            {list.data.entries.map((entry) => (
              <li key={`${entry.consultationId}-${entry.by}`} className="feedback-entry">
                <div className="feedback-entry-head">
                  <span className="feedback-rating">
                    <span aria-hidden="true">{'★'.repeat(entry.rating) + '☆'.repeat(5 - entry.rating)}</span>
                    <span className="sr-only">{t('admin.feedback.rated', { rating: entry.rating })}</span>
                  </span>
                  <span className="feedback-addressed">{t(ADDRESSED[entry.needsAddressed])}</span>
                </div>
                {entry.comment && <p className="feedback-comment">{entry.comment}</p>}
                <p className="feedback-meta muted">
                  <Trans
                    i18nKey="admin.feedback.meta"
                    t={t}
                    values={{
                      from:
                        entry.by === 'provider'
                          ? t('admin.feedback.from.provider', { name: entry.provider.displayName })
                          : entry.clientNickname
                            ? t('admin.feedback.from.client', { nickname: entry.clientNickname })
                            : t('admin.feedback.from.anonymous'),
                      provider: entry.provider.displayName,
                      date: formatDateTime(entry.start),
                    }}
                    components={{ time: <time dateTime={entry.start} /> }}
                  />
                </p>
              </li>
            ))}
          </ul>
        )}
        {list.status === 'ready' && list.data.nextBefore && (
          <LoadMore more={more} onMore={() => void loadMore()} />
        )}
      </section>
    </div>
  );
}
