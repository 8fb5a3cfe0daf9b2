import { useState } from 'react';
import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation();
  const load = useLoad((signal) => adminGuestLinksApi.list(signal), []);
  const [revoking, setRevoking] = useState<string | null>(null);
  // The facts, put into words while rendering (the language may change while they are shown).
  const [revokedRoom, setRevokedRoom] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const revoke = async (link: AdminGuestLink) => {
    setRevoking(link.id);
    setFailure(null);
    try {
      await adminGuestLinksApi.revoke(link.id);
      load.update((links) => links.filter((l) => l.id !== link.id));
      setRevokedRoom(link.roomDisplayName);
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setRevoking(null);
    }
  };

  return (
    <section className="card" aria-labelledby="admin-guest-links">
      <h2 className="card-title" id="admin-guest-links">
        {t('admin.guestLinks.title')}
      </h2>
      {load.status === 'loading' && <LoadingBlock label={t('admin.guestLinks.loading')} />}
      {load.status === 'error' && (
        <LoadError title={t('admin.guestLinks.loadFailed')} message={load.message} onRetry={load.retry} />
      )}
      {failure && (
        <p className="field-error" role="alert">
          {t('admin.guestLinks.revokeFailed', { reason: failure })}
        </p>
      )}
      {load.status === 'ready' && load.data.length === 0 && (
        <EmptyState icon="key" title={t('admin.guestLinks.emptyTitle')} compact>
          {t('admin.guestLinks.emptyText')}
        </EmptyState>
      )}
      {load.status === 'ready' && load.data.length > 0 && (
        <ul className="admin-guest-links" aria-label={t('admin.guestLinks.title')}>
          {load.data.map((link) => (
            <li key={link.id} className="admin-guest-link">
              <div className="admin-guest-link-main">
                <p className="admin-guest-link-room">{link.roomDisplayName}</p>
                <p className="admin-guest-link-meta">
                  {guestLinkName(link)}
                  {link.createdByName ? ` ${t('admin.guestLinks.by', { name: link.createdByName })}` : ''}
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
                {t('admin.guestLinks.revoke')}{' '}
                <span className="sr-only">
                  {t('admin.guestLinks.revokeWhat', { room: link.roomDisplayName })}
                </span>
              </Button>
            </li>
          ))}
        </ul>
      )}
      <span className="sr-only" role="status">
        {revokedRoom !== null ? t('admin.guestLinks.revoked', { room: revokedRoom }) : ''}
      </span>
    </section>
  );
}
