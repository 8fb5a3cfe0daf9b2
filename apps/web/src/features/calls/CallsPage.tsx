import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useSearchParams } from 'react-router-dom';
import { useMe } from '../../auth/session';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { TabList } from '../../components/TabList';
import { LoadingBlock } from '../../components/Spinner';
import { callsApi, type CallDirection } from './calls.api';
import { CallHistoryItem, useCallList } from './CallHistory';

const DIRECTIONS: CallDirection[] = ['all', 'incoming', 'outgoing', 'missed'];

/** Each tab's label, list name, and what its empty list says (`calls.page.tabs.<id>.*`). */
function tabOf(id: CallDirection, t: TFunction) {
  return {
    id,
    label: t(`calls.page.tabs.${id}.label`),
    list: t(`calls.page.tabs.${id}.list`),
    empty: t(`calls.page.tabs.${id}.empty`),
    hint: t(`calls.page.tabs.${id}.hint`),
  };
}

function isDirection(value: string | null): value is CallDirection {
  return DIRECTIONS.some((id) => id === value);
}

/** My calls: All, Incoming, Outgoing, Missed; each with its room, time, duration, who joined and Call back. */
export function CallsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const requested = params.get('tab');
  const tab = isDirection(requested) ? requested : 'all';
  const tabs = DIRECTIONS.map((id) => tabOf(id, t));
  const current = tabOf(tab, t);
  const { list, hasMore, more, loadMore, retry } = useCallList(tab, (before, signal) =>
    callsApi.myCalls(tab, { before }, signal),
  );

  const choose = (id: CallDirection) => {
    setParams(id === 'all' ? {} : { tab: id }, { replace: true });
  };
  return (
    <div className="page calls-page">
      <PageHeader title={t('calls.page.title')} description={t('calls.page.description')} />
      <div className="card">
        <TabList
          tabs={tabs}
          value={tab}
          onChange={choose}
          label={t('calls.page.which')}
          idPrefix="calls-tab"
          panelId="calls-panel"
          className="calls-tabs"
          itemClassName="calls-tab"
        />
        <div role="tabpanel" id="calls-panel" aria-labelledby={`calls-tab-${tab}`} className="calls-panel">
          {list.status === 'loading' && <LoadingBlock label={t('calls.list.loading')} />}
          {list.status === 'error' && (
            <LoadError title={t('calls.page.loadFailed')} message={list.error} onRetry={retry} />
          )}
          {list.status === 'ready' && list.calls.length === 0 && (
            <EmptyState icon="phone" title={current.empty}>
              {current.hint}
            </EmptyState>
          )}
          {list.calls.length > 0 && (
            <ul className="call-list" aria-label={current.list}>
              {list.calls.map((call) => (
                <CallHistoryItem key={call.id} call={call} myId={me.id} showRoom />
              ))}
            </ul>
          )}
          {hasMore && list.status === 'ready' && (
            <div className="call-list-more">
              {more.error && <span className="field-error">{more.error}</span>}
              <Button variant="secondary" busy={more.busy} onClick={() => void loadMore()}>
                {t('calls.list.more')}
              </Button>
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
