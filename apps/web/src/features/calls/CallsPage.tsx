import { useRef, type KeyboardEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useMe } from '../../auth/session';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
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
  const tabRefs = useRef<Record<string, HTMLButtonElement | null>>({});
  const { list, hasMore, more, loadMore, retry } = useCallList(tab, (before, signal) =>
    callsApi.myCalls(tab, { before }, signal),
  );

  const choose = (id: CallDirection) => {
    setParams(id === 'all' ? {} : { tab: id }, { replace: true });
  };
  // Arrow keys move between tabs (the WAI-ARIA tabs pattern); Tab goes on into the list.
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    const i = TABS.findIndex((t) => t.id === tab);
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0 && event.key !== 'Home' && event.key !== 'End') return;
    event.preventDefault();
    const next =
      event.key === 'Home'
        ? 0
        : event.key === 'End'
          ? TABS.length - 1
          : (i + step + TABS.length) % TABS.length;
    const target = TABS[next]!;
    choose(target.id);
    tabRefs.current[target.id]?.focus();
  };

  return (
    <div className="page calls-page">
      <PageHeader title="Calls" description="Calls you made, calls to you, and the ones you missed." />
      <div className="card">
        <div className="calls-tabs" role="tablist" aria-label="Which calls">
          {TABS.map((t) => (
            <button
              key={t.id}
              ref={(el) => {
                tabRefs.current[t.id] = el;
              }}
              type="button"
              role="tab"
              id={`calls-tab-${t.id}`}
              aria-selected={t.id === tab}
              aria-controls="calls-panel"
              tabIndex={t.id === tab ? 0 : -1}
              className={`calls-tab${t.id === tab ? ' is-active' : ''}`}
              onClick={() => choose(t.id)}
              onKeyDown={onKeyDown}
            >
              {t.label}
            </button>
          ))}
        </div>
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
