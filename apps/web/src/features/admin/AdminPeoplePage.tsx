import { type AdminUser } from '@parley/shared';
import { LoadError } from '../../components/LoadError';
import { useState } from 'react';
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
  useDocumentTitle('People · Administration');
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
          People
          {list.status === 'ready' && <span className="count">{list.data.length}</span>}
        </h2>
        {list.status === 'ready' && list.data.length > 0 && (
          <div className="people-search" role="search">
            <label className="field-label" htmlFor="admin-people-search">
              Search people
            </label>
            <div className="search-control">
              <Icon name="search" className="search-icon" />
              <input
                id="admin-people-search"
                className="input search-input"
                type="search"
                value={search}
                placeholder="Name, username or email"
                autoComplete="off"
                spellCheck={false}
                maxLength={64}
                onChange={(event) => setSearch(event.target.value)}
              />
            </div>
            <p className="field-hint" aria-live="polite">
              {needle ? (shown.length === 1 ? '1 person matches.' : `${shown.length} people match.`) : ''}
            </p>
          </div>
        )}
        {list.status === 'ready' && list.data.length > 0 && shown.length === 0 && (
          <EmptyState icon="search" title={`Nobody matches “${search.trim()}”`}>
            Try part of a name, a username or an email address.
          </EmptyState>
        )}
        {list.status === 'loading' && <LoadingBlock label="Loading people…" />}
        {list.status === 'error' && (
          <LoadError title="People couldn’t be loaded" message={list.message} onRetry={list.retry} />
        )}
        {list.status === 'ready' && list.data.length === 0 && (
          <EmptyState icon="users" title="No accounts yet">
            Add the first person with the form below.
          </EmptyState>
        )}
        {list.status === 'ready' && shown.length > 0 && (
          // The scroll box is a landmark of its own (keyboard users scroll it): its own name, not the card's.
          <div className="table-wrap people-wrap" tabIndex={0} role="region" aria-label="People table">
            <table className="table people-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Role</th>
                  <th scope="col">Status</th>
                  <th scope="col">Provider</th>
                  <th scope="col">Joined</th>
                  <th scope="col">Actions</th>
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
