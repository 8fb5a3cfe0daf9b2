import { AdminUserCreateRequestSchema, type AdminUser } from '@parley/shared';
import { LoadError } from '../../components/LoadError';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { errorMessage, isApiError } from '../../api/client';
import { ROLE_LABELS } from '../../lib/roles';
import { adminApi } from './admin.api';
import { useMe } from '../../auth/session';
import { AccountFields } from '../../components/AccountFields';
import { Avatar } from '../../components/Avatar';
import { Button } from '../../components/Button';
import { CopyButton } from '../../components/CopyButton';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { FormFooter } from '../../components/FormFooter';
import { Icon } from '../../components/Icon';
import { EmptyState } from '../../components/EmptyState';
import { useDocumentTitle } from '../../components/PageHeader';
import { SelectField } from '../../components/SelectField';
import { LoadingBlock } from '../../components/Spinner';
import { formatDate, formatDateTime, optional, useFields, useSubmission } from '../../lib/forms';

type ListState =
  { status: 'loading' } | { status: 'error'; message: string } | { status: 'done'; users: AdminUser[] };

const ROLE_OPTIONS = [
  { value: 'user', label: ROLE_LABELS.user },
  { value: 'admin', label: ROLE_LABELS.admin },
] as const;

type Pending = null | 'deactivate' | 'promote' | { resetUrl: string; expiresAt: string };

/** An email address with line-break chances before "@" and after each dot (and nowhere else). */
export function emailWithBreaks(email: string): ReactNode[] {
  return email.split(/(?=@)|(?<=\.)/).flatMap((part, i) => (i === 0 ? [part] : [<wbr key={i} />, part]));
}

/** One account: role and status, and what an administrator can do about it. */
function PersonRow({
  user,
  isMe,
  lastAdmin,
  listVersion,
  onChanged,
}: {
  user: AdminUser;
  isMe: boolean;
  /** The only active administrator: they cannot be made a member (the server refuses it too). */
  lastAdmin: boolean;
  /** Moves whenever any account in the list changed: a row's old error may no longer hold. */
  listVersion: number;
  onChanged: (user: AdminUser) => void;
}) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setError(null), [listVersion]);
  const [pending, setPending] = useState<Pending>(null);
  const actionsRef = useRef<HTMLDivElement>(null);
  // Deactivating or reactivating swaps the button that was pressed for another; focus then goes to the
  // row's first action instead of being lost to the page.
  const [refocus, setRefocus] = useState(false);
  useEffect(() => {
    if (!refocus) return;
    actionsRef.current?.querySelector<HTMLButtonElement>('button')?.focus();
    setRefocus(false);
  }, [refocus]);

  /** Runs one action of the row; its error is shown on the row. Resolves to whether it worked. */
  const act = async (label: string, action: () => Promise<void>): Promise<boolean> => {
    setBusy(label);
    setError(null);
    try {
      await action();
      return true;
    } catch (err) {
      setError(errorMessage(err));
      return false;
    } finally {
      setBusy(null);
    }
  };
  const update = (change: { role?: 'admin' | 'user'; active?: boolean; provider?: boolean }, label: string) =>
    act(label, async () => onChanged(await adminApi.updateUser(user.id, change)));
  const setActive = async (active: boolean) => {
    const done = await update({ active }, active ? 'activate' : 'deactivate');
    // The confirmation stays open (and busy) until the server answered.
    setPending(null);
    if (done) setRefocus(true);
  };
  const reset = () => act('reset', async () => setPending(await adminApi.resetPassword(user.id)));
  const promote = async () => {
    await update({ role: 'admin' }, 'role');
    setPending(null);
  };

  return (
    <tr>
      <td className="person-cell">
        <span className="table-person">
          <Avatar user={user} size="sm" decorative />
          <span className="person-text">
            <span className="person-name">
              {user.displayName}
              {isMe && <span className="badge">You</span>}
            </span>
            <span className="person-username">@{user.username}</span>
            {/* Under the name rather than in a column of its own: the table must fit beside the sidebar. */}
            {user.email && (
              <span className="person-username person-email" title={user.email}>
                {emailWithBreaks(user.email)}
              </span>
            )}
          </span>
        </span>
      </td>
      <td data-label="Role">
        {user.role === 'admin' ? (
          <span className="badge badge-brand">{ROLE_LABELS.admin}</span>
        ) : (
          ROLE_LABELS.user
        )}
      </td>
      <td data-label="Status">
        {user.active ? 'Active' : <span className="badge badge-danger">Deactivated</span>}
      </td>
      <td data-label="Provider">
        <label className="provider-toggle">
          <span className="switch">
            <input
              type="checkbox"
              role="switch"
              checked={user.provider}
              disabled={busy !== null}
              aria-busy={busy === 'provider' || undefined}
              onChange={(event) => void update({ provider: event.target.checked }, 'provider')}
            />
            <span className="switch-track" aria-hidden="true">
              <span className="switch-thumb" />
            </span>
          </span>
          <span className="sr-only">Provider ({user.displayName})</span>
        </label>
      </td>
      <td data-label="Joined">{formatDate(user.createdAt)}</td>
      <td data-label="Actions">
        <div>
          <div className="person-actions" ref={actionsRef}>
            {/* The last administrator is not offered to step down: someone must be left to administer. */}
            {!lastAdmin && (
              <Button
                size="sm"
                variant="secondary"
                busy={busy === 'role'}
                disabled={busy !== null}
                onClick={() =>
                  user.role === 'admin' ? void update({ role: 'user' }, 'role') : setPending('promote')
                }
              >
                {user.role === 'admin'
                  ? `Make ${ROLE_LABELS.user.toLowerCase()}`
                  : `Make ${ROLE_LABELS.admin.toLowerCase()}`}
                <span className="sr-only"> ({user.displayName})</span>
              </Button>
            )}
            {user.active ? (
              <>
                <Button
                  size="sm"
                  variant="secondary"
                  disabled={busy !== null}
                  busy={busy === 'reset'}
                  onClick={() => void reset()}
                >
                  Reset password<span className="sr-only"> for {user.displayName}</span>
                </Button>
                {!isMe && (
                  <Button
                    size="sm"
                    variant="danger"
                    disabled={busy !== null}
                    onClick={() => setPending('deactivate')}
                  >
                    Deactivate<span className="sr-only"> {user.displayName}</span>
                  </Button>
                )}
              </>
            ) : (
              <Button
                size="sm"
                variant="secondary"
                busy={busy === 'activate'}
                disabled={busy !== null}
                onClick={() => void setActive(true)}
              >
                Reactivate<span className="sr-only"> {user.displayName}</span>
              </Button>
            )}
          </div>
          {error && (
            <p className="field-error row-error" role="alert">
              {error}
            </p>
          )}
        </div>
        {pending === 'deactivate' && (
          <ConfirmDialog
            title={`Deactivate ${user.displayName}?`}
            confirmLabel="Deactivate"
            tone="danger"
            cancelVariant="ghost"
            busy={busy === 'deactivate'}
            cancelDisabled={busy !== null}
            onConfirm={() => void setActive(false)}
            onCancel={() => setPending(null)}
          >
            <p>
              @{user.username} is signed out everywhere at once: their sessions end, their API tokens are
              revoked and open connections close. They can’t sign in until you reactivate the account.
            </p>
            <p>Their messages stay.</p>
          </ConfirmDialog>
        )}
        {pending === 'promote' && (
          <ConfirmDialog
            title={`Make ${user.displayName} an administrator?`}
            confirmLabel="Make administrator"
            cancelVariant="ghost"
            busy={busy === 'role'}
            cancelDisabled={busy !== null}
            onConfirm={() => void promote()}
            onCancel={() => setPending(null)}
          >
            <p>
              @{user.username} will be able to change every workspace setting, add and deactivate people,
              reset passwords and read the call and access logs.
            </p>
          </ConfirmDialog>
        )}
        {pending !== null && typeof pending === 'object' && (
          <Dialog
            title={`Password reset link for ${user.displayName}`}
            onClose={() => setPending(null)}
            actions={
              <Button variant="secondary" onClick={() => setPending(null)}>
                Done
              </Button>
            }
          >
            <p>
              Send this link to @{user.username} privately. It works once, until{' '}
              {formatDateTime(pending.expiresAt)}, and lets them choose a new password. Making another link
              cancels this one.
            </p>
            <div className="secret-row">
              <label className="sr-only" htmlFor={`reset-${user.id}`}>
                Reset link
              </label>
              <input
                id={`reset-${user.id}`}
                className="input secret-value"
                readOnly
                value={pending.resetUrl}
                onFocus={(event) => event.currentTarget.select()}
              />
              <CopyButton text={pending.resetUrl} label="Copy link" />
            </div>
          </Dialog>
        )}
      </td>
    </tr>
  );
}

export function AdminPeoplePage() {
  useDocumentTitle('People · Administration');
  const me = useMe();
  const [list, setList] = useState<ListState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [search, setSearch] = useState('');
  const [listVersion, setListVersion] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setList({ status: 'loading' });
    adminApi
      .users(controller.signal)
      .then((users) => setList({ status: 'done', users }))
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setList({ status: 'error', message: errorMessage(error) });
      });
    return () => controller.abort();
  }, [attempt]);

  const onChanged = (user: AdminUser) => {
    setListVersion((n) => n + 1);
    setList((current) =>
      current.status === 'done'
        ? { status: 'done', users: current.users.map((u) => (u.id === user.id ? user : u)) }
        : current,
    );
  };

  const onCreated = (user: AdminUser) => {
    setListVersion((n) => n + 1);
    setList((current) =>
      current.status === 'done' ? { status: 'done', users: [...current.users, user] } : current,
    );
  };

  // The whole list is loaded at once (not paged), so the search filters it here.
  const users = list.status === 'done' ? list.users : [];
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
          {list.status === 'done' && <span className="count">{list.users.length}</span>}
        </h2>
        {list.status === 'done' && list.users.length > 0 && (
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
        {list.status === 'done' && list.users.length > 0 && shown.length === 0 && (
          <EmptyState icon="search" title={`Nobody matches “${search.trim()}”`}>
            Try part of a name, a username or an email address.
          </EmptyState>
        )}
        {list.status === 'loading' && <LoadingBlock label="Loading people…" />}
        {list.status === 'error' && (
          <LoadError
            title="People couldn’t be loaded"
            message={list.message}
            onRetry={() => setAttempt((n) => n + 1)}
          />
        )}
        {list.status === 'done' && list.users.length === 0 && (
          <EmptyState icon="users" title="No accounts yet">
            Add the first person with the form below.
          </EmptyState>
        )}
        {list.status === 'done' && shown.length > 0 && (
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

function CreateUserForm({ onCreated }: { onCreated: (user: AdminUser) => void }) {
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, status, busy, submit, clearSaved } = useSubmission(formRef);
  const { values, bind, reset } = useFields(
    { username: '', displayName: '', email: '', password: '', role: 'user' },
    clearSaved,
  );

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    await submit(
      AdminUserCreateRequestSchema,
      { ...values, email: optional(values.email) },
      async (data) => {
        const user = await adminApi.createUser(data);
        onCreated(user);
        reset();
        return `Created an account for ${user.displayName} (@${user.username}). Share the password with them privately.`;
      },
      // A taken username is said once, on its field.
      (error, failure) =>
        isApiError(error) && error.code === 'username_taken'
          ? { message: '', fields: { username: error.message } }
          : failure,
    );
  };

  return (
    <section className="card" aria-labelledby="admin-add-person">
      <h2 className="card-title" id="admin-add-person">
        Add a person
      </h2>
      <p className="card-description">
        Create an account for someone. They can change their details and password later.
      </p>
      <form ref={formRef} className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
        <div className="form-grid">
          <AccountFields bind={bind} errors={errors} forSomeoneElse />
          <SelectField
            label="Role"
            {...bind('role')}
            options={ROLE_OPTIONS}
            error={errors.role}
            hint="Administrators can change workspace settings and add people."
          />
        </div>
        <FormFooter status={status} busy={busy} submitLabel="Create user" />
      </form>
    </section>
  );
}
