import type { ReactNode } from 'react';
import { useSession } from '../../auth/session';
import { BrandMark } from '../../components/BrandMark';
import { useDocumentTitle } from '../../components/PageHeader';
import './visits.css';

/**
 * The frame of the pages people without an account open from a link (a visit, a public booking page):
 * the workspace's name over one card, signed in or not.
 */
export function VisitFrame({
  title,
  documentTitle,
  wide = false,
  children,
  footer,
}: {
  title: string;
  /** Tab title; defaults to the heading. */
  documentTitle?: string;
  /** Room for a slot picker (the booking page). */
  wide?: boolean;
  children: ReactNode;
  footer?: ReactNode;
}) {
  const { instance } = useSession();
  const workspace = instance?.workspaceName ?? 'Parley';
  useDocumentTitle(documentTitle ?? title);
  return (
    <div className="auth-page">
      <main className={`auth-main visit-main${wide ? ' is-wide' : ''}`} id="main">
        <div className="auth-brand">
          <BrandMark />
          <span className="auth-workspace">{workspace}</span>
        </div>
        <div className="auth-card visit-card">
          <h1 className="auth-title" tabIndex={-1} data-page-title>
            {title}
          </h1>
          {children}
        </div>
        {footer && <div className="auth-footer">{footer}</div>}
      </main>
    </div>
  );
}
