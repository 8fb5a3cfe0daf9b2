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

const TABS: { id: CallDirection; label: string; empty: string; hint: string }[] = [
  {
    id: 'all',
    label: 'All',
    empty: 'No calls yet',
    hint: 'Start one from any room with the camera button in its header, or type /jitsi.',
  },
  {
    id: 'incoming',
    label: 'Incoming',
    empty: 'No incoming calls',
    hint: 'Calls others start in your rooms show up here.',
  },
  { id: 'outgoing', label: 'Outgoing', empty: 'No outgoing calls', hint: 'Calls you start show up here.' },
  {
    id: 'missed',
    label: 'Missed',
    empty: 'No missed calls',
    hint: 'Calls that rang you and that you did not answer show up here.',
  },
];

function isDirection(value: string | null): value is CallDirection {
  return TABS.some((t) => t.id === value);
}

/** My calls: All, Incoming, Outgoing, Missed; each with its room, time, duration, who joined and Call back. */
export function CallsPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const requested = params.get('tab');
  const tab = isDirection(requested) ? requested : 'all';
  const current = TABS.find((t) => t.id === tab) ?? TABS[0]!;
  const { list, hasMore, more, loadMore, retry } = useCallList(tab, (before, signal) =>
    callsApi.myCalls(tab, { before }, signal),
  );

  const choose = (id: CallDirection) => {
    setParams(id === 'all' ? {} : { tab: id }, { replace: true });
  };
  return (
    <div className="page calls-page">
      <PageHeader title="Calls" description="Calls you made, calls to you, and the ones you missed." />
      <div className="card">
        <TabList
          tabs={TABS}
          value={tab}
          onChange={choose}
          label="Which calls"
          idPrefix="calls-tab"
          panelId="calls-panel"
          className="calls-tabs"
          itemClassName="calls-tab"
        />
        <div role="tabpanel" id="calls-panel" aria-labelledby={`calls-tab-${tab}`} className="calls-panel">
          {list.status === 'loading' && <LoadingBlock label="Loading calls…" />}
          {list.status === 'error' && (
            <LoadError title="Your calls could not be loaded" message={list.error} onRetry={retry} />
          )}
          {list.status === 'ready' && list.calls.length === 0 && (
            <EmptyState icon="phone" title={current.empty}>
              {current.hint}
            </EmptyState>
          )}
          {list.calls.length > 0 && (
            <ul className="call-list" aria-label={`${current.label} calls`}>
              {list.calls.map((call) => (
                <CallHistoryItem key={call.id} call={call} myId={me.id} showRoom />
              ))}
            </ul>
          )}
          {hasMore && list.status === 'ready' && (
            <div className="call-list-more">
              {more.error && <span className="field-error">{more.error}</span>}
              <Button variant="secondary" busy={more.busy} onClick={() => void loadMore()}>
                Load more
              </Button>
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
