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

const HAS_LABELS = { file: 'Has a file', image: 'Has an image', link: 'Has a link' } as const;
type Has = keyof typeof HAS_LABELS;
const FILTERS = ['from', 'roomId', 'has', 'after', 'before'] as const;

function paramsFrom(url: URLSearchParams): SearchParams {
  const has = url.get('has');
  const params: SearchParams = { q: url.get('q') ?? '' };
  for (const key of ['from', 'roomId', 'after', 'before'] as const) {
    const value = url.get(key);
    if (value) params[key] = value;
  }
  if (has && has in HAS_LABELS) params.has = has as Has;
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
      <PageHeader title={params.q ? `Search: ${params.q}` : 'Search'} />
      <SearchForm params={params} onSearch={update} />
      <FilterChips params={params} onRemove={(name) => update({ [name]: undefined })} />
      <section className="search-results" aria-busy={results.status === 'loading'}>
        {results.status === 'idle' && (
          <EmptyState icon="search" title="Search the messages of your rooms">
            Type words to find. Narrow it down with <code>from:@name</code>, <code>in:#room</code>,{' '}
            <code>has:file</code>, <code>before:2026-12-01</code> or <code>after:2026-11-01</code>, or with
            the filters above.
          </EmptyState>
        )}
        {results.status === 'loading' && <LoadingBlock label="Searching…" />}
        {results.status === 'error' && (
          <LoadError
            title="The search failed"
            message={results.message}
            onRetry={() => setAttempt((n) => n + 1)}
          />
        )}
        {results.status === 'ready' && results.results.length === 0 && (
          <EmptyState icon="search" title="No messages match">
            Try other words, or fewer filters.
          </EmptyState>
        )}
        {results.status === 'ready' && results.results.length > 0 && (
          <>
            <ol className="search-result-list" aria-label="Search results">
              {results.results.map((result) => (
                <ResultItem key={result.message.id} result={result} />
              ))}
            </ol>
            {results.more.error && (
              <p className="search-more-error" role="alert">
                More results could not be loaded. {results.more.error}
              </p>
            )}
            {results.nextCursor && (
              <div className="search-more">
                <Button variant="secondary" busy={results.more.loading} onClick={() => void loadMore()}>
                  Show more results
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
  const { message, room } = result;
  const files = message.attachments.length;
  return (
    <li className="search-result">
      <Link to={resultPath(result)} className="search-result-link">
        <span className="search-result-meta">
          {message.author && <Avatar user={message.author} size="sm" decorative />}
          <span className="search-result-author">{message.author?.displayName ?? 'Someone'}</span>
          <span className="search-result-room">
            <span className="sr-only">in </span>
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
    <form role="search" className="search-form" onSubmit={submit} aria-label="Search messages">
      <div className="search-form-main">
        <label htmlFor={`${id}-q`} className="sr-only">
          Words to find
        </label>
        <input
          id={`${id}-q`}
          type="search"
          className="input search-form-q"
          value={form.q}
          maxLength={500}
          placeholder="Words to find"
          // Opened to search (the top bar's link on a phone): the field takes the focus, not the title.
          data-page-focus={params.q ? undefined : ''}
          onChange={(event) => set({ q: event.target.value })}
        />
        <Button type="submit" icon={<Icon name="search" />}>
          Search
        </Button>
      </div>
      <div className="search-filters">
        <label className="search-filter">
          <span>From</span>
          <input
            className="input"
            value={form.from ?? ''}
            placeholder="@username"
            maxLength={64}
            onChange={(event) => set({ from: event.target.value.trim() || undefined })}
          />
        </label>
        <label className="search-filter">
          <span>In</span>
          <select
            className="input"
            value={form.roomId ?? ''}
            onChange={(event) => set({ roomId: event.target.value || undefined })}
          >
            <option value="">Any room</option>
            {roomList.map((r) => (
              <option key={r.id} value={r.id}>
                {roomLabel(r)}
              </option>
            ))}
          </select>
        </label>
        <label className="search-filter">
          <span>Has</span>
          <select
            className="input"
            value={form.has ?? ''}
            onChange={(event) => set({ has: (event.target.value || undefined) as Has | undefined })}
          >
            <option value="">Anything</option>
            <option value="file">A file</option>
            <option value="image">An image</option>
            <option value="link">A link</option>
          </select>
        </label>
        <label className="search-filter">
          <span>After</span>
          <input
            className="input"
            type="date"
            value={form.after ?? ''}
            onChange={(event) => set({ after: event.target.value || undefined })}
          />
        </label>
        <label className="search-filter">
          <span>Before</span>
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
  const rooms = useChat((s) => s.rooms);
  const label = (name: (typeof FILTERS)[number], value: string): string => {
    switch (name) {
      case 'from':
        return `From: ${value.startsWith('@') ? value : `@${value}`}`;
      case 'roomId': {
        const room = rooms[value];
        return `In: ${room ? roomLabel(room) : 'a room'}`;
      }
      case 'has':
        return HAS_LABELS[value as Has] ?? value;
      case 'after':
        return `After: ${value}`;
      case 'before':
        return `Before: ${value}`;
    }
  };
  const chips = FILTERS.flatMap((name) => {
    const value = params[name];
    return value ? [{ name, text: label(name, value) }] : [];
  });
  if (chips.length === 0) return null;
  return (
    <ul className="search-chips" aria-label="Filters">
      {chips.map((chip) => (
        <li key={chip.name} className="search-chip">
          <span>{chip.text}</span>
          <button type="button" className="search-chip-remove" onClick={() => onRemove(chip.name)}>
            <Icon name="close" />
            <span className="sr-only">Remove the filter {chip.text}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
