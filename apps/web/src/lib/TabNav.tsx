import type { Ref } from 'react';
import { NavLink } from 'react-router-dom';

export interface Tab {
  path: string;
  label: string;
  /** Active only on exactly this path, not below it. */
  end?: boolean;
}

/** A page's sections as a row of tabs, the current one marked. */
export function TabNav({
  label,
  tabs,
  ref,
}: {
  label: string;
  tabs: readonly Tab[];
  ref?: Ref<HTMLElement>;
}) {
  return (
    <nav className="tabs" aria-label={label} ref={ref}>
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
