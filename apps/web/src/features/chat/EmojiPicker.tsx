import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { EMOJI, emojiLabel, quickReactions, searchEmoji, type EmojiEntry } from './emoji';
import './threads.css';

const COLUMNS = 6;
const WIDTH = 292;
const HEIGHT = 340;

/**
 * A small emoji picker laid over the page beside `anchor` (issue 20): the quick reactions, then the
 * curated set, filtered by name. Arrow keys move through the emoji, Enter picks, Escape closes.
 */
export function EmojiPicker({
  anchor,
  onPick,
  onClose,
}: {
  anchor: HTMLElement;
  onPick: (emoji: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const panelRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [position, setPosition] = useState<{ top: number; left: number }>({ top: 0, left: 0 });
  const [quick] = useState(quickReactions);

  const results = useMemo(() => searchEmoji(query), [query]);
  const searching = query.trim() !== '';
  const quickEntries: EmojiEntry[] = useMemo(
    () => quick.map((emoji) => EMOJI.find((e) => e.emoji === emoji) ?? { emoji, name: emoji, keywords: '' }),
    [quick],
  );
  const flat = searching ? results : [...quickEntries, ...results];

  useLayoutEffect(() => {
    const rect = anchor.getBoundingClientRect();
    const below = rect.bottom + 6 + HEIGHT <= window.innerHeight;
    const top = below ? rect.bottom + 6 : Math.max(8, rect.top - 6 - HEIGHT);
    const left = Math.min(Math.max(8, rect.right - WIDTH), window.innerWidth - WIDTH - 8);
    setPosition({ top, left: Math.max(8, left) });
  }, [anchor]);

  useEffect(() => {
    searchRef.current?.focus();
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!panelRef.current?.contains(target) && !anchor.contains(target)) onClose();
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [anchor, onClose]);

  useEffect(() => setActive(0), [query]);

  const focusAt = (index: number) => {
    const next = Math.max(0, Math.min(flat.length - 1, index));
    setActive(next);
    panelRef.current?.querySelectorAll<HTMLButtonElement>('[data-emoji]')[next]?.focus();
  };

  const onGridKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, number> = {
      ArrowRight: 1,
      ArrowLeft: -1,
      ArrowDown: COLUMNS,
      ArrowUp: -COLUMNS,
    };
    const step = moves[event.key];
    if (step !== undefined) {
      event.preventDefault();
      if (event.key === 'ArrowUp' && active < COLUMNS) searchRef.current?.focus();
      else focusAt(active + step);
    } else if (event.key === 'Home') {
      event.preventDefault();
      focusAt(0);
    } else if (event.key === 'End') {
      event.preventDefault();
      focusAt(flat.length - 1);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onClose();
    }
  };

  const button = (entry: EmojiEntry, index: number) => (
    <button
      key={`${index}-${entry.emoji}`}
      type="button"
      className="emoji-option"
      data-emoji={entry.emoji}
      tabIndex={index === active ? 0 : -1}
      title={emojiLabel(entry)}
      aria-label={emojiLabel(entry)}
      onFocus={() => setActive(index)}
      onClick={() => onPick(entry.emoji)}
    >
      <span aria-hidden="true">{entry.emoji}</span>
    </button>
  );

  return createPortal(
    <div
      ref={panelRef}
      className="emoji-picker"
      role="dialog"
      aria-label={t('chat.emoji.label')}
      style={{ top: position.top, left: position.left, width: WIDTH }}
      onKeyDown={onKeyDown}
    >
      <label className="sr-only" htmlFor={`${id}-search`}>
        {t('chat.emoji.search')}
      </label>
      <input
        ref={searchRef}
        id={`${id}-search`}
        className="emoji-search"
        type="search"
        placeholder={t('chat.emoji.search')}
        autoComplete="off"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' && flat.length > 0) {
            event.preventDefault();
            focusAt(0);
          } else if (event.key === 'Enter' && flat[0]) {
            event.preventDefault();
            onPick(flat[0].emoji);
          }
        }}
      />
      <div className="emoji-scroll" onKeyDown={onGridKey}>
        {!searching && (
          <>
            <p className="emoji-heading" id={`${id}-quick`}>
              {t('chat.emoji.frequent')}
            </p>
            <div className="emoji-grid" role="group" aria-labelledby={`${id}-quick`}>
              {quickEntries.map((entry, i) => button(entry, i))}
            </div>
          </>
        )}
        <p className="emoji-heading" id={`${id}-all`}>
          {searching ? t('chat.emoji.results') : t('chat.emoji.all')}
        </p>
        {results.length > 0 ? (
          <div className="emoji-grid" role="group" aria-labelledby={`${id}-all`}>
            {results.map((entry, i) => button(entry, (searching ? 0 : quickEntries.length) + i))}
          </div>
        ) : (
          <p className="emoji-empty" role="status">
            {t('chat.emoji.noMatch', { query: query.trim() })}
          </p>
        )}
      </div>
    </div>,
    document.body,
  );
}
