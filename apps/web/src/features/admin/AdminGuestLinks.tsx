import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { LoadError } from '../../components/LoadError';
import { LoadingBlock } from '../../components/Spinner';
import { useLoad } from '../../lib/useLoad';
import { guestLinkFacts, guestLinkName } from '../calls';
import { adminGuestLinksApi, type AdminGuestLink } from './guestLinks.api';

/** Every active call guest link in the workspace: where it leads, who made it, what it allows; Revoke. */
export function AdminGuestLinks() {
  const load = useLoad((signal) => adminGuestLinksApi.list(signal), []);
  const [revoking, setRevoking] = useState<string | null>(null);
  const [said, setSaid] = useState('');
  const [failure, setFailure] = useState<string | null>(null);

  const revoke = async (link: AdminGuestLink) => {
    setRevoking(link.id);
    setFailure(null);
    try {
      await adminGuestLinksApi.revoke(link.id);
      load.update((links) => links.filter((l) => l.id !== link.id));
      setSaid(`The link into ${link.roomDisplayName} was revoked.`);
    } catch (error) {
      setFailure(`The link was not revoked: ${errorMessage(error)}`);
    } finally {
      setRevoking(null);
    }
  };

  return (
    <section className="card" aria-labelledby="admin-guest-links">
      <h2 className="card-title" id="admin-guest-links">
        Active guest links
      </h2>
      {load.status === 'loading' && <LoadingBlock label="Loading guest links…" />}
      {load.status === 'error' && (
        <LoadError title="Guest links couldn’t be loaded" message={load.message} onRetry={load.retry} />
      )}
      {failure && (
        <p className="field-error" role="alert">
          {failure}
        </p>
      )}
      {load.status === 'ready' && load.data.length === 0 && (
        <EmptyState icon="key" title="No active guest links" compact>
          Links that room owners and moderators create show here until they expire or are revoked.
        </EmptyState>
      )}
      {load.status === 'ready' && load.data.length > 0 && (
        <ul className="admin-guest-links" aria-label="Active guest links">
          {load.data.map((link) => (
            <li key={link.id} className="admin-guest-link">
              <div className="admin-guest-link-main">
                <p className="admin-guest-link-room">{link.roomDisplayName}</p>
                <p className="admin-guest-link-meta">
                  {guestLinkName(link)}
                  {link.createdByName ? ` by ${link.createdByName}` : ''}
                </p>
                <p className="admin-guest-link-facts">
                  {guestLinkFacts(link).map((fact) => (
                    <span key={fact}>{fact}</span>
                  ))}
                </p>
              </div>
              <Button
                size="sm"
                variant="danger"
                busy={revoking === link.id}
                onClick={() => void revoke(link)}
              >
                Revoke <span className="sr-only">the link into {link.roomDisplayName}</span>
              </Button>
            </li>
          ))}
        </ul>
      )}
      <span className="sr-only" role="status">
        {said}
      </span>
    </section>
  );
}
