import type { Consultation, PublicUser } from '@parley/shared';
import { useId, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage, isApiError } from '../../api/client';
import { useMe } from '../../auth/session';
import { Alert, type AlertTone } from '../../components/Alert';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Icon } from '../../components/Icon';
import { LoadError } from '../../components/LoadError';
import { useDocumentTitle } from '../../components/PageHeader';
import { LoadingBlock } from '../../components/Spinner';
import { PeoplePicker } from '../chat';
import { SlotPicker, slotSentence } from '../providers';
import { consultationsApi } from './consultations.api';
import { ConsultationItem, type Say } from './ConsultationItem';
import { ProvidersOnly } from '../providers';
import { localDate } from '../../lib/zonedTime';
import { useConsultationList } from './useConsultationList';
import { useSlotChoice } from './useSlotChoice';
import './consultations.css';

/** Consultations → Dashboard: a provider's day, what waits for a client's answer, and what comes next. */
export function ProviderDashboardPage() {
  useDocumentTitle('Provider dashboard');
  return (
    <ProvidersOnly>
      <Dashboard />
    </ProvidersOnly>
  );
}

function Dashboard() {
  const { state, changed, retry } = useConsultationList('upcoming', { role: 'provider' });
  const [message, setMessage] = useState<{ tone: AlertTone; text: string } | null>(null);
  const [proposing, setProposing] = useState(false);
  const say: Say = (tone, text) => setMessage({ tone, text });

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
          Propose a session
        </Button>
        <Link className="btn btn-secondary" to="/consultations/availability">
          <Icon name="settings" />
          <span>Edit your hours</span>
        </Link>
      </div>
      {message && (
        <Alert tone={message.tone} className="inline-alert">
          {message.text}
        </Alert>
      )}
      {state.status === 'loading' && <LoadingBlock label="Loading your sessions…" />}
      {state.status === 'error' && (
        <LoadError title="Your sessions could not be loaded" message={state.message} onRetry={retry} />
      )}
      {state.status === 'ready' && (
        <>
          <Group
            id="dashboard-today"
            title="Today"
            items={groups.today}
            empty="No sessions today."
            onChanged={changed}
            say={say}
          />
          {groups.waiting.length > 0 && (
            <Group
              id="dashboard-waiting"
              title="Waiting for an answer"
              description="Holds not yet confirmed, and times you proposed that the client has not answered."
              items={groups.waiting}
              empty=""
              onChanged={changed}
              say={say}
            />
          )}
          <Group
            id="dashboard-upcoming"
            title="Upcoming"
            items={groups.later}
            empty="Nothing booked after today yet. Clients book inside your hours; you can also propose a session."
            onChanged={changed}
            say={say}
          />
        </>
      )}
      {proposing && (
        <ProposeDialog
          onClose={() => setProposing(false)}
          onDone={(c) => {
            setProposing(false);
            changed(c);
            say('success', `Proposal sent to ${c.client.displayName}. They can accept or decline it.`);
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

/** A provider offers a client one of their own free times; the client accepts or declines. */
function ProposeDialog({ onClose, onDone }: { onClose: () => void; onDone: (c: Consultation) => void }) {
  const me = useMe();
  const [client, setClient] = useState<PublicUser[]>([]);
  const [when, setWhen] = useState<'later' | 'now'>('later');
  const {
    chosen,
    setChosen,
    busy,
    error,
    setError,
    refreshKey,
    slotGone,
    retake,
    send: sendChoice,
  } = useSlotChoice();
  const whenId = useId();
  const who = client[0];
  const ready = Boolean(who && (when === 'now' || chosen));

  const send = async () => {
    if (!who || (when === 'later' && !chosen)) return;
    await sendChoice(
      async () => onDone(await consultationsApi.proposeNew(who.id, when === 'now' ? 'now' : chosen!.start)),
      (e) => {
        if (isApiError(e) && e.code === 'slot_taken' && when === 'now') {
          return 'You already have a session booked now. Choose a later time.';
        }
        if (slotGone(e)) {
          return retake('That time is no longer free. Choose another one: the free times are up to date.');
        }
        return errorMessage(e);
      },
    );
  };

  return (
    <ConfirmDialog
      title="Propose a session"
      className="move-dialog"
      initialFocus="input"
      confirmLabel={when === 'now' ? 'Start now' : 'Send proposal'}
      onConfirm={() => void send()}
      onCancel={onClose}
      busy={busy}
      cancelDisabled={busy}
      confirmDisabled={!ready}
    >
      <PeoplePicker label="Client" selected={client} onChange={setClient} excludeIds={[me.id]} max={1} />
      <fieldset className="choice-fieldset">
        <legend>When</legend>
        <div className="addressed-row">
          {(
            [
              ['now', 'Now'],
              ['later', 'At a free time'],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className={`addressed-choice${when === value ? ' is-chosen' : ''}`}>
              <input
                type="radio"
                name={`${whenId}-when`}
                value={value}
                checked={when === value}
                onChange={() => {
                  setWhen(value);
                  setError(null);
                }}
              />
              <span>{label}</span>
            </label>
          ))}
        </div>
      </fieldset>
      {when === 'later' && (
        <SlotPicker
          providerId={me.id}
          providerName="your"
          selected={chosen?.start ?? null}
          onPick={setChosen}
          refreshKey={refreshKey}
          title="Time"
        />
      )}
      {error && <Alert tone="warning">{error}</Alert>}
      <p className="move-choice" aria-live="polite">
        {when === 'now' ? (
          who ? (
            <>
              {who.displayName}, <strong>starting now</strong> (at the next 5-minute mark). They are asked to
              accept it, and you can both join once they do.
            </>
          ) : (
            'Choose a client.'
          )
        ) : who && chosen ? (
          <>
            {who.displayName}, <strong>{slotSentence(chosen)}</strong>. They are asked to accept it.
          </>
        ) : (
          'Choose a client and a time.'
        )}
      </p>
    </ConfirmDialog>
  );
}
