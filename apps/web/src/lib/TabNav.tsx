import { useEffect, useRef, type Ref } from 'react';
import { NavLink, useLocation } from 'react-router-dom';

export interface Tab {
  path: string;
  label: string;
  /** Active only on exactly this path, not below it. */
  end?: boolean;
}

/**
 * A page's sections as a row of tabs, the current one marked. On a narrow window the row scrolls
 * sideways, and the current tab is scrolled into sight so the page never opens on a hidden one.
 */
export function TabNav({
  label,
  tabs,
  ref,
}: {
  label: string;
  tabs: readonly Tab[];
  ref?: Ref<HTMLElement>;
}) {
  const own = useRef<HTMLElement | null>(null);
  const { pathname } = useLocation();
  useEffect(() => {
    const nav = own.current;
    const active = nav?.querySelector<HTMLElement>('.tab.is-active');
    if (!nav || !active) return;
    const row = nav.getBoundingClientRect();
    const tab = active.getBoundingClientRect();
    if (tab.left < row.left) nav.scrollLeft += tab.left - row.left;
    else if (tab.right > row.right) nav.scrollLeft += tab.right - row.right;
  }, [pathname]);
  const setRef = (node: HTMLElement | null) => {
    own.current = node;
    if (typeof ref === 'function') ref(node);
    else if (ref) ref.current = node;
  };
  return (
    <nav className="tabs" aria-label={label} ref={setRef}>
      {tabs.map((section) => (
        <NavLink
          key={section.path}
          to={section.path}
          end={section.end}
          className={({ isActive }) => `tab${isActive ? ' is-active' : ''}`}
        >
          {section.label}
        </NavLink>
      ))}
    </nav>
  );
}
