import { useRef, type KeyboardEvent } from 'react';

/**
 * A row of tabs (the WAI-ARIA tabs pattern): the chosen one is the only tab stop, arrow keys move
 * between tabs (Home and End to the ends), Tab goes on into the panel. The panel is the caller's,
 * with `id={panelId}` and `aria-labelledby={`${idPrefix}-${value}`}`.
 */
export function TabList<T extends string>({
  tabs,
  value,
  onChange,
  label,
  idPrefix,
  panelId,
  className,
  itemClassName,
}: {
  tabs: readonly { id: T; label: string }[];
  value: T;
  onChange: (id: T) => void;
  /** What the tabs choose ("Which calls"). */
  label: string;
  idPrefix: string;
  panelId: string;
  className: string;
  itemClassName: string;
}) {
  const refs = useRef<Partial<Record<T, HTMLButtonElement | null>>>({});
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    const i = tabs.findIndex((t) => t.id === value);
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0 && event.key !== 'Home' && event.key !== 'End') return;
    event.preventDefault();
    const next =
      event.key === 'Home'
        ? 0
        : event.key === 'End'
          ? tabs.length - 1
          : (i + step + tabs.length) % tabs.length;
    const target = tabs[next]!;
    onChange(target.id);
    refs.current[target.id]?.focus();
  };
  return (
    <div className={className} role="tablist" aria-label={label}>
      {tabs.map((t) => (
        <button
          key={t.id}
          ref={(el) => {
            refs.current[t.id] = el;
          }}
          type="button"
          role="tab"
          id={`${idPrefix}-${t.id}`}
          aria-selected={t.id === value}
          aria-controls={panelId}
          tabIndex={t.id === value ? 0 : -1}
          className={`${itemClassName}${t.id === value ? ' is-active' : ''}`}
          onClick={() => onChange(t.id)}
          onKeyDown={onKeyDown}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}
