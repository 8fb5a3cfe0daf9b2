import { AdminUserCreateRequestSchema } from '@parley/shared';
import { LoadError } from '../../components/LoadError';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { errorMessage, isApiError } from '../../api/client';
import { api, type AdminUser } from '../../api/endpoints';
import { useMe } from '../../auth/session';
import { AccountFields } from '../../components/AccountFields';
import { Avatar } from '../../components/Avatar';
import { FormFooter } from '../../components/FormFooter';
import { EmptyState } from '../../components/EmptyState';
import { useDocumentTitle } from '../../components/PageHeader';
import { SelectField } from '../../components/SelectField';
import { LoadingBlock } from '../../components/Spinner';
import {
  describeFailure,
  formatDate,
  optional,
  useFields,
  useFocusFirstInvalid,
  validate,
  type FieldErrors,
} from '../../lib/forms';

type ListState =
  { status: 'loading' } | { status: 'error'; message: string } | { status: 'done'; users: AdminUser[] };

const ROLE_OPTIONS = [
  { value: 'user', label: 'Member' },
  { value: 'admin', label: 'Administrator' },
] as const;

export function AdminPeoplePage() {
  useDocumentTitle('People · Administration');
  const me = useMe();
  const [list, setList] = useState<ListState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setList({ status: 'loading' });
    api.admin
      .users(controller.signal)
      .then((users) => setList({ status: 'done', users }))
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setList({ status: 'error', message: errorMessage(error) });
      });
    return () => controller.abort();
  }, [attempt]);

  const onCreated = (user: AdminUser) =>
    setList((current) =>
      current.status === 'done' ? { status: 'done', users: [...current.users, user] } : current,
    );

  return (
    <div className="stack">
      <section className="card" aria-labelledby="admin-people">
        <h2 className="card-title" id="admin-people">
          People
          {list.status === 'done' && <span className="count">{list.users.length}</span>}
        </h2>
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
        {list.status === 'done' && list.users.length > 0 && (
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="admin-people">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">Joined</th>
                </tr>
              </thead>
              <tbody>
                {list.users.map((user) => (
                  <tr key={user.id}>
                    <td>
                      <span className="table-person">
                        <Avatar user={user} size="sm" decorative />
                        <span className="person-text">
                          <span className="person-name">
                            {user.displayName}
                            {user.id === me.id && <span className="badge">You</span>}
                          </span>
                          <span className="person-username">@{user.username}</span>
                        </span>
                      </span>
                    </td>
                    <td>{user.email ?? <span className="muted">Not set</span>}</td>
                    <td>
                      {user.role === 'admin' ? (
                        <span className="badge badge-brand">Administrator</span>
                      ) : (
                        'Member'
                      )}
                    </td>
                    <td>{formatDate(user.createdAt)}</td>
                  </tr>
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
  const { values, bind, reset } = useFields({
    username: '',
    displayName: '',
    email: '',
    password: '',
    role: 'user',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, errors);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const checked = validate(AdminUserCreateRequestSchema, { ...values, email: optional(values.email) });
    if (!checked.ok) {
      setStatus(null);
      setErrors(checked.errors);
      return;
    }
    setBusy(true);
    setErrors({});
    setStatus(null);
    try {
      const user = await api.admin.createUser(checked.data);
      onCreated(user);
      reset();
      setStatus({
        tone: 'success',
        text: `Created an account for ${user.displayName} (@${user.username}). Share the password with them privately.`,
      });
    } catch (error) {
      const failure = describeFailure(error);
      setErrors(
        isApiError(error) && error.code === 'username_taken' ? { username: error.message } : failure.fields,
      );
      setStatus({ tone: 'error', text: failure.message });
    } finally {
      setBusy(false);
    }
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
