import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { LoadError } from '../../components/LoadError';
import { LoadingBlock } from '../../components/Spinner';
import { useLoad } from '../../lib/useLoad';
import { guestLinkFacts, guestLinkName } from './guestLinkFacts';
import { guestLinksApi } from './guestLinks.api';

/** The room's active guest links, each with Revoke; loads again when `version` changes (a link was made). */
export function GuestLinkList({ roomId, version }: { roomId: string; version: number }) {
  const load = useLoad((signal) => guestLinksApi.list(roomId, signal), [roomId, version]);
  const [revoking, setRevoking] = useState<string | null>(null);
  const [said, setSaid] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const links = load.status === 'ready' ? load.data : load.status === 'loading' ? load.previous : undefined;

  const revoke = async (id: string, name: string) => {
    setRevoking(id);
    setFailure(null);
    try {
      await guestLinksApi.revoke(id);
      load.update((list) => list.filter((l) => l.id !== id));
      setSaid(`${name}: revoked. It no longer lets anyone in.`);
    } catch (error) {
      setFailure(`The link was not revoked: ${errorMessage(error)}`);
    } finally {
      setRevoking(null);
    }
  };

  return (
    <section className="guest-link-list" aria-labelledby={`guest-links-${roomId}`}>
      <h3 className="guest-link-list-title" id={`guest-links-${roomId}`}>
        Active links
      </h3>
      {load.status === 'error' && (
        <LoadError title="The links could not be loaded" message={load.message} onRetry={load.retry} />
      )}
      {!links && load.status === 'loading' && <LoadingBlock label="Loading links…" />}
      {links?.length === 0 && (
        <EmptyState icon="key" title="No active links" compact>
          Links you create show here until they expire or are revoked.
        </EmptyState>
      )}
      {failure && (
        <p className="field-error" role="alert">
          {failure}
        </p>
      )}
      {links && links.length > 0 && (
        <ul className="guest-links" aria-label="Active guest links">
          {links.map((link) => (
            <li key={link.id} className="guest-link-item">
              <div className="guest-link-main">
                <p className="guest-link-name">{guestLinkName(link)}</p>
                <p className="guest-link-facts">
                  {guestLinkFacts(link).map((fact) => (
                    <span key={fact}>{fact}</span>
                  ))}
                </p>
              </div>
              <Button
                size="sm"
                variant="danger"
                busy={revoking === link.id}
                onClick={() => void revoke(link.id, guestLinkName(link))}
              >
                Revoke <span className="sr-only">{guestLinkName(link).toLowerCase()}</span>
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
