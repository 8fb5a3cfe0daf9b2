import type { ReactNode } from 'react';
import { useMe } from '../../auth/session';
import { EmptyState } from '../../components/EmptyState';

/** What a provider-only section says to someone who is not a provider. */
export function ProvidersOnly({ children }: { children: ReactNode }) {
  const me = useMe();
  if (me.provider) return <>{children}</>;
  return (
    <div className="card">
      <EmptyState icon="lock" title="For providers only">
        An administrator makes people providers in Administration → People. As a client you can book a session
        and see yours under My consultations.
      </EmptyState>
    </div>
  );
}
