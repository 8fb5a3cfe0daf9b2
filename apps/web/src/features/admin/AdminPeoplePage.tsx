import { type AdminUser } from '@parley/shared';
import { LoadError } from '../../components/LoadError';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi } from './admin.api';
import { useMe } from '../../auth/session';
import { Icon } from '../../components/Icon';
import { EmptyState } from '../../components/EmptyState';
import { useDocumentTitle } from '../../components/PageHeader';
import { LoadingBlock } from '../../components/Spinner';
import { useLoad } from '../../lib/useLoad';
import { CreateUserForm } from './CreateUserForm';
import { PersonRow } from './PersonRow';

export function AdminPeoplePage() {
  const { t } = useTranslation();
  useDocumentTitle(t('admin.people.documentTitle'));
  const me = useMe();
  const list = useLoad((signal) => adminApi.users(signal), []);
  const [search, setSearch] = useState('');
  const [listVersion, setListVersion] = useState(0);

  const onChanged = (user: AdminUser) => {
    setListVersion((n) => n + 1);
    list.update((users) => users.map((u) => (u.id === user.id ? user : u)));
  };

  const onCreated = (user: AdminUser) => {
    setListVersion((n) => n + 1);
    list.update((users) => [...users, user]);
  };

  // The whole list is loaded at once (not paged), so the search filters it here.
  const users = list.status === 'ready' ? list.data : [];
  const activeAdmins = users.filter((u) => u.role === 'admin' && u.active).length;
  const needle = search.trim().toLowerCase().replace(/^@/, '');
  const shown = needle
    ? users.filter((u) =>
        [u.displayName, u.username, u.email ?? ''].some((text) => text.toLowerCase().includes(needle)),
      )
    : users;

  return (
    <div className="stack">
      <section className="card" aria-labelledby="admin-people">
        <h2 className="card-title" id="admin-people">
          {t('admin.people.title')}
          {list.status === 'ready' && <span className="count">{list.data.length}</span>}
        </h2>
        {list.status === 'ready' && list.data.length > 0 && (
          <div className="people-search" role="search">
            <label className="field-label" htmlFor="admin-people-search">
              {t('admin.people.searchLabel')}
            </label>
            <div className="search-control">
              <Icon name="search" className="search-icon" />
              <input
                id="admin-people-search"
                className="input search-input"
                type="search"
                value={search}
                placeholder={t('admin.people.searchPlaceholder')}
                autoComplete="off"
                spellCheck={false}
                maxLength={64}
                onChange={(event) => setSearch(event.target.value)}
              />
            </div>
            <p className="field-hint" aria-live="polite">
              {needle ? t('admin.people.matches', { count: shown.length }) : ''}
            </p>
          </div>
        )}
        {list.status === 'ready' && list.data.length > 0 && shown.length === 0 && (
          <EmptyState icon="search" title={t('admin.people.noMatch', { query: search.trim() })}>
            {t('admin.people.noMatchHint')}
          </EmptyState>
        )}
        {list.status === 'loading' && <LoadingBlock label={t('admin.people.loading')} />}
        {list.status === 'error' && (
          <LoadError title={t('admin.people.loadFailed')} message={list.message} onRetry={list.retry} />
        )}
        {list.status === 'ready' && list.data.length === 0 && (
          <EmptyState icon="users" title={t('admin.people.emptyTitle')}>
            {t('admin.people.emptyText')}
          </EmptyState>
        )}
        {list.status === 'ready' && shown.length > 0 && (
          // The scroll box is a landmark of its own (keyboard users scroll it): its own name, not the card's.
          <div
            className="table-wrap people-wrap"
            tabIndex={0}
            role="region"
            aria-label={t('admin.people.table')}
          >
            <table className="table people-table">
              <thead>
                <tr>
                  <th scope="col">{t('admin.people.columns.name')}</th>
                  <th scope="col">{t('admin.people.columns.role')}</th>
                  <th scope="col">{t('admin.people.columns.status')}</th>
                  <th scope="col">{t('admin.people.columns.provider')}</th>
                  <th scope="col">{t('admin.people.columns.joined')}</th>
                  <th scope="col">{t('admin.people.columns.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((user) => (
                  <PersonRow
                    key={user.id}
                    user={user}
                    isMe={user.id === me.id}
                    lastAdmin={user.role === 'admin' && user.active && activeAdmins === 1}
                    listVersion={listVersion}
                    onChanged={onChanged}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <CreateUserForm onCreated={onCreated} />
    </div>
  );
}
