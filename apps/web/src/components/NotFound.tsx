import type { ReactNode } from 'react';
import { Icon } from './Icon';

export interface NotFoundProps {
  /** "Page not found", "Room not found"… */
  title: string;
  /** Why it may be missing. */
  children?: ReactNode;
  /** Where to go instead (a link). */
  action?: ReactNode;
  /**
   * The title is the page's heading (an h1 that gets focus after navigation), for pages whose header
   * would say nothing more; a paragraph under the page's own header otherwise.
   */
  pageHeading?: boolean;
  /** Extra class of the heading. */
  headingClassName?: string;
}

/** What a page shows for something that is not there (or not for this person): a card with the way on. */
export function NotFound({ title, children, action, pageHeading = false, headingClassName }: NotFoundProps) {
  const titleClass = `empty-state-title${headingClassName ? ` ${headingClassName}` : ''}`;
  return (
    <div className="card">
      <div className="empty-state">
        <span className="empty-state-icon" aria-hidden="true">
          <Icon name="search" />
        </span>
        {pageHeading ? (
          <h1 className={titleClass} tabIndex={-1} data-page-title>
            {title}
          </h1>
        ) : (
          <p className={titleClass}>{title}</p>
        )}
        {children && <div className="empty-state-text">{children}</div>}
        {action && <div className="empty-state-action">{action}</div>}
      </div>
    </div>
  );
}
