import { useEffect, type ReactNode } from 'react';
import { useSession } from '../auth/session';
import { setPageTitle } from '../lib/documentTitle';

/** Sets the tab title to "Page · Workspace". */
export function useDocumentTitle(title: string): void {
  const { instance } = useSession();
  const workspace = instance?.workspaceName ?? 'Parley';
  useEffect(() => {
    setPageTitle(title ? `${title} · ${workspace}` : workspace);
  }, [title, workspace]);
}

export interface PageHeaderProps {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
}

/** The page's h1; focusable so route changes can move focus to it. */
export function PageHeader({ title, description, actions }: PageHeaderProps) {
  useDocumentTitle(title);
  return (
    <header className="page-header">
      <div>
        <h1 className="page-title" tabIndex={-1} data-page-title>
          {title}
        </h1>
        {description && <p className="page-description">{description}</p>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </header>
  );
}
