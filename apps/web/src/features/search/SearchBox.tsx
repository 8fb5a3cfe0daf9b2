import { useTranslation } from 'react-i18next';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { Icon } from '../../components/Icon';
import './search-box.css';

/** Where search-box.css folds the field into a link. */
const COMPACT_QUERY = '(max-width: 600px)';

/** Whether the key went to something one types in (then "/" is a character, not a shortcut). */
function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * The search field in the top bar: Enter opens the results page. Ctrl+K (⌘K on a Mac) anywhere, or
 * "/" outside a text field, puts the focus here.
 */
export function SearchBox() {
  const { t } = useTranslation();
  const id = useId();
  const navigate = useNavigate();
  const location = useLocation();
  const input = useRef<HTMLInputElement>(null);
  const [q, setQ] = useState('');

  // On the results page the page's own field is the one to use; this one starts empty elsewhere.
  useEffect(() => {
    if (location.pathname !== '/search') setQ('');
  }, [location.pathname]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const shortcut =
        ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') ||
        (event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey && !typingIn(event.target));
      if (!shortcut) return;
      event.preventDefault();
      // On a phone-width screen the field is folded into a link: the results page has its own field.
      if (window.matchMedia?.(COMPACT_QUERY).matches) {
        void navigate('/search');
        return;
      }
      input.current?.focus();
      input.current?.select();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [navigate]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const text = q.trim();
    if (!text) return;
    void navigate(`/search?${new URLSearchParams({ q: text }).toString()}`);
    input.current?.blur();
  };

  return (
    <>
      <Link to="/search" className="icon-button search-box-compact">
        <Icon name="search" />
        <span className="sr-only">{t('search.box.label')}</span>
      </Link>
      <form role="search" className="search-box" onSubmit={submit} aria-label={t('search.box.region')}>
        <label htmlFor={id} className="sr-only">
          {t('search.box.label')}
        </label>
        <Icon name="search" className="search-box-icon" />
        <input
          ref={input}
          id={id}
          type="search"
          className="search-box-input"
          placeholder={t('search.box.label')}
          value={q}
          onChange={(event) => setQ(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              setQ('');
              input.current?.blur();
            }
          }}
          maxLength={500}
          aria-keyshortcuts="Control+K /"
        />
        <kbd className="search-box-key" aria-hidden="true">
          {t('search.box.shortcut')}
        </kbd>
      </form>
    </>
  );
}
