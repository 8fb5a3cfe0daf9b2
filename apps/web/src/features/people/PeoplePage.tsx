import { useTranslation } from 'react-i18next';
import { LoadError } from '../../components/LoadError';
import { useState } from 'react';
import { peopleApi } from './people.api';
import { useMe } from '../../auth/session';
import { Avatar } from '../../components/Avatar';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { PageHeader } from '../../components/PageHeader';
import { LoadingBlock, Spinner } from '../../components/Spinner';
import { useDebouncedValue } from '../../lib/useDebouncedValue';
import { ROLE_LABELS } from '../../lib/roles';
import { useLoad } from '../../lib/useLoad';
import './people.css';

export const SEARCH_DEBOUNCE_MS = 250;
const LIMIT = 50;

export function PeoplePage() {
  const { t } = useTranslation();
  const me = useMe();
  const [query, setQuery] = useState('');
  const debounced = useDebouncedValue(query.trim(), SEARCH_DEBOUNCE_MS);
  const result = useLoad(
    async (signal) => ({ query: debounced, users: await peopleApi.searchUsers(debounced, LIMIT, signal) }),
    [debounced],
  );

  const shown =
    result.status === 'ready' ? result.data : result.status === 'loading' ? result.previous : undefined;

  return (
    <div className="page">
      <PageHeader title={t('people.title')} description={t('people.description')} />
      <div className="card">
        <form role="search" className="search" onSubmit={(event) => event.preventDefault()}>
          <label className="field-label" htmlFor="people-search">
            {t('people.search')}
          </label>
          <div className="search-control">
            <Icon name="search" className="search-icon" />
            <input
              id="people-search"
              className="input search-input"
              type="search"
              value={query}
              onChange={(event) => setQuery(event.target.value)}
              placeholder={t('people.placeholder')}
              autoComplete="off"
              spellCheck={false}
              maxLength={64}
              aria-describedby="people-search-status"
            />
            {result.status === 'loading' && result.previous && (
              <span className="search-busy">
                <Spinner size="sm" decorative />
              </span>
            )}
          </div>
        </form>
        <p className="sr-only" id="people-search-status" role="status">
          {result.status === 'ready' ? t('people.found', { count: result.data.users.length }) : ''}
        </p>
        {result.status === 'loading' && !result.previous && <LoadingBlock label={t('people.loading')} />}
        {result.status === 'error' && (
          <LoadError title={t('people.loadFailed')} message={result.message} onRetry={result.retry} />
        )}
        {shown && shown.users.length === 0 && (
          <EmptyState icon="users" title={shown.query ? t('people.noMatchTitle') : t('people.emptyTitle')}>
            {shown.query ? t('people.noMatch', { query: shown.query }) : t('people.empty')}
          </EmptyState>
        )}
        {shown && shown.users.length > 0 && (
          <ul
            className={`people-list${result.status === 'loading' ? ' is-stale' : ''}`}
            aria-busy={result.status === 'loading'}
          >
            {shown.users.map((user) => (
              <li key={user.id} className="person">
                <Avatar user={user} size="md" decorative />
                <span className="person-text">
                  <span className="person-name">
                    {user.displayName}
                    {user.id === me.id && <span className="badge">{t('people.you')}</span>}
                    {user.role === 'admin' && <span className="badge badge-brand">{ROLE_LABELS.admin}</span>}
                  </span>
                  <span className="person-username">@{user.username}</span>
                </span>
              </li>
            ))}
          </ul>
        )}
        {result.status === 'ready' && result.data.users.length === LIMIT && (
          <p className="muted list-footnote">{t('people.limited', { limit: LIMIT })}</p>
        )}
      </div>
    </div>
  );
}
