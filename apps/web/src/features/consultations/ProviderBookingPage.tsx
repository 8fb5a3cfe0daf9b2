import type { Consultation, Provider, Slot } from '@parley/shared';
import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { errorMessage, isApiError } from '../../api/client';
import { useMe } from '../../auth/session';
import { Alert } from '../../components/Alert';
import { Avatar } from '../../components/Avatar';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { LoadError } from '../../components/LoadError';
import { NotFound } from '../../components/NotFound';
import { useDocumentTitle } from '../../components/PageHeader';
import { LoadingBlock } from '../../components/Spinner';
import { TextField } from '../../components/TextField';
import { describeFailure } from '../../lib/forms';
import { orMissing, useLoad } from '../../lib/useLoad';
import { clientZone, clock, offsetBetween, zoneLabel } from '../../lib/zonedTime';
import { ProviderFacts, providersApi, sessionLength, SlotPicker, slotSentence } from '../providers';
import { BookingConfirmed } from './BookingConfirmed';
import { consultationsApi } from './consultations.api';
import { HoldCountdown } from './HoldCountdown';

/** Book → one provider: who they are, their free times in my zone, then hold, confirm, done. */
export function ProviderBookingPage() {
  const { providerId = '' } = useParams();
  const load = useLoad((signal) => orMissing(providersApi.get(providerId, signal)), [providerId]);

  useDocumentTitle(
    load.status === 'ready' && load.data ? `Book ${load.data.displayName}` : 'Book a consultation',
  );

  switch (load.status) {
    case 'loading':
      return <LoadingBlock label="Loading the provider…" />;
    case 'error':
      return (
        <LoadError title="This provider could not be loaded" message={load.message} onRetry={load.retry} />
      );
    case 'ready':
      if (load.data) return <Booking key={load.data.id} provider={load.data} />;
      return (
        <NotFound
          title="Provider not found"
          action={
            <Link className="btn btn-secondary btn-sm" to="/consultations/book">
              <span>Find a provider</span>
            </Link>
          }
        >
          This person doesn’t offer consultations (any more).
        </NotFound>
      );
  }
}

type Step =
  | { step: 'pick' }
  | { step: 'held'; consultation: Consultation }
  | { step: 'confirmed'; consultation: Consultation };

function Booking({ provider }: { provider: Provider }) {
  const me = useMe();
  const [step, setStep] = useState<Step>({ step: 'pick' });
  const [chosen, setChosen] = useState<Slot | null>(null);
  const [nickname, setNickname] = useState('');
  const [busy, setBusy] = useState<'hold' | 'confirm' | 'release' | null>(null);
  const [problem, setProblem] = useState<{ title: string; text: string } | null>(null);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [refreshKey, setRefreshKey] = useState(0);
  const holdRef = useRef<HTMLDivElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const firstName = provider.displayName.split(/\s+/)[0] ?? provider.displayName;

  useEffect(() => {
    if (step.step !== 'pick') headingRef.current?.focus();
  }, [step.step]);

  const pick = (slot: Slot, how?: 'keyboard') => {
    setChosen(slot);
    setProblem(null);
    // Arrowing through the times keeps them in view; Tab reaches the panel.
    if (how === 'keyboard') return;
    // On a phone the panel is below the times: bring it into view.
    window.requestAnimationFrame(() =>
      holdRef.current?.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' }),
    );
  };

  /** The slot went to someone else, or is no longer free: say so and show what is free now. */
  const lost = (title: string, text: string) => {
    setProblem({ title, text });
    setChosen(null);
    setStep({ step: 'pick' });
    setRefreshKey((n) => n + 1);
  };

  const hold = async () => {
    if (!chosen) return;
    setBusy('hold');
    setProblem(null);
    setFieldError(undefined);
    try {
      const consultation = await consultationsApi.hold(
        provider.id,
        chosen.start,
        nickname.trim() || undefined,
      );
      setStep({ step: 'held', consultation });
    } catch (error) {
      if (isApiError(error) && error.code === 'slot_taken') {
        lost('Someone else just took this time', 'Choose another time: the free times below are up to date.');
      } else if (isApiError(error) && error.code === 'slot_unavailable') {
        lost('This time is no longer free', `${error.message}. The free times below are up to date.`);
      } else {
        const failure = describeFailure(error);
        if (failure.fields.nickname) setFieldError(failure.fields.nickname);
        else setProblem({ title: 'The time could not be held', text: failure.message });
      }
    } finally {
      setBusy(null);
    }
  };

  const confirm = async (held: Consultation) => {
    setBusy('confirm');
    setProblem(null);
    try {
      setStep({ step: 'confirmed', consultation: await consultationsApi.confirm(held.id) });
    } catch (error) {
      if (isApiError(error) && (error.code === 'consultation_state' || error.code === 'slot_taken')) {
        lost('Your hold ran out', `${error.message}. Choose a time again.`);
      } else {
        setProblem({ title: 'The booking was not confirmed', text: errorMessage(error) });
      }
    } finally {
      setBusy(null);
    }
  };

  const release = async (held: Consultation) => {
    setBusy('release');
    try {
      await consultationsApi.cancel(held.id);
    } catch {
      // It runs out by itself in a few minutes anyway.
    }
    setBusy(null);
    setChosen(null);
    setStep({ step: 'pick' });
    setRefreshKey((n) => n + 1);
  };

  return (
    <div className="stack booking">
      <section className="card provider-profile" aria-labelledby="provider-name">
        <div className="provider-card-head">
          <Avatar user={provider} size="xl" decorative />
          <div className="provider-card-title">
            <h2 className="card-title" id="provider-name">
              {provider.displayName}
            </h2>
            <p className="muted">
              {sessionLength(provider.sessionMinutes)} · in {zoneLabel(provider.timezone)}
            </p>
          </div>
        </div>
        {provider.bio && <p className="provider-bio provider-bio-full">{provider.bio}</p>}
        <ProviderFacts provider={provider} />
      </section>

      {problem && (
        <Alert tone="warning" title={problem.title}>
          {problem.text}
        </Alert>
      )}

      {step.step === 'pick' && !provider.accepting && (
        <div className="card">
          <EmptyState icon="lock" title={`${provider.displayName} is not taking new bookings`}>
            Check back later, or choose another provider.
          </EmptyState>
        </div>
      )}

      {step.step === 'pick' && provider.accepting && provider.id === me.id && (
        <Alert tone="info">This is how clients see your page. You can’t book a session with yourself.</Alert>
      )}

      {step.step === 'pick' && provider.accepting && (
        <div className="card">
          <SlotPicker
            providerId={provider.id}
            providerName={firstName}
            selected={chosen?.start ?? null}
            onPick={pick}
            refreshKey={refreshKey}
          />
          <div ref={holdRef} className="hold-panel" aria-live="polite">
            {chosen ? (
              <>
                <p className="hold-summary">
                  <Icon name="check" />
                  <span>
                    <strong>{slotSentence(chosen)}</strong>
                    {offsetBetween(provider.timezone, clientZone(), chosen.start) !== 'same time' && (
                      <span className="muted">
                        {' '}
                        ({clock(chosen.start, provider.timezone)} for {firstName})
                      </span>
                    )}
                  </span>
                </p>
                <TextField
                  label="Appear to the provider as… (optional)"
                  value={nickname}
                  maxLength={40}
                  autoComplete="off"
                  error={fieldError}
                  hint={`Leave empty to appear as ${me.displayName}. A nickname keeps your name private; your photo is not shown with it.`}
                  onChange={(event) => {
                    setNickname(event.target.value);
                    setFieldError(undefined);
                  }}
                />
                <div className="button-row">
                  <Button busy={busy === 'hold'} disabled={provider.id === me.id} onClick={() => void hold()}>
                    Hold this time
                  </Button>
                  <Button variant="ghost" onClick={() => setChosen(null)}>
                    Clear
                  </Button>
                </div>
              </>
            ) : (
              <p className="muted">Choose a time above to book it.</p>
            )}
          </div>
        </div>
      )}

      {step.step === 'held' && (
        <section className="card hold-card" aria-labelledby="hold-title">
          <h2 className="card-title" id="hold-title" ref={headingRef} tabIndex={-1}>
            Confirm your booking
          </h2>
          <p>
            {firstName} · <strong>{slotSentence(step.consultation)}</strong>
          </p>
          {step.consultation.client.displayName !== me.displayName && (
            <p className="muted">
              You appear to {firstName} as “{step.consultation.client.displayName}”.
            </p>
          )}
          <HoldCountdown
            until={step.consultation.heldUntil}
            onExpired={() => lost('Your hold ran out', 'The time was released. Choose a time again.')}
          />
          <div className="button-row">
            <Button
              busy={busy === 'confirm'}
              disabled={busy !== null}
              onClick={() => void confirm(step.consultation)}
            >
              Confirm booking
            </Button>
            <Button
              variant="secondary"
              busy={busy === 'release'}
              disabled={busy !== null}
              onClick={() => void release(step.consultation)}
            >
              Choose another time
            </Button>
          </div>
        </section>
      )}

      {step.step === 'confirmed' && (
        <BookingConfirmed provider={provider} consultation={step.consultation} headingRef={headingRef} />
      )}
    </div>
  );
}
