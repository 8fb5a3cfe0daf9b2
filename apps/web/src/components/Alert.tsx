import type { ReactNode } from 'react';
import { Icon } from './Icon';

export type AlertTone = 'error' | 'success' | 'info' | 'warning';

export interface AlertProps {
  tone?: AlertTone;
  title?: string;
  children?: ReactNode;
  action?: ReactNode;
  className?: string;
}

const ICONS = { error: 'alert', warning: 'alert', success: 'check', info: 'info' } as const;

/**
 * Errors are announced immediately (role="alert"); other tones politely (role="status").
 */
export function Alert({ tone = 'info', title, children, action, className }: AlertProps) {
  return (
    <div
      className={`alert alert-${tone}${className ? ` ${className}` : ''}`}
      role={tone === 'error' ? 'alert' : 'status'}
    >
      <Icon name={ICONS[tone]} className="alert-icon" />
      <div className="alert-body">
        {title && <p className="alert-title">{title}</p>}
        {children && <div className="alert-text">{children}</div>}
      </div>
      {action && <div className="alert-action">{action}</div>}
    </div>
  );
}
