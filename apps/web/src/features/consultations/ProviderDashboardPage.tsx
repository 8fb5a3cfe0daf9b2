import type { Consultation, GuestInvite } from '@parley/shared';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Alert, type AlertTone } from '../../components/Alert';
import { t as translate } from '../../i18n';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { LoadError } from '../../components/LoadError';
import { useDocumentTitle } from '../../components/PageHeader';
import { LoadingBlock } from '../../components/Spinner';
import { ConsultationItem, type Say } from './ConsultationItem';
import { GuestInviteNotice } from './GuestInviteNotice';
import { ProposeDialog } from './ProposeDialog';
import { ProvidersOnly } from '../providers';
import { localDate } from '../../lib/zonedTime';
import type { Words } from './status';
import { useConsultationList } from './useConsultationList';
import './consultations.css';

/** Consultations → Dashboard: a provider's day, what waits for a client's answer, and what comes next. */
export function ProviderDashboardPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('consultations.dashboardPage.title'));
  return (
    <ProvidersOnly>
      <Dashboard />
    </ProvidersOnly>
  );
}

function Dashboard() {
  const { t } = useTranslation();
  const { state, changed, retry } = useConsultationList('upcoming', { role: 'provider' });
  const [message, setMessage] = useState<{ tone: AlertTone; text: Words } | null>(null);
  const [proposing, setProposing] = useState(false);
  const [invite, setInvite] = useState<{ invite: GuestInvite; name: string } | null>(null);
  const say: Say = (tone, text) => {
    setInvite(null);
    setMessage({ tone, text });
  };

  const groups = useMemo(() => {
    const today = localDate(new Date().toISOString());
    const items = state.status === 'ready' ? state.items : [];
    const waiting = items.filter((c) => c.status === 'held' || c.proposal !== null);
    const rest = items.filter((c) => !waiting.includes(c));
    return {
      waiting,
      today: rest.filter((c) => c.status === 'active' || localDate(c.start) <= today),
      later: rest.filter((c) => c.status !== 'active' && localDate(c.start) > today),
    };
  }, [state]);

  return (
    <div className="stack dashboard">
      <div className="dashboard-actions">
        <Button icon={<Icon name="plus" />} onClick={() => setProposing(true)}>
          {t('consultations.proposeSession')}
        </Button>
        <Link className="btn btn-secondary" to="/consultations/availability">
          <Icon name="settings" />
          <span>{t('consultations.dashboardPage.editHours')}</span>
        </Link>
      </div>
      {message && (
        <Alert tone={message.tone} className="inline-alert">
          {message.text()}
        </Alert>
      )}
      {invite && (
        <GuestInviteNotice invite={invite.invite} name={invite.name} onDismiss={() => setInvite(null)} />
      )}
      {state.status === 'loading' && <LoadingBlock label={t('consultations.dashboardPage.loading')} />}
      {state.status === 'error' && (
        <LoadError
          title={t('consultations.dashboardPage.loadFailed')}
          message={state.message}
          onRetry={retry}
        />
      )}
      {state.status === 'ready' && (
        <>
          <Group
            id="dashboard-today"
            title={t('consultations.dashboardPage.today')}
            items={groups.today}
            empty={t('consultations.dashboardPage.todayEmpty')}
            onChanged={changed}
            say={say}
          />
          {groups.waiting.length > 0 && (
            <Group
              id="dashboard-waiting"
              title={t('consultations.dashboardPage.waiting')}
              description={t('consultations.dashboardPage.waitingDescription')}
              items={groups.waiting}
              empty=""
              onChanged={changed}
              say={say}
            />
          )}
          <Group
            id="dashboard-upcoming"
            title={t('consultations.dashboardPage.upcoming')}
            items={groups.later}
            empty={t('consultations.dashboardPage.upcomingEmpty')}
            onChanged={changed}
            say={say}
          />
        </>
      )}
      {proposing && (
        <ProposeDialog
          onClose={() => setProposing(false)}
          onDone={(c, sent) => {
            setProposing(false);
            changed(c);
            if (sent) {
              setMessage(null);
              setInvite({ invite: sent, name: c.client.displayName });
            } else {
              const name = c.client.displayName;
              say('success', () => translate('consultations.dashboardPage.proposalSent', { name }));
            }
          }}
        />
      )}
    </div>
  );
}

function Group({
  id,
  title,
  description,
  items,
  empty,
  onChanged,
  say,
}: {
  id: string;
  title: string;
  description?: string;
  items: Consultation[];
  empty: string;
  onChanged: (c: Consultation) => void;
  say: Say;
}) {
  return (
    <section className="card" aria-labelledby={id}>
      <h2 className="card-title" id={id}>
        {title}
        <span className="count">{items.length}</span>
      </h2>
      {description && <p className="card-description">{description}</p>}
      {items.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul className="consultation-list" aria-labelledby={id}>
          {items.map((c) => (
            <ConsultationItem key={c.id} consultation={c} onChanged={onChanged} say={say} />
          ))}
        </ul>
      )}
    </section>
  );
}
