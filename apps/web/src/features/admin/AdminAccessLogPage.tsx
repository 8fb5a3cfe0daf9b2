import type { PublicUser } from '@parley/shared';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
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
  client: 'admin.accessLog.roles.client',
  provider: 'admin.accessLog.roles.provider',
  participant: 'admin.accessLog.roles.participant',
};

const PAGE_SIZE = 50;

/** What they did, as catalogue keys. */
const ACTIONS: Record<AccessLogEntry['action'], string> = {
  view: 'admin.accessLog.actions.view',
  join: 'admin.accessLog.actions.join',
  chat: 'admin.accessLog.actions.chat',
};

type ListPage = { entries: AccessLogEntry[]; nextBefore: string | null };

/**
 * Administration → Access log: who opened which consultation or joined its call, and
 * when. What was said is not shown; administrators cannot open consultations themselves.
 */
export function AdminAccessLogPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('admin.accessLog.title'));
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
        title={t('admin.accessLog.title')}
        description={t('admin.accessLog.description')}
        onApply={apply}
        filtered={filtered}
        onClear={clear}
      >
        <TextField
          label={t('admin.accessLog.fields.consultation')}
          value={consultationId}
          placeholder={t('admin.accessLog.fields.consultationPlaceholder')}
          onChange={(event) => setConsultationId(event.target.value)}
          hint={t('admin.accessLog.fields.consultationHint')}
        />
        <PeoplePicker
          label={t('admin.accessLog.fields.person')}
          selected={person}
          onChange={setPerson}
          max={1}
        />
        <PeoplePicker
          label={t('admin.accessLog.fields.provider')}
          selected={provider}
          onChange={setProvider}
          max={1}
        />
        <PeoplePicker
          label={t('admin.accessLog.fields.client')}
          selected={client}
          onChange={setClient}
          max={1}
        />
        <DayRangeFields range={days} />
      </LogFilters>
      <section className="card" aria-labelledby="access-log-entries">
        <h2 className="card-title" id="access-log-entries">
          {t('admin.accessLog.entries')}
        </h2>
        {list.status === 'loading' && <LoadingBlock label={t('admin.accessLog.loading')} />}
        {list.status === 'error' && (
          <LoadError title={t('admin.accessLog.loadFailed')} message={list.message} onRetry={list.retry} />
        )}
        {list.status === 'ready' && list.data.entries.length === 0 && (
          <EmptyState
            icon="shield"
            title={filtered ? t('admin.logs.noMatch') : t('admin.accessLog.emptyTitle')}
          >
            {filtered ? t('admin.accessLog.noMatchHint') : t('admin.accessLog.emptyText')}
          </EmptyState>
        )}
        {list.status === 'ready' && list.data.entries.length > 0 && (
          <div
            className="table-wrap people-wrap"
            tabIndex={0}
            role="region"
            aria-label={t('admin.accessLog.table')}
          >
            <table className="table people-table access-log-table">
              <thead>
                <tr>
                  <th scope="col">{t('admin.accessLog.columns.who')}</th>
                  <th scope="col">{t('admin.accessLog.columns.what')}</th>
                  <th scope="col">{t('admin.accessLog.columns.when')}</th>
                  <th scope="col">{t('admin.accessLog.columns.consultation')}</th>
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
                            <span className="person-username">{t(ROLE_LABEL[entry.role])}</span>
                          </span>
                        </span>
                      ) : (
                        <span className="muted">
                          {t('admin.accessLog.deletedAccount', { role: entry.role })}
                        </span>
                      )}
                    </td>
                    <td data-label={t('admin.accessLog.columns.what')}>{t(ACTIONS[entry.action])}</td>
                    <td data-label={t('admin.accessLog.columns.when')}>
                      <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
                    </td>
                    <td data-label={t('admin.accessLog.columns.consultation')}>
                      <span className="access-log-id">
                        <code title={entry.consultationId}>{entry.consultationId.slice(0, 8)}…</code>
                        {applied.consultationId !== entry.consultationId && (
                          <button
                            type="button"
                            className="link-button"
                            onClick={() => only(entry.consultationId)}
                          >
                            {t('admin.accessLog.onlyThis')}
                            <span className="sr-only"> ({entry.consultationId})</span>
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
