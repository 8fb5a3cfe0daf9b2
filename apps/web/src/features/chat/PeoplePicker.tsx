import type { PublicUser } from '@parley/shared';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { peopleApi } from '../people';
import { Avatar } from '../../components/Avatar';
import { FieldMessages } from '../../components/FieldMessages';
import { Icon } from '../../components/Icon';
import { Spinner } from '../../components/Spinner';
import { useDebouncedValue } from '../../lib/useDebouncedValue';

export interface PeoplePickerProps {
  label: string;
  selected: PublicUser[];
  onChange: (people: PublicUser[]) => void;
  /** People who cannot be picked (me, people already in the room). */
  excludeIds?: readonly string[];
  max?: number;
  error?: string | undefined;
}

type Search =
  | { status: 'idle' }
  /** `previous`: what the last search found, still shown so the list does not jump while typing. */
  | { status: 'loading'; previous: PublicUser[] | null }
  | { status: 'error'; message: string }
  | { status: 'done'; users: PublicUser[] };

/** Search people by name or username (GET /users?q=) and collect a few of them as removable chips. */
export function PeoplePicker({
  label,
  selected,
  onChange,
  excludeIds = [],
  max = 50,
  error,
}: PeoplePickerProps) {
  const { t } = useTranslation();
  const id = useId();
  const [query, setQuery] = useState('');
  const debounced = useDebouncedValue(query.trim(), 200);
  const [search, setSearch] = useState<Search>({ status: 'idle' });
  const full = selected.length >= max;

  useEffect(() => {
    const controller = new AbortController();
    setSearch((last) => ({
      status: 'loading',
      previous: last.status === 'done' ? last.users : last.status === 'loading' ? last.previous : null,
    }));
    peopleApi
      .searchUsers(debounced, 20, controller.signal)
      .then((users) => setSearch({ status: 'done', users }))
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setSearch({ status: 'error', message: errorMessage(e) });
      });
    return () => controller.abort();
  }, [debounced]);

  const chosen = new Set(selected.map((u) => u.id));
  const hidden = new Set(excludeIds);
  const shown =
    search.status === 'done' ? search.users : search.status === 'loading' ? (search.previous ?? []) : [];
  const results = shown.filter((u) => !hidden.has(u.id));
  const searching = search.status === 'loading';

  return (
    <div className={`field people-picker${error ? ' field-invalid' : ''}`}>
      <label className="field-label" htmlFor={`${id}-search`}>
        {label}
      </label>
      {selected.length > 0 && (
        <ul className="chip-list" aria-label={t('chat.picker.chosen')}>
          {selected.map((user) => (
            <li key={user.id} className="chip">
              <Avatar user={user} size="xs" decorative />
              <span>{user.displayName}</span>
              <button
                type="button"
                className="chip-remove"
                onClick={() => onChange(selected.filter((u) => u.id !== user.id))}
              >
                <Icon name="close" />
                <span className="sr-only">{t('chat.picker.remove', { name: user.displayName })}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="search-control">
        <Icon name="search" className="search-icon" />
        <input
          id={`${id}-search`}
          className="input search-input"
          type="search"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          placeholder={t('chat.picker.placeholder')}
          autoComplete="off"
          spellCheck={false}
          maxLength={64}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : `${id}-hint`}
        />
      </div>
      <FieldMessages
        id={id}
        hint={full ? t('chat.picker.full', { count: max }) : t('chat.picker.hint')}
        error={error}
      />
      <div className="picker-results" aria-live="polite" aria-busy={searching || undefined}>
        {searching && search.previous === null && (
          <p className="picker-status">
            <Spinner size="sm" decorative /> {t('chat.picker.searching')}
          </p>
        )}
        {search.status === 'error' && <p className="picker-status field-error">{search.message}</p>}
        {search.status === 'done' && results.length === 0 && (
          <p className="picker-status">
            {debounced ? t('chat.picker.noMatch', { query: debounced }) : t('chat.picker.empty')}
          </p>
        )}
        {results.length > 0 && (
          <ul className="picker-list">
            {results.map((user) => {
              const isChosen = chosen.has(user.id);
              return (
                <li key={user.id}>
                  <button
                    type="button"
                    className={`picker-option${isChosen ? ' is-chosen' : ''}`}
                    aria-pressed={isChosen}
                    disabled={!isChosen && full}
                    onClick={() =>
                      onChange(isChosen ? selected.filter((u) => u.id !== user.id) : [...selected, user])
                    }
                  >
                    <Avatar user={user} size="sm" decorative />
                    <span className="picker-name">
                      <span>{user.displayName}</span>
                      <span className="muted">@{user.username}</span>
                    </span>
                    {isChosen && <Icon name="check" className="picker-check" />}
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </div>
  );
}
