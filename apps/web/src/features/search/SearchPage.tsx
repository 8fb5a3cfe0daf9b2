import { useTranslation } from 'react-i18next';
import type { SearchResult } from '@parley/shared';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { Avatar } from '../../components/Avatar';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { LoadingBlock } from '../../components/Spinner';
import { fullDateTime, roomLabel, roomPath, useChat } from '../chat';
import { Highlighted } from './Highlighted';
import { searchApi, type SearchParams } from './search.api';
import './search.css';

const HAS = ['file', 'image', 'link'] as const;
type Has = (typeof HAS)[number];
/** The operators the search box understands, shown as they are typed (not translated). */
const OPERATORS = ['from:@name', 'in:#room', 'has:file', 'before:2026-12-01', 'after:2026-11-01'];
const FILTERS = ['from', 'roomId', 'has', 'after', 'before'] as const;

function paramsFrom(url: URLSearchParams): SearchParams {
  const has = url.get('has');
  const params: SearchParams = { q: url.get('q') ?? '' };
  for (const key of ['from', 'roomId', 'after', 'before'] as const) {
    const value = url.get(key);
    if (value) params[key] = value;
  }
  if (has && (HAS as readonly string[]).includes(has)) params.has = has as Has;
  return params;
}

type Results =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | {
      status: 'ready';
      results: SearchResult[];
      nextCursor: string | null;
      /** Loading the next page, or why it failed. */
      more: { loading: boolean; error: string | null };
    };

/** Where a result opens: its room at that message (a consultation's chat: its page). */
export function resultPath(result: SearchResult): string {
  const path = roomPath(result.room);
  if (path !== `/rooms/${result.room.id}`) return path;
  const query = new URLSearchParams({ message: result.message.id, seq: String(result.message.seq) });
  return `${path}?${query.toString()}`;
}

/** `/search?q=…`: messages in my rooms, with filters as chips, newest relevant first, more on demand. */
export function SearchPage() {
  const { t } = useTranslation();
  const [url, setUrl] = useSearchParams();
  const params = paramsFrom(url);
  const key = JSON.stringify(params);
  const [results, setResults] = useState<Results>({ status: 'idle' });
  const [attempt, setAttempt] = useState(0);
  const active = params.q.trim() !== '' || FILTERS.some((f) => params[f]);

  useEffect(() => {
    if (!active) {
      setResults({ status: 'idle' });
      return;
    }
    const abort = new AbortController();
    setResults({ status: 'loading' });
    searchApi
      .search(params, abort.signal)
      .then((page) => setResults({ status: 'ready', ...page, more: { loading: false, error: null } }))
      .catch((error: unknown) => {
        if (!abort.signal.aborted) setResults({ status: 'error', message: errorMessage(error) });
      });
    return () => abort.abort();
    // `key` stands for the params.
  }, [key, attempt]);

  const loadMore = async () => {
    if (results.status !== 'ready' || !results.nextCursor) return;
    setResults({ ...results, more: { loading: true, error: null } });
    try {
      const page = await searchApi.search({ ...params, cursor: results.nextCursor });
      setResults({
        status: 'ready',
        results: [...results.results, ...page.results],
        nextCursor: page.nextCursor,
        more: { loading: false, error: null },
      });
    } catch (error) {
      setResults({ ...results, more: { loading: false, error: errorMessage(error) } });
    }
  };

  const update = (change: Partial<SearchParams>) => {
    const next = new URLSearchParams();
    for (const [name, value] of Object.entries({ ...params, ...change })) if (value) next.set(name, value);
    setUrl(next);
  };

  return (
    <div className="page search-page">
      <PageHeader title={params.q ? t('search.titleWithQuery', { q: params.q }) : t('search.title')} />
      <SearchForm params={params} onSearch={update} />
      <FilterChips params={params} onRemove={(name) => update({ [name]: undefined })} />
      <section className="search-results" aria-busy={results.status === 'loading'}>
        {results.status === 'idle' && (
          <EmptyState icon="search" title={t('search.idle.title')}>
            {t('search.idle.text')}{' '}
            {OPERATORS.map((operator, index) => (
              <span key={operator}>
                {index > 0 && ' '}
                <code>{operator}</code>
              </span>
            ))}
          </EmptyState>
        )}
        {results.status === 'loading' && <LoadingBlock label={t('search.searching')} />}
        {results.status === 'error' && (
          <LoadError
            title={t('search.failed')}
            message={results.message}
            onRetry={() => setAttempt((n) => n + 1)}
          />
        )}
        {results.status === 'ready' && results.results.length === 0 && (
          <EmptyState icon="search" title={t('search.none.title')}>
            {t('search.none.text')}
          </EmptyState>
        )}
        {results.status === 'ready' && results.results.length > 0 && (
          <>
            <ol className="search-result-list" aria-label={t('search.results')}>
              {results.results.map((result) => (
                <ResultItem key={result.message.id} result={result} />
              ))}
            </ol>
            {results.more.error && (
              <p className="search-more-error" role="alert">
                {t('search.moreFailed')} {results.more.error}
              </p>
            )}
            {results.nextCursor && (
              <div className="search-more">
                <Button variant="secondary" busy={results.more.loading} onClick={() => void loadMore()}>
                  {t('search.more')}
                </Button>
              </div>
            )}
          </>
        )}
      </section>
    </div>
  );
}

function ResultItem({ result }: { result: SearchResult }) {
  const { t } = useTranslation();
  const { message, room } = result;
  const files = message.attachments.length;
  return (
    <li className="search-result">
      <Link to={resultPath(result)} className="search-result-link">
        <span className="search-result-meta">
          {message.author && <Avatar user={message.author} size="sm" decorative />}
          <span className="search-result-author">{message.author?.displayName ?? t('search.someone')}</span>
          <span className="search-result-room">
            <span className="sr-only">{t('search.inRoom')} </span>
            {room.type === 'direct' ? room.displayName : roomLabel({ ...room, name: null })}
          </span>
          <time dateTime={message.createdAt} className="search-result-time">
            {fullDateTime(message.createdAt)}
          </time>
        </span>
        <span className="search-result-snippet">
          <Highlighted text={result.snippet} highlights={result.highlights} />
        </span>
        {files > 0 && (
          <span className="search-result-files">
            <Icon name="paperclip" />
            {message.attachments.map((a) => a.name).join(', ')}
          </span>
        )}
      </Link>
    </li>
  );
}

function SearchForm({
  params,
  onSearch,
}: {
  params: SearchParams;
  onSearch: (p: Partial<SearchParams>) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const rooms = useChat((s) => s.rooms);
  const [form, setForm] = useState(params);
  const key = JSON.stringify(params);
  useEffect(() => setForm(params), [key]);
  const set = (change: Partial<SearchParams>) => setForm((f) => ({ ...f, ...change }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch({ ...form, q: form.q.trim() });
  };
  const roomList = Object.values(rooms)
    .filter((r) => r.type !== 'consultation')
    .sort((a, b) => roomLabel(a).localeCompare(roomLabel(b)));
  return (
    <form role="search" className="search-form" onSubmit={submit} aria-label={t('search.box.label')}>
      <div className="search-form-main">
        <label htmlFor={`${id}-q`} className="sr-only">
          {t('search.form.words')}
        </label>
        <input
          id={`${id}-q`}
          type="search"
          className="input search-form-q"
          value={form.q}
          maxLength={500}
          placeholder={t('search.form.words')}
          // Opened to search (the top bar's link on a phone): the field takes the focus, not the title.
          data-page-focus={params.q ? undefined : ''}
          onChange={(event) => set({ q: event.target.value })}
        />
        <Button type="submit" icon={<Icon name="search" />}>
          {t('search.form.submit')}
        </Button>
      </div>
      <div className="search-filters">
        <label className="search-filter">
          <span>{t('search.form.from')}</span>
          <input
            className="input"
            value={form.from ?? ''}
            placeholder={t('search.form.fromPlaceholder')}
            maxLength={64}
            onChange={(event) => set({ from: event.target.value.trim() || undefined })}
          />
        </label>
        <label className="search-filter">
          <span>{t('search.form.in')}</span>
          <select
            className="input"
            value={form.roomId ?? ''}
            onChange={(event) => set({ roomId: event.target.value || undefined })}
          >
            <option value="">{t('search.form.anyRoom')}</option>
            {roomList.map((r) => (
              <option key={r.id} value={r.id}>
                {roomLabel(r)}
              </option>
            ))}
          </select>
        </label>
        <label className="search-filter">
          <span>{t('search.form.has')}</span>
          <select
            className="input"
            value={form.has ?? ''}
            onChange={(event) => set({ has: (event.target.value || undefined) as Has | undefined })}
          >
            <option value="">{t('search.form.anything')}</option>
            {HAS.map((has) => (
              <option key={has} value={has}>
                {t(`search.form.hasOption.${has}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="search-filter">
          <span>{t('search.form.after')}</span>
          <input
            className="input"
            type="date"
            value={form.after ?? ''}
            onChange={(event) => set({ after: event.target.value || undefined })}
          />
        </label>
        <label className="search-filter">
          <span>{t('search.form.before')}</span>
          <input
            className="input"
            type="date"
            value={form.before ?? ''}
            onChange={(event) => set({ before: event.target.value || undefined })}
          />
        </label>
      </div>
    </form>
  );
}

function FilterChips({
  params,
  onRemove,
}: {
  params: SearchParams;
  onRemove: (name: (typeof FILTERS)[number]) => void;
}) {
  const { t } = useTranslation();
  const rooms = useChat((s) => s.rooms);
  const label = (name: (typeof FILTERS)[number], value: string): string => {
    switch (name) {
      case 'from':
        return t('search.chip.from', { user: value.startsWith('@') ? value : `@${value}` });
      case 'roomId': {
        const room = rooms[value];
        return room ? t('search.chip.in', { room: roomLabel(room) }) : t('search.chip.inUnknown');
      }
      case 'has':
        return (HAS as readonly string[]).includes(value) ? t(`search.chip.has.${value}`) : value;
      case 'after':
        return t('search.chip.after', { date: value });
      case 'before':
        return t('search.chip.before', { date: value });
    }
  };
  const chips = FILTERS.flatMap((name) => {
    const value = params[name];
    return value ? [{ name, text: label(name, value) }] : [];
  });
  if (chips.length === 0) return null;
  return (
    <ul className="search-chips" aria-label={t('search.chip.filters')}>
      {chips.map((chip) => (
        <li key={chip.name} className="search-chip">
          <span>{chip.text}</span>
          <button type="button" className="search-chip-remove" onClick={() => onRemove(chip.name)}>
            <Icon name="close" />
            <span className="sr-only">{t('search.chip.remove', { filter: chip.text })}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
