import type { Me, VisitInfo } from '@parley/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { errorMessage, isApiError } from '../../api/client';
import { useSession } from '../../auth/session';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { LoadError } from '../../components/LoadError';
import { LoadingBlock } from '../../components/Spinner';
import { useLoad } from '../../lib/useLoad';
import { clientZone, whenText, zoneLabel } from '../../lib/zonedTime';
import { VisitFrame } from './VisitFrame';
import { visitsApi } from './visits.api';

/** Why the consultation can no longer take place, as catalogue keys. */
const ENDED: Partial<Record<VisitInfo['status'], string>> = {
  finished: 'guests.visit.ended.finished',
  canceled: 'guests.visit.ended.canceled',
  late_canceled: 'guests.visit.ended.canceled',
  no_show_client: 'guests.visit.ended.over',
  no_show_provider: 'guests.visit.ended.over',
  expired: 'guests.visit.ended.expired',
};

/**
 * `/visit/:token`: a personal link for someone without an account (a guest client or a third
 * participant). It says whose consultation and when (in the visitor's own zone), then signs the browser
 * in as that guest and opens the consultation page. Someone signed in with an account is asked first.
 */
export function VisitPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const load = useLoad((signal) => visitsApi.info(token, signal), [token]);

  if (load.status === 'loading') {
    return (
      <VisitFrame title={t('guests.visit.opening')}>
        <LoadingBlock label={t('common.loadingEllipsis')} />
      </VisitFrame>
    );
  }
  if (load.status === 'error') {
    const code = isApiError(load.error) ? load.error.code : null;
    if (code === 'guest_link_expired' || (isApiError(load.error) && load.error.status === 410)) {
      return (
        <VisitFrame title={t('guests.visit.expiredTitle')}>
          <p className="visit-text">{t('guests.visit.expiredText')}</p>
        </VisitFrame>
      );
    }
    if (code === 'guest_link_invalid' || (isApiError(load.error) && load.error.status === 404)) {
      return (
        <VisitFrame title={t('guests.visit.invalidTitle')}>
          <p className="visit-text">{t('guests.visit.invalidText')}</p>
        </VisitFrame>
      );
    }
    return (
      <VisitFrame title={t('guests.visit.openFailed')}>
        <LoadError title={t('guests.visit.somethingWrong')} message={load.message} onRetry={load.retry} />
      </VisitFrame>
    );
  }
  return <VisitCard token={token} visit={load.data} />;
}

function VisitCard({ token, visit }: { token: string; visit: VisitInfo }) {
  const { t } = useTranslation();
  const { user, signedIn } = useSession();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const member: Me | null = user && !user.guest ? user : null;
  const endedKey = ENDED[visit.status];
  const ended = endedKey ? t(endedKey) : null;
  const participant = visit.purpose === 'participant';

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      // One browser, one session: the server ends an account's session here before the guest's begins.
      const session = await visitsApi.start(token);
      signedIn(session);
      void navigate(`/consultations/${encodeURIComponent(visit.consultationId)}`, { replace: true });
    } catch (e) {
      setBusy(false);
      setError(errorMessage(e));
    }
  };

  return (
    <VisitFrame
      title={t('guests.visit.hello', { name: visit.guestName })}
      documentTitle={t('guests.visit.documentTitle', { provider: visit.providerName })}
    >
      <p className="visit-text">
        {participant
          ? t('guests.visit.invited', { provider: visit.providerName })
          : t('guests.visit.yours', { provider: visit.providerName })}
      </p>
      <dl className="visit-facts">
        <div>
          <dt>{t('guests.visit.with')}</dt>
          <dd>{visit.providerName}</dd>
        </div>
        <div>
          <dt>{t('guests.visit.when')}</dt>
          <dd>
            <time dateTime={visit.start}>{whenText(visit.start, visit.end)}</time>
            <span className="muted visit-zone">
              {t('guests.visit.yourTime', { zone: zoneLabel(clientZone()) })}
            </span>
          </dd>
        </div>
      </dl>
      {ended && (
        <Alert tone="info" className="form-alert">
          {ended}
        </Alert>
      )}
      {visit.status === 'held' && !participant && !ended && (
        <p className="visit-text">{t('guests.visit.notBooked')}</p>
      )}
      {member && (
        <Alert
          tone="warning"
          title={t('guests.visit.signedInAs', { name: member.displayName })}
          className="form-alert"
        >
          {t('guests.visit.switchQuestion', { name: visit.guestName })}
        </Alert>
      )}
      {error && (
        <Alert tone="error" className="form-alert">
          {error}
        </Alert>
      )}
      <div className="visit-actions">
        <Button block busy={busy} onClick={() => void start()}>
          {member ? t('guests.visit.continueAs', { name: visit.guestName }) : t('guests.visit.open')}
        </Button>
        {member && (
          <Link className="btn btn-secondary btn-block" to="/">
            <span>{t('guests.visit.stay', { name: member.displayName })}</span>
          </Link>
        )}
      </div>
      <p className="muted visit-note">{t('guests.visit.note', { name: visit.guestName })}</p>
    </VisitFrame>
  );
}
