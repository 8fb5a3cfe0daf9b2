import type { Call, CallStatus, PublicUser } from '@parley/shared';
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi } from './admin.api';
import { chatApi } from '../chat';
import { peopleApi } from '../people';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { LoadError } from '../../components/LoadError';
import { useDocumentTitle } from '../../components/PageHeader';
import { SelectField } from '../../components/SelectField';
import { LoadingBlock } from '../../components/Spinner';
import { TextField } from '../../components/TextField';
import { useFocusFirstInvalid } from '../../lib/forms';
import { useDebouncedValue } from '../../lib/useDebouncedValue';
import { usePagedLoad } from '../../lib/useLoad';
import { callLogUrl, type CallLogFilters } from './admin.api';
import { CALL_STATUSES, CALL_STATUS_LABELS, resolvePick } from './callLog';
import { CallRow } from './CallLogRow';

const PAGE_SIZE = 30;

type ListPage = { calls: Call[]; nextBefore: string | null };

interface FilterForm {
  status: CallStatus | '';
  from: string;
  to: string;
  room: string;
  person: string;
}

const EMPTY_FORM: FilterForm = { status: '', from: '', to: '', room: '', person: '' };

/** Administration → Call log: every call, filtered by status, dates, room and person; CSV export. */
export function AdminCallLogPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('admin.callLog.title'));
  const formRef = useRef<HTMLFormElement>(null);
  const [form, setForm] = useState<FilterForm>(EMPTY_FORM);
  // Each field's problem as its catalogue key, put into words while rendering.
  const [errors, setErrors] = useState<Record<string, string>>({});
  const errorText = (field: string) => (errors[field] ? t(errors[field]) : undefined);
  const [applied, setApplied] = useState<CallLogFilters>({});
  const [rooms, setRooms] = useState<{ id: string; label: string }[]>([]);
  const [people, setPeople] = useState<PublicUser[]>([]);
  // Labels picked from the lists or the table, lowercased, to the id they stand for.
  const known = useRef({ rooms: new Map<string, string>(), people: new Map<string, string>() });
  useFocusFirstInvalid(formRef, errors);
  const roomListId = useId();
  const personListId = useId();

  const page = (before?: string, signal?: AbortSignal) =>
    adminApi.calls({ ...applied, before, limit: PAGE_SIZE }, signal).then((answer): ListPage => {
      rememberRows(answer.calls);
      return { calls: answer.calls, nextBefore: answer.nextBefore };
    });
  const list = usePagedLoad<ListPage>(
    {
      first: (signal) => page(undefined, signal),
      next: (loaded) => (loaded.nextBefore ? page(loaded.nextBefore) : null),
      append: (loaded, next) => ({ calls: [...loaded.calls, ...next.calls], nextBefore: next.nextBefore }),
    },
    [applied],
  );
  const { more, loadMore } = list;

  // The admin's own rooms, to pick from (any other room by its id, or from the table).
  useEffect(() => {
    const controller = new AbortController();
    chatApi
      .rooms(controller.signal)
      .then((summaries) => {
        const options = summaries.map((r) => ({ id: r.id, label: r.displayName }));
        for (const o of options) known.current.rooms.set(o.label.toLowerCase(), o.id);
        setRooms(options);
      })
      .catch(() => undefined);
    return () => controller.abort();
  }, []);

  // People matching what is typed in the Person field.
  const personQuery = useDebouncedValue(form.person.trim().replace(/^@/, ''), 250);
  useEffect(() => {
    if (personQuery.length < 2) return;
    const controller = new AbortController();
    peopleApi
      .searchUsers(personQuery, 8, controller.signal)
      .then((users) => {
        for (const u of users) rememberPerson(u);
        setPeople(users);
      })
      .catch(() => undefined);
    return () => controller.abort();
  }, [personQuery]);

  function rememberPerson(user: PublicUser) {
    known.current.people.set(`@${user.username}`.toLowerCase(), user.id);
    known.current.people.set(user.username.toLowerCase(), user.id);
    known.current.people.set(user.displayName.toLowerCase(), user.id);
  }
  function rememberRows(calls: Call[]) {
    for (const call of calls) {
      known.current.rooms.set(call.roomDisplayName.toLowerCase(), call.roomId);
      for (const p of call.participants) rememberPerson(p.user);
    }
  }

  const filtersFrom = (
    values: FilterForm,
  ): { ok: true; filters: CallLogFilters } | { ok: false; errors: Record<string, string> } => {
    const problems: Record<string, string> = {};
    const roomId = resolvePick(values.room, known.current.rooms);
    const userId = resolvePick(values.person, known.current.people);
    if (roomId === null) problems.room = 'admin.callLog.errors.room';
    if (userId === null) problems.person = 'admin.callLog.errors.person';
    if (values.from && values.to && values.from > values.to) {
      problems.to = 'admin.callLog.errors.dates';
    }
    if (Object.keys(problems).length > 0) return { ok: false, errors: problems };
    const filters: CallLogFilters = {};
    if (values.status) filters.status = values.status;
    if (values.from) filters.from = values.from;
    if (values.to) filters.to = values.to;
    if (roomId) filters.roomId = roomId;
    if (userId) filters.userId = userId;
    return { ok: true, filters };
  };

  const apply = (values: FilterForm) => {
    const result = filtersFrom(values);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    setApplied(result.filters);
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    apply(form);
  };

  const pick = (field: 'room' | 'person', label: string) => {
    const next = { ...form, [field]: label };
    setForm(next);
    apply(next);
  };

  const filtered = Object.keys(applied).length > 0;
  const csvHref = useMemo(() => callLogUrl(applied, 'csv'), [applied]);
  const now = Date.now();

  return (
    <div className="stack">
      <section className="card" aria-labelledby="admin-call-log">
        <div className="card-heading">
          <h2 className="card-title" id="admin-call-log">
            {t('admin.callLog.title')}
          </h2>
          <a
            className="btn btn-secondary btn-sm"
            href={csvHref}
            download
            aria-label={filtered ? t('admin.callLog.exportFiltered') : t('admin.callLog.export')}
          >
            {t('admin.callLog.export')}
          </a>
        </div>
        <form
          ref={formRef}
          className="call-filters"
          noValidate
          onSubmit={onSubmit}
          aria-label={t('admin.callLog.filters')}
        >
          <SelectField
            label={t('admin.callLog.fields.status')}
            name="status"
            value={form.status}
            options={[
              { value: '', label: t('admin.callLog.fields.anyStatus') },
              ...CALL_STATUSES.map((s) => ({ value: s, label: CALL_STATUS_LABELS[s] })),
            ]}
            onChange={(event) => setForm({ ...form, status: event.target.value as CallStatus | '' })}
          />
          <TextField
            label={t('admin.callLog.fields.from')}
            type="date"
            name="from"
            value={form.from}
            error={errorText('from')}
            onChange={(event) => setForm({ ...form, from: event.target.value })}
          />
          <TextField
            label={t('admin.callLog.fields.to')}
            type="date"
            name="to"
            value={form.to}
            error={errorText('to')}
            onChange={(event) => setForm({ ...form, to: event.target.value })}
          />
          <TextField
            label={t('admin.callLog.fields.room')}
            name="room"
            value={form.room}
            error={errorText('room')}
            list={roomListId}
            autoComplete="off"
            placeholder={t('admin.callLog.fields.anyRoom')}
            onChange={(event) => setForm({ ...form, room: event.target.value })}
          />
          <datalist id={roomListId}>
            {rooms.map((r) => (
              <option key={r.id} value={r.label} />
            ))}
          </datalist>
          <TextField
            label={t('admin.callLog.fields.person')}
            name="person"
            value={form.person}
            error={errorText('person')}
            list={personListId}
            autoComplete="off"
            placeholder={t('admin.callLog.fields.anyone')}
            onChange={(event) => setForm({ ...form, person: event.target.value })}
          />
          <datalist id={personListId}>
            {people.map((u) => (
              <option key={u.id} value={`@${u.username}`}>
                {u.displayName}
              </option>
            ))}
          </datalist>
          <div className="form-actions call-filter-actions">
            <Button type="submit">{t('admin.callLog.apply')}</Button>
            {(filtered || Object.values(form).some((v) => v !== '')) && (
              <Button
                variant="ghost"
                onClick={() => {
                  setForm(EMPTY_FORM);
                  setErrors({});
                  setApplied({});
                }}
              >
                {t('admin.callLog.clear')}
              </Button>
            )}
          </div>
        </form>

        {list.status === 'loading' && <LoadingBlock label={t('admin.callLog.loading')} />}
        {list.status === 'error' && (
          <LoadError title={t('admin.callLog.loadFailed')} message={list.message} onRetry={list.retry} />
        )}
        {list.status === 'ready' && list.data.calls.length === 0 && (
          <EmptyState
            icon="video"
            title={filtered ? t('admin.callLog.noMatch') : t('admin.callLog.emptyTitle')}
          >
            {filtered ? t('admin.callLog.noMatchHint') : t('admin.callLog.emptyText')}
          </EmptyState>
        )}
        {list.status === 'ready' && list.data.calls.length > 0 && (
          <>
            <div
              className="table-wrap call-log-wrap"
              tabIndex={0}
              role="region"
              aria-label={t('admin.callLog.table')}
            >
              <table className="table call-log-table">
                <thead>
                  <tr>
                    <th scope="col">{t('admin.callLog.columns.started')}</th>
                    <th scope="col">{t('admin.callLog.columns.room')}</th>
                    <th scope="col">{t('admin.callLog.columns.status')}</th>
                    <th scope="col">{t('admin.callLog.columns.caller')}</th>
                    <th scope="col">{t('admin.callLog.columns.duration')}</th>
                    <th scope="col">{t('admin.callLog.columns.joined')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.calls.map((call) => (
                    <CallRow key={call.id} call={call} now={now} onPick={pick} />
                  ))}
                </tbody>
              </table>
            </div>
            <div className="form-actions">
              {list.data.nextBefore !== null ? (
                <Button variant="secondary" busy={more.busy} onClick={() => void loadMore()}>
                  {t('admin.logs.loadMore')}
                </Button>
              ) : (
                <span className="muted">{t('admin.callLog.end', { count: list.data.calls.length })}</span>
              )}
            </div>
            {more.error && <Alert tone="error">{more.error}</Alert>}
          </>
        )}
      </section>
    </div>
  );
}
