import type { Me, VisitInfo } from '@parley/shared';
import { useState } from 'react';
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

const ENDED: Partial<Record<VisitInfo['status'], string>> = {
  finished: 'This consultation has finished.',
  canceled: 'This consultation was canceled.',
  late_canceled: 'This consultation was canceled.',
  no_show_client: 'This consultation is over.',
  no_show_provider: 'This consultation is over.',
  expired: 'This proposal ran out before it was accepted.',
};

/**
 * `/visit/:token`: a personal link for someone without an account (a guest client or a third
 * participant). It says whose consultation and when (in the visitor's own zone), then signs the browser
 * in as that guest and opens the consultation page. Someone signed in with an account is asked first.
 */
export function VisitPage() {
  const { token = '' } = useParams();
  const load = useLoad((signal) => visitsApi.info(token, signal), [token]);

  if (load.status === 'loading') {
    return (
      <VisitFrame title="Opening your link…">
        <LoadingBlock label="Loading…" />
      </VisitFrame>
    );
  }
  if (load.status === 'error') {
    const code = isApiError(load.error) ? load.error.code : null;
    if (code === 'guest_link_expired' || (isApiError(load.error) && load.error.status === 410)) {
      return (
        <VisitFrame title="This link has expired">
          <p className="visit-text">
            Personal links work for a limited time. Ask the person who invited you to send you a new one.
          </p>
        </VisitFrame>
      );
    }
    if (code === 'guest_link_invalid' || (isApiError(load.error) && load.error.status === 404)) {
      return (
        <VisitFrame title="This link doesn’t work">
          <p className="visit-text">
            It may have been replaced by a newer link, or mistyped. Use the latest link you were sent, or ask
            the person who invited you for a new one.
          </p>
        </VisitFrame>
      );
    }
    return (
      <VisitFrame title="Your link could not be opened">
        <LoadError title="Something went wrong" message={load.message} onRetry={load.retry} />
      </VisitFrame>
    );
  }
  return <VisitCard token={token} visit={load.data} />;
}

function VisitCard({ token, visit }: { token: string; visit: VisitInfo }) {
  const { user, signedIn } = useSession();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const member: Me | null = user && !user.guest ? user : null;
  const ended = ENDED[visit.status];
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
    <VisitFrame title={`Hello, ${visit.guestName}`} documentTitle={`Consultation with ${visit.providerName}`}>
      <p className="visit-text">
        {participant
          ? `You are invited to take part in a consultation with ${visit.providerName}.`
          : `Your consultation with ${visit.providerName}.`}
      </p>
      <dl className="visit-facts">
        <div>
          <dt>With</dt>
          <dd>{visit.providerName}</dd>
        </div>
        <div>
          <dt>When</dt>
          <dd>
            <time dateTime={visit.start}>{whenText(visit.start, visit.end)}</time>
            <span className="muted visit-zone">Your time, {zoneLabel(clientZone())}</span>
          </dd>
        </div>
      </dl>
      {ended && (
        <Alert tone="info" className="form-alert">
          {ended}
        </Alert>
      )}
      {visit.status === 'held' && !participant && !ended && (
        <p className="visit-text">It is not booked yet: open it to accept or decline.</p>
      )}
      {member && (
        <Alert tone="warning" title={`You are signed in as ${member.displayName}`} className="form-alert">
          Continue as {visit.guestName}? This signs you out here.
        </Alert>
      )}
      {error && (
        <Alert tone="error" className="form-alert">
          {error}
        </Alert>
      )}
      <div className="visit-actions">
        <Button block busy={busy} onClick={() => void start()}>
          {member ? `Continue as ${visit.guestName}` : 'Open the consultation'}
        </Button>
        {member && (
          <Link className="btn btn-secondary btn-block" to="/">
            <span>Stay signed in as {member.displayName}</span>
          </Link>
        )}
      </div>
      <p className="muted visit-note">
        No account needed: this personal link is for {visit.guestName} only. Don’t share it.
      </p>
    </VisitFrame>
  );
}
