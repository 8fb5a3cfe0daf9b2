import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useMe } from '../../auth/session';
import { Alert, type AlertTone } from '../../components/Alert';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { LoadError } from '../../components/LoadError';
import { useDocumentTitle } from '../../components/PageHeader';
import { LoadingBlock } from '../../components/Spinner';
import { TabList } from '../../components/TabList';
import { ConsultationItem, type Say } from './ConsultationItem';
import { useConsultationList, type Which } from './useConsultationList';
import './consultations.css';

const TABS: { id: Which; label: string }[] = [
  { id: 'upcoming', label: 'Upcoming' },
  { id: 'past', label: 'Past' },
];

/** Consultations → My consultations: upcoming and past, as client and as provider. */
export function MyConsultationsPage() {
  useDocumentTitle('My consultations');
  const [params, setParams] = useSearchParams();
  const which: Which = params.get('show') === 'past' ? 'past' : 'upcoming';
  const [message, setMessage] = useState<{ tone: AlertTone; text: string } | null>(null);
  const say: Say = (tone, text) => setMessage({ tone, text });

  const choose = (id: Which) => {
    setMessage(null);
    setParams(id === 'upcoming' ? {} : { show: id }, { replace: true });
  };
  return (
    <div className="card">
      <TabList
        tabs={TABS}
        value={which}
        onChange={choose}
        label="Which consultations"
        idPrefix="consultations-tab"
        panelId="consultations-panel"
        className="segmented"
        itemClassName="segmented-item"
      />
      {message && (
        <Alert tone={message.tone} className="inline-alert">
          {message.text}
        </Alert>
      )}
      <div role="tabpanel" id="consultations-panel" aria-labelledby={`consultations-tab-${which}`}>
        <ConsultationList key={which} which={which} say={say} />
      </div>
    </div>
  );
}

function ConsultationList({ which, say }: { which: Which; say: Say }) {
  const { state, changed, retry, more, loadMore } = useConsultationList(which);
  const guest = useMe().guest === true;
  if (state.status === 'loading') return <LoadingBlock label="Loading consultations…" />;
  if (state.status === 'error') {
    return (
      <LoadError title="Your consultations could not be loaded" message={state.message} onRetry={retry} />
    );
  }
  if (state.items.length === 0) {
    if (which === 'upcoming' && guest) {
      // A guest (issue 19) books through a provider's link, not from here.
      return (
        <EmptyState icon="video" title="No upcoming consultations">
          Consultations booked for you show up here, with a reminder before they start.
        </EmptyState>
      );
    }
    return which === 'upcoming' ? (
      <EmptyState
        icon="video"
        title="No upcoming consultations"
        action={
          <Link className="btn btn-primary btn-sm" to="/consultations/book">
            <span>Book a session</span>
          </Link>
        }
      >
        Book a private video session with a provider. It shows up here, with a reminder before it starts.
      </EmptyState>
    ) : (
      <EmptyState icon="inbox" title="No past consultations">
        Finished and canceled consultations show up here.
      </EmptyState>
    );
  }
  return (
    <>
      <ul
        className="consultation-list"
        aria-label={which === 'upcoming' ? 'Upcoming consultations' : 'Past consultations'}
      >
        {state.items.map((c) => (
          <ConsultationItem key={c.id} consultation={c} onChanged={changed} say={say} />
        ))}
      </ul>
      {state.hasMore && (
        <div className="list-more">
          {more.error && <span className="field-error">{more.error}</span>}
          <Button variant="secondary" busy={more.busy} onClick={() => void loadMore()}>
            Load more
          </Button>
        </div>
      )}
    </>
  );
}
