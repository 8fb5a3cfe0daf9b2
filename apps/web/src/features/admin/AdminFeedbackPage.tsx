import type { FeedbackEntry, PublicUser } from '@parley/shared';
import { useState, type FormEvent } from 'react';
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

const ADDRESSED: Record<FeedbackEntry['needsAddressed'], string> = {
  yes: 'Needs were addressed',
  partly: 'Needs were partly addressed',
  no: 'Needs not addressed',
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
  useDocumentTitle('Consultation feedback');
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
        title="Consultation feedback"
        description="What clients said after their sessions. Clients appear only under the nickname they chose, never by name."
        onApply={apply}
        filtered={filtered}
        onClear={clear}
      >
        <PeoplePicker label="Provider" selected={provider} onChange={setProvider} max={1} />
        <DayRangeFields range={days} />
      </LogFilters>
      <section className="card" aria-labelledby="feedback-entries">
        <h2 className="card-title" id="feedback-entries">
          {applied.providerId && provider[0] ? `Feedback on ${provider[0].displayName}` : 'Feedback'}
        </h2>
        {list.status === 'loading' && <LoadingBlock label="Loading feedback…" />}
        {list.status === 'error' && (
          <LoadError title="Feedback couldn’t be loaded" message={list.message} onRetry={list.retry} />
        )}
        {list.status === 'ready' && list.data.summary.count > 0 && (
          <p className="feedback-summary" data-testid="feedback-summary">
            {list.data.summary.count === 1 ? '1 answer' : `${list.data.summary.count} answers`}
            {list.data.summary.averageRating !== null && (
              <>, on average {list.data.summary.averageRating} out of 5</>
            )}
          </p>
        )}
        {list.status === 'ready' && list.data.entries.length === 0 && (
          <EmptyState icon="chat" title={filtered ? 'Nothing matches' : 'No feedback yet'}>
            {filtered
              ? 'Try another provider or other dates.'
              : 'Clients are asked for feedback after a session took place.'}
          </EmptyState>
        )}
        {list.status === 'ready' && list.data.entries.length > 0 && (
          <ul className="feedback-list" aria-labelledby="feedback-entries">
            {list.data.entries.map((entry) => (
              <li key={`${entry.consultationId}-${entry.by}`} className="feedback-entry">
                <div className="feedback-entry-head">
                  <span className="feedback-rating">
                    <span aria-hidden="true">{'★'.repeat(entry.rating) + '☆'.repeat(5 - entry.rating)}</span>
                    <span className="sr-only">Rated {entry.rating} out of 5</span>
                  </span>
                  <span className="feedback-addressed">{ADDRESSED[entry.needsAddressed]}</span>
                </div>
                {entry.comment && <p className="feedback-comment">{entry.comment}</p>}
                <p className="feedback-meta muted">
                  {entry.by === 'provider'
                    ? `From ${entry.provider.displayName} (the provider)`
                    : entry.clientNickname
                      ? `From “${entry.clientNickname}”`
                      : 'From a client without a nickname'}{' '}
                  on {entry.provider.displayName}’s session of{' '}
                  <time dateTime={entry.start}>{formatDateTime(entry.start)}</time>
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
