import { useTranslation } from 'react-i18next';
import { Avatar } from '../../components/Avatar';
import type { Suggestion, Trigger } from './suggestions';

/** The composer's list of commands or people to pick from; the text box keeps the focus. */
export function SuggestionList({
  listId,
  trigger,
  suggestions,
  current,
  optionId,
  onAccept,
}: {
  listId: string;
  trigger: Trigger | null;
  suggestions: Suggestion[];
  current: Suggestion | undefined;
  optionId: (s: Suggestion) => string;
  onAccept: (s: Suggestion) => void;
}) {
  const { t } = useTranslation();
  return (
    <ul
      className="suggestions"
      id={listId}
      role="listbox"
      aria-label={trigger?.kind === 'command' ? t('chat.suggestions.commands') : t('chat.suggestions.people')}
    >
      {suggestions.map((s) => (
        <li
          key={s.id}
          id={optionId(s)}
          role="option"
          aria-selected={s === current}
          className={`suggestion${s === current ? ' is-active' : ''}`}
          onMouseDown={(event) => {
            event.preventDefault();
            onAccept(s);
          }}
        >
          {s.kind === 'command' ? (
            <>
              <span className="suggestion-main">
                {s.command.usage || `/${s.command.name.replace(/^\//, '')}`}
              </span>
              <span className="suggestion-detail">{s.command.description}</span>
            </>
          ) : (
            <>
              <Avatar user={s.user} size="xs" decorative />
              <span className="suggestion-main">{s.user.displayName}</span>
              <span className="suggestion-detail">@{s.user.username}</span>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
