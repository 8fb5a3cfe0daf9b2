import type { Consultation, Provider, Slot } from '@parley/shared';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { errorMessage, isApiError } from '../../api/client';
import { t as translate } from '../../i18n';
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
import { clientZone, clock, inZone, zoneLabel } from '../../lib/zonedTime';
import { ProviderFacts, providersApi, sessionLength, SlotPicker, slotSentence } from '../providers';
import { BookingConfirmed } from './BookingConfirmed';
import { consultationsApi } from './consultations.api';
import { HoldCountdown } from './HoldCountdown';
import type { Words } from './status';

/** Book → one provider: who they are, their free times in my zone, then hold, confirm, done. */
export function ProviderBookingPage() {
  const { t } = useTranslation();
  const { providerId = '' } = useParams();
  const load = useLoad((signal) => orMissing(providersApi.get(providerId, signal)), [providerId]);

  useDocumentTitle(
    load.status === 'ready' && load.data
      ? t('consultations.booking.titleWith', { name: load.data.displayName })
      : t('consultations.booking.title'),
  );

  switch (load.status) {
    case 'loading':
      return <LoadingBlock label={t('consultations.booking.loading')} />;
    case 'error':
      return (
        <LoadError
          title={t('consultations.booking.loadFailed')}
          message={load.message}
          onRetry={load.retry}
        />
      );
    case 'ready':
      if (load.data) return <Booking key={load.data.id} provider={load.data} />;
      return (
        <NotFound
          title={t('consultations.booking.notFound')}
          action={
            <Link className="btn btn-secondary btn-sm" to="/consultations/book">
              <span>{t('consultations.booking.find')}</span>
            </Link>
          }
        >
          {t('consultations.booking.notFoundText')}
        </NotFound>
      );
  }
}

type Step =
  | { step: 'pick' }
  | { step: 'held'; consultation: Consultation }
  | { step: 'confirmed'; consultation: Consultation };

/** A problem said above the times (while rendering: it follows the interface's language). */
type Problem = { title: Words; text: Words };

function Booking({ provider }: { provider: Provider }) {
  const { t } = useTranslation();
  const me = useMe();
  const [step, setStep] = useState<Step>({ step: 'pick' });
  const [chosen, setChosen] = useState<Slot | null>(null);
  const [nickname, setNickname] = useState('');
  const [busy, setBusy] = useState<'hold' | 'confirm' | 'release' | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
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
  const lost = (title: Words, text: Words) => {
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
        lost(
          () => translate('consultations.booking.takenTitle'),
          () => translate('consultations.booking.takenText'),
        );
      } else if (isApiError(error) && error.code === 'slot_unavailable') {
        const { message } = error;
        lost(
          () => translate('consultations.booking.unavailableTitle'),
          () => translate('consultations.booking.unavailableText', { error: message }),
        );
      } else {
        const failure = describeFailure(error);
        if (failure.fields.nickname) setFieldError(failure.fields.nickname);
        else {
          setProblem({
            title: () => translate('consultations.booking.holdFailed'),
            text: () => failure.message,
          });
        }
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
        const { message } = error;
        lost(
          () => translate('consultations.booking.holdRanOut'),
          () => translate('consultations.booking.holdRanOutText', { error: message }),
        );
      } else {
        const failure = errorMessage(error);
        setProblem({ title: () => translate('consultations.booking.notConfirmed'), text: () => failure });
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
              {sessionLength(provider.sessionMinutes)} ·{' '}
              {t('consultations.booking.inZone', { zone: zoneLabel(provider.timezone) })}
            </p>
          </div>
        </div>
        {provider.bio && <p className="provider-bio provider-bio-full">{provider.bio}</p>}
        <ProviderFacts provider={provider} />
      </section>

      {problem && (
        <Alert tone="warning" title={problem.title()}>
          {problem.text()}
        </Alert>
      )}

      {step.step === 'pick' && !provider.accepting && (
        <div className="card">
          <EmptyState
            icon="lock"
            title={t('consultations.booking.notAccepting', { name: provider.displayName })}
          >
            {t('consultations.booking.checkBack')}
          </EmptyState>
        </div>
      )}

      {step.step === 'pick' && provider.accepting && provider.id === me.id && (
        <Alert tone="info">{t('consultations.booking.ownPage')}</Alert>
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
                    {inZone(chosen.start, provider.timezone).offset !==
                      inZone(chosen.start, clientZone()).offset && (
                      <span className="muted">
                        {' '}
                        {t('consultations.booking.theirTime', {
                          time: clock(chosen.start, provider.timezone),
                          name: firstName,
                        })}
                      </span>
                    )}
                  </span>
                </p>
                <TextField
                  label={t('consultations.booking.nickname')}
                  value={nickname}
                  maxLength={40}
                  autoComplete="off"
                  error={fieldError}
                  hint={t('consultations.booking.nicknameHint', { name: me.displayName })}
                  onChange={(event) => {
                    setNickname(event.target.value);
                    setFieldError(undefined);
                  }}
                />
                <div className="button-row">
                  <Button busy={busy === 'hold'} disabled={provider.id === me.id} onClick={() => void hold()}>
                    {t('consultations.booking.hold')}
                  </Button>
                  <Button variant="ghost" onClick={() => setChosen(null)}>
                    {t('consultations.booking.clear')}
                  </Button>
                </div>
              </>
            ) : (
              <p className="muted">{t('consultations.booking.chooseTime')}</p>
            )}
          </div>
        </div>
      )}

      {step.step === 'held' && (
        <section className="card hold-card" aria-labelledby="hold-title">
          <h2 className="card-title" id="hold-title" ref={headingRef} tabIndex={-1}>
            {t('consultations.booking.confirmTitle')}
          </h2>
          <p>
            {firstName} · <strong>{slotSentence(step.consultation)}</strong>
          </p>
          {step.consultation.client.displayName !== me.displayName && (
            <p className="muted">
              {t('consultations.booking.appearAs', {
                name: firstName,
                nickname: step.consultation.client.displayName,
              })}
            </p>
          )}
          <HoldCountdown
            until={step.consultation.heldUntil}
            onExpired={() =>
              lost(
                () => translate('consultations.booking.holdRanOut'),
                () => translate('consultations.booking.released'),
              )
            }
          />
          <div className="button-row">
            <Button
              busy={busy === 'confirm'}
              disabled={busy !== null}
              onClick={() => void confirm(step.consultation)}
            >
              {t('consultations.confirmBooking')}
            </Button>
            <Button
              variant="secondary"
              busy={busy === 'release'}
              disabled={busy !== null}
              onClick={() => void release(step.consultation)}
            >
              {t('consultations.booking.another')}
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
