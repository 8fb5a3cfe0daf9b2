import { PublicHoldRequestSchema, type Provider, type PublicProvider, type Slot } from '@parley/shared';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { Alert } from '../../components/Alert';
import { Avatar } from '../../components/Avatar';
import { Button } from '../../components/Button';
import { LoadError } from '../../components/LoadError';
import { LoadingBlock } from '../../components/Spinner';
import { TextField } from '../../components/TextField';
import { useFields, useSubmission } from '../../lib/forms';
import { orMissing, useLoad } from '../../lib/useLoad';
import { clientZone, zoneLabel } from '../../lib/zonedTime';
import { ProviderFacts, sessionLength, SlotPicker, slotSentence } from '../providers';
import { publicBookingApi } from './publicBooking.api';
import { VisitFrame } from './VisitFrame';

/**
 * `/book/:handle`: a provider's public booking page (issue 19), for visitors without an account: who
 * they are, their free times in the visitor's zone, then name and e-mail. The hold is confirmed by the
 * link the e-mail carries.
 */
export function PublicBookingPage() {
  const { t } = useTranslation();
  const { handle = '' } = useParams();
  const load = useLoad((signal) => orMissing(publicBookingApi.provider(handle, signal)), [handle]);

  switch (load.status) {
    case 'loading':
      return (
        <VisitFrame title={t('guests.booking.title')} wide>
          <LoadingBlock label={t('guests.booking.loading')} />
        </VisitFrame>
      );
    case 'error':
      return (
        <VisitFrame title={t('guests.booking.title')} wide>
          <LoadError title={t('guests.booking.loadFailed')} message={load.message} onRetry={load.retry} />
        </VisitFrame>
      );
    case 'ready':
      if (!load.data) {
        return (
          <VisitFrame title={t('guests.booking.unavailableTitle')}>
            <p className="visit-text">{t('guests.booking.unavailableText')}</p>
          </VisitFrame>
        );
      }
      return <Booking key={load.data.id} provider={load.data} />;
  }
}

/** What the shared provider pieces need, from what the public page says. */
const asProvider = (p: PublicProvider): Provider => ({
  id: p.id,
  username: p.handle,
  displayName: p.displayName,
  avatarUrl: p.avatarUrl,
  bio: p.bio,
  specialities: p.specialities,
  languages: p.languages,
  timezone: p.timezone,
  sessionMinutes: p.sessionMinutes,
  accepting: true,
});

function Booking({ provider: p }: { provider: PublicProvider }) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<Slot | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);
  const [bookable, setBookable] = useState(p.bookable);
  const [sent, setSent] = useState<{ heldUntil: string; email: string } | null>(null);
  const [gone, setGone] = useState(false);

  return (
    <VisitFrame title={t('guests.booking.titleWith', { name: p.displayName })} wide>
      <div className="public-provider">
        <Avatar
          user={{ id: p.id, displayName: p.displayName, avatarUrl: p.avatarUrl }}
          size="lg"
          decorative
        />
        <div>
          <p className="public-provider-length">
            {t('guests.booking.length', { length: sessionLength(p.sessionMinutes) })}
          </p>
          {p.bio && <p className="public-provider-bio">{p.bio}</p>}
          <ProviderFacts provider={asProvider(p)} />
        </div>
      </div>
      {sent ? (
        <CheckYourMail heldUntil={sent.heldUntil} email={sent.email} slot={chosen} />
      ) : !bookable ? (
        <Alert tone="info" title={t('guests.booking.noMailTitle')} className="form-alert">
          {t('guests.booking.noMailText', { name: p.displayName })}
        </Alert>
      ) : (
        <>
          {gone && (
            <Alert tone="warning" className="form-alert">
              {t('guests.booking.taken')}
            </Alert>
          )}
          <SlotPicker
            providerId={p.id}
            providerName={p.displayName}
            selected={chosen?.start ?? null}
            onPick={(slot) => {
              setGone(false);
              setChosen(slot);
            }}
            refreshKey={refreshKey}
            loadSlots={(range, signal) => publicBookingApi.slots(p.handle, range, signal)}
          />
          {chosen && (
            <HoldForm
              provider={p}
              slot={chosen}
              onSent={(heldUntil, email) => setSent({ heldUntil, email })}
              onSlotGone={() => {
                setGone(true);
                setChosen(null);
                setRefreshKey((n) => n + 1);
              }}
              onNotBookable={() => setBookable(false)}
            />
          )}
        </>
      )}
    </VisitFrame>
  );
}

function HoldForm({
  provider: p,
  slot,
  onSent,
  onSlotGone,
  onNotBookable,
}: {
  provider: PublicProvider;
  slot: Slot;
  onSent: (heldUntil: string, email: string) => void;
  onSlotGone: () => void;
  onNotBookable: () => void;
}) {
  const { t } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  const { values, bind } = useFields({ name: '', email: '' });
  const { errors, formError, busy, submit } = useSubmission(formRef);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    await submit(
      PublicHoldRequestSchema,
      { start: slot.start, name: values.name, email: values.email, timeZone: clientZone() },
      async (data) => {
        const { heldUntil } = await publicBookingApi.hold(p.id, data);
        onSent(heldUntil, data.email);
      },
      (error, failure) => {
        if (isApiError(error) && (error.code === 'slot_taken' || error.code === 'slot_unavailable')) {
          onSlotGone();
          return null;
        }
        if (isApiError(error) && error.code === 'mail_not_configured') {
          onNotBookable();
          return null;
        }
        return failure;
      },
    );
  };

  return (
    <section className="public-hold" aria-labelledby="public-hold-title">
      <h2 className="card-title" id="public-hold-title">
        {t('guests.booking.details')}
      </h2>
      <p className="visit-text">
        <strong>{slotSentence(slot)}</strong>{' '}
        <span className="muted">{t('guests.booking.yourTime', { zone: zoneLabel(clientZone()) })}</span>
      </p>
      {formError && (
        <Alert tone="error" className="form-alert">
          {formError}
        </Alert>
      )}
      <form ref={formRef} className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
        <TextField
          label={t('guests.booking.name')}
          {...bind('name')}
          error={errors.name}
          autoComplete="name"
          required
          hint={t('guests.booking.nameHint', { name: p.displayName })}
        />
        <TextField
          label={t('guests.booking.email')}
          type="email"
          {...bind('email')}
          error={errors.email}
          autoComplete="email"
          required
          hint={t('guests.booking.emailHint')}
        />
        <Button type="submit" block busy={busy}>
          {t('guests.booking.submit')}
        </Button>
      </form>
    </section>
  );
}

function CheckYourMail({ heldUntil, email, slot }: { heldUntil: string; email: string; slot: Slot | null }) {
  const { t } = useTranslation();
  const minutes = Math.max(1, Math.round((Date.parse(heldUntil) - Date.now()) / 60_000));
  return (
    <Alert tone="success" title={t('guests.booking.sentTitle')} className="form-alert">
      {slot && <p className="public-held-slot">{slotSentence(slot)}</p>}
      <p>{t('guests.booking.sentText', { email, count: minutes })}</p>
      <p>{t('guests.booking.sentRelease')}</p>
    </Alert>
  );
}
