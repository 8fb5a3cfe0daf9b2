import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { t as translate } from '../../i18n';
import { sayText, saying, type Said } from '../chat';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { LoadError } from '../../components/LoadError';
import { LoadingBlock } from '../../components/Spinner';
import { useLoad } from '../../lib/useLoad';
import { guestLinkFacts, guestLinkName, guestLinkNameInSentence } from './guestLinkFacts';
import { guestLinksApi } from './guestLinks.api';

/** The room's active guest links, each with Revoke; loads again when `version` changes (a link was made). */
export function GuestLinkList({ roomId, version }: { roomId: string; version: number }) {
  const { t } = useTranslation();
  const load = useLoad((signal) => guestLinksApi.list(roomId, signal), [roomId, version]);
  const [revoking, setRevoking] = useState<string | null>(null);
  // Kept as keys: the language can change while they are shown.
  const [said, setSaid] = useState<Said>('');
  const [failure, setFailure] = useState<Said | null>(null);
  const links = load.status === 'ready' ? load.data : load.status === 'loading' ? load.previous : undefined;

  const revoke = async (id: string, createdAt: string) => {
    setRevoking(id);
    setFailure(null);
    try {
      await guestLinksApi.revoke(id);
      load.update((list) => list.filter((l) => l.id !== id));
      setSaid({
        write: () => translate('calls.guestLinks.revoked', { name: guestLinkName({ createdAt }) }),
      });
    } catch (error) {
      setFailure(saying('calls.guestLinks.revokeFailed', { error: errorMessage(error) }));
    } finally {
      setRevoking(null);
    }
  };

  return (
    <section className="guest-link-list" aria-labelledby={`guest-links-${roomId}`}>
      <h3 className="guest-link-list-title" id={`guest-links-${roomId}`}>
        {t('calls.guestLinks.active')}
      </h3>
      {load.status === 'error' && (
        <LoadError title={t('calls.guestLinks.loadFailed')} message={load.message} onRetry={load.retry} />
      )}
      {!links && load.status === 'loading' && <LoadingBlock label={t('calls.guestLinks.loading')} />}
      {links?.length === 0 && (
        <EmptyState icon="key" title={t('calls.guestLinks.emptyTitle')} compact>
          {t('calls.guestLinks.empty')}
        </EmptyState>
      )}
      {failure && (
        <p className="field-error" role="alert">
          {sayText(failure)}
        </p>
      )}
      {links && links.length > 0 && (
        <ul className="guest-links" aria-label={t('calls.guestLinks.activeList')}>
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
                onClick={() => void revoke(link.id, link.createdAt)}
              >
                {t('calls.guestLinks.revoke')}{' '}
                <span className="sr-only">{guestLinkNameInSentence(link)}</span>
              </Button>
            </li>
          ))}
        </ul>
      )}
      <span className="sr-only" role="status">
        {sayText(said)}
      </span>
    </section>
  );
}
