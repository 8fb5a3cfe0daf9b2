import type { FormEvent, ReactNode, RefObject } from 'react';
import { useDocumentTitle } from '../../components/PageHeader';
import { useSession } from '../../auth/session';
import { Alert } from '../../components/Alert';
import { BrandMark } from '../../components/BrandMark';
import { LanguagePicker } from './LanguagePicker';

export interface AuthLayoutProps {
  title: string;
  description?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
  /** Tab title; defaults to the heading. */
  documentTitle?: string;
}

/** A centred card for the pages people see before signing in. */
export function AuthLayout({ title, description, children, footer, documentTitle }: AuthLayoutProps) {
  const { instance } = useSession();
  useDocumentTitle(documentTitle ?? title);
  const workspace = instance && !instance.needsSetup ? instance.workspaceName : 'Parley';
  return (
    <div className="auth-page">
      <main className="auth-main" id="main">
        <div className="auth-brand">
          <BrandMark />
          <span className="auth-workspace">{workspace}</span>
        </div>
        <div className="auth-card">
          <h1 className="auth-title">{title}</h1>
          {description && <p className="auth-description">{description}</p>}
          {children}
        </div>
        {footer && <div className="auth-footer">{footer}</div>}
        <LanguagePicker />
      </main>
    </div>
  );
}

/** An auth page's form, with why the last try failed above it. */
export function AuthForm({
  formRef,
  formError,
  onSubmit,
  children,
}: {
  formRef: RefObject<HTMLFormElement | null>;
  formError: string | null;
  onSubmit: (event: FormEvent<HTMLFormElement>) => Promise<void>;
  children: ReactNode;
}) {
  return (
    <>
      {formError && (
        <Alert tone="error" className="form-alert">
          {formError}
        </Alert>
      )}
      <form ref={formRef} className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
        {children}
      </form>
    </>
  );
}
