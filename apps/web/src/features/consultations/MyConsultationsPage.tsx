import { useState } from 'react';
import { useTranslation } from 'react-i18next';
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
import type { Words } from './status';
import { useConsultationList, type Which } from './useConsultationList';
import './consultations.css';

/** Consultations → My consultations: upcoming and past, as client and as provider. */
export function MyConsultationsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('consultations.myConsultations'));
  const tabs: { id: Which; label: string }[] = [
    { id: 'upcoming', label: t('consultations.list.upcoming') },
    { id: 'past', label: t('consultations.list.past') },
  ];
  const [params, setParams] = useSearchParams();
  const which: Which = params.get('show') === 'past' ? 'past' : 'upcoming';
  const [message, setMessage] = useState<{ tone: AlertTone; text: Words } | null>(null);
  const say: Say = (tone, text) => setMessage({ tone, text });

  const choose = (id: Which) => {
    setMessage(null);
    setParams(id === 'upcoming' ? {} : { show: id }, { replace: true });
  };
  return (
    <div className="card">
      <TabList
        tabs={tabs}
        value={which}
        onChange={choose}
        label={t('consultations.list.which')}
        idPrefix="consultations-tab"
        panelId="consultations-panel"
        className="segmented"
        itemClassName="segmented-item"
      />
      {message && (
        <Alert tone={message.tone} className="inline-alert">
          {message.text()}
        </Alert>
      )}
      <div role="tabpanel" id="consultations-panel" aria-labelledby={`consultations-tab-${which}`}>
        <ConsultationList key={which} which={which} say={say} />
      </div>
    </div>
  );
}

function ConsultationList({ which, say }: { which: Which; say: Say }) {
  const { t } = useTranslation();
  const { state, changed, retry, more, loadMore } = useConsultationList(which);
  const guest = useMe().guest === true;
  if (state.status === 'loading') return <LoadingBlock label={t('consultations.list.loading')} />;
  if (state.status === 'error') {
    return <LoadError title={t('consultations.list.loadFailed')} message={state.message} onRetry={retry} />;
  }
  if (state.items.length === 0) {
    if (which === 'upcoming' && guest) {
      // A guest (issue 19) books through a provider's link, not from here.
      return (
        <EmptyState icon="video" title={t('consultations.list.noUpcoming')}>
          {t('consultations.list.guestEmpty')}
        </EmptyState>
      );
    }
    return which === 'upcoming' ? (
      <EmptyState
        icon="video"
        title={t('consultations.list.noUpcoming')}
        action={
          <Link className="btn btn-primary btn-sm" to="/consultations/book">
            <span>{t('consultations.bookSession')}</span>
          </Link>
        }
      >
        {t('consultations.list.upcomingEmpty')}
      </EmptyState>
    ) : (
      <EmptyState icon="inbox" title={t('consultations.list.noPast')}>
        {t('consultations.list.pastEmpty')}
      </EmptyState>
    );
  }
  return (
    <>
      <ul
        className="consultation-list"
        aria-label={
          which === 'upcoming' ? t('consultations.list.upcomingLabel') : t('consultations.list.pastLabel')
        }
      >
        {state.items.map((c) => (
          <ConsultationItem key={c.id} consultation={c} onChanged={changed} say={say} />
        ))}
      </ul>
      {state.hasMore && (
        <div className="list-more">
          {more.error && <span className="field-error">{more.error}</span>}
          <Button variant="secondary" busy={more.busy} onClick={() => void loadMore()}>
            {t('consultations.list.loadMore')}
          </Button>
        </div>
      )}
    </>
  );
}
