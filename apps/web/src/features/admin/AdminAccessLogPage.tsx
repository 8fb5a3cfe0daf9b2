import type { PublicUser } from '@parley/shared';
import { useState, type FormEvent } from 'react';
import { adminApi } from './admin.api';
import { Avatar } from '../../components/Avatar';
import { EmptyState } from '../../components/EmptyState';
import { LoadError } from '../../components/LoadError';
import { useDocumentTitle } from '../../components/PageHeader';
import { LoadingBlock } from '../../components/Spinner';
import { TextField } from '../../components/TextField';
import { formatDateTime } from '../../lib/forms';
import { PeoplePicker } from '../chat';
import type { AccessLogEntry, AccessLogFilters } from './admin.api';
import { DayRangeFields, useDayRange } from './DayRangeFields';
import { LoadMore, LogFilters } from './LogControls';
import { useLogPages } from './useLogPages';

/** Who opened the consultation, in the access log's words (a third participant since issue 19). */
const ROLE_LABEL: Record<AccessLogEntry['role'], string> = {
  client: 'Client',
  provider: 'Provider',
  participant: 'Third participant',
};

const PAGE_SIZE = 50;

const ACTIONS: Record<AccessLogEntry['action'], string> = {
  view: 'Opened the consultation',
  join: 'Joined the call',
  chat: 'Read the chat',
};

type ListPage = { entries: AccessLogEntry[]; nextBefore: string | null };

/**
 * Administration → Access log: who opened which consultation or joined its call, and
 * when. What was said is not shown; administrators cannot open consultations themselves.
 */
export function AdminAccessLogPage() {
  useDocumentTitle('Consultation access log');
  const [consultationId, setConsultationId] = useState('');
  const [person, setPerson] = useState<PublicUser[]>([]);
  const [provider, setProvider] = useState<PublicUser[]>([]);
  const [client, setClient] = useState<PublicUser[]>([]);
  const days = useDayRange();
  const [applied, setApplied] = useState<AccessLogFilters>({});

  const page = (before?: string, signal?: AbortSignal) =>
    adminApi
      .accessLog({ ...applied, limit: PAGE_SIZE, before }, signal)
      .then((answer): ListPage => ({ entries: answer.entries, nextBefore: answer.nextBefore }));
  const list = useLogPages<ListPage>(page, [applied]);
  const { more, loadMore } = list;

  const apply = (event?: FormEvent<HTMLFormElement>) => {
    event?.preventDefault();
    const range = days.instants();
    if (!range) return;
    setApplied({
      ...(consultationId.trim() ? { consultationId: consultationId.trim() } : {}),
      ...(person[0] ? { userId: person[0].id } : {}),
      ...(provider[0] ? { providerId: provider[0].id } : {}),
      ...(client[0] ? { clientId: client[0].id } : {}),
      ...range,
    });
  };
  const only = (id: string) => {
    setConsultationId(id);
    setApplied((current) => ({ ...current, consultationId: id }));
  };
  const clear = () => {
    setConsultationId('');
    setPerson([]);
    setProvider([]);
    setClient([]);
    days.clear();
    setApplied({});
  };

  const filtered = Object.keys(applied).length > 0;

  return (
    <div className="stack">
      <LogFilters
        id="access-log-filters"
        title="Consultation access log"
        description="Who opened which consultation or joined its call, and when. Messages are not shown here. Filter by a consultation's provider or client, by who opened it, and by date."
        onApply={apply}
        filtered={filtered}
        onClear={clear}
      >
        <TextField
          label="Consultation"
          value={consultationId}
          placeholder="Its id"
          onChange={(event) => setConsultationId(event.target.value)}
          hint="Or choose “Only this one” in the list."
        />
        <PeoplePicker label="Person" selected={person} onChange={setPerson} max={1} />
        <PeoplePicker label="Provider" selected={provider} onChange={setProvider} max={1} />
        <PeoplePicker label="Client" selected={client} onChange={setClient} max={1} />
        <DayRangeFields range={days} />
      </LogFilters>
      <section className="card" aria-labelledby="access-log-entries">
        <h2 className="card-title" id="access-log-entries">
          Entries
        </h2>
        {list.status === 'loading' && <LoadingBlock label="Loading the access log…" />}
        {list.status === 'error' && (
          <LoadError title="The access log couldn’t be loaded" message={list.message} onRetry={list.retry} />
        )}
        {list.status === 'ready' && list.data.entries.length === 0 && (
          <EmptyState
            icon="shield"
            title={filtered ? 'Nothing matches' : 'No one has opened a consultation yet'}
          >
            {filtered ? 'Try other filters.' : 'Each time a client or provider opens one, it is listed here.'}
          </EmptyState>
        )}
        {list.status === 'ready' && list.data.entries.length > 0 && (
          <div className="table-wrap people-wrap" tabIndex={0} role="region" aria-label="Access log table">
            <table className="table people-table access-log-table">
              <thead>
                <tr>
                  <th scope="col">Who</th>
                  <th scope="col">What</th>
                  <th scope="col">When</th>
                  <th scope="col">Consultation</th>
                </tr>
              </thead>
              <tbody>
                {list.data.entries.map((entry, i) => (
                  <tr key={`${entry.consultationId}-${entry.at}-${i}`}>
                    <td className="person-cell">
                      {entry.user ? (
                        <span className="table-person">
                          <Avatar user={entry.user} size="sm" decorative />
                          <span className="person-text">
                            <span className="person-name">{entry.user.displayName}</span>
                            <span className="person-username">{ROLE_LABEL[entry.role]}</span>
                          </span>
                        </span>
                      ) : (
                        <span className="muted">A deleted account ({entry.role})</span>
                      )}
                    </td>
                    <td data-label="What">{ACTIONS[entry.action]}</td>
                    <td data-label="When">
                      <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
                    </td>
                    <td data-label="Consultation">
                      <span className="access-log-id">
                        <code title={entry.consultationId}>{entry.consultationId.slice(0, 8)}…</code>
                        {applied.consultationId !== entry.consultationId && (
                          <button
                            type="button"
                            className="link-button"
                            onClick={() => only(entry.consultationId)}
                          >
                            Only this one<span className="sr-only"> ({entry.consultationId})</span>
                          </button>
                        )}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {list.status === 'ready' && list.data.nextBefore && (
          <LoadMore more={more} onMore={() => void loadMore()} />
        )}
      </section>
    </div>
  );
}
