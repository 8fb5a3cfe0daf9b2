import { PublicHoldRequestSchema, type Provider, type PublicProvider, type Slot } from '@parley/shared';
import { useRef, useState, type FormEvent } from 'react';
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
  const { handle = '' } = useParams();
  const load = useLoad((signal) => orMissing(publicBookingApi.provider(handle, signal)), [handle]);

  switch (load.status) {
    case 'loading':
      return (
        <VisitFrame title="Book a consultation" wide>
          <LoadingBlock label="Loading the booking page…" />
        </VisitFrame>
      );
    case 'error':
      return (
        <VisitFrame title="Book a consultation" wide>
          <LoadError title="This page could not be loaded" message={load.message} onRetry={load.retry} />
        </VisitFrame>
      );
    case 'ready':
      if (!load.data) {
        return (
          <VisitFrame title="This booking page isn’t available">
            <p className="visit-text">
              The address may be mistyped, or the provider doesn’t take bookings here (any more).
            </p>
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
  const [chosen, setChosen] = useState<Slot | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);
  const [bookable, setBookable] = useState(p.bookable);
  const [sent, setSent] = useState<{ heldUntil: string; email: string } | null>(null);
  const [gone, setGone] = useState(false);

  return (
    <VisitFrame title={`Book ${p.displayName}`} wide>
      <div className="public-provider">
        <Avatar
          user={{ id: p.id, displayName: p.displayName, avatarUrl: p.avatarUrl }}
          size="lg"
          decorative
        />
        <div>
          <p className="public-provider-length">Video consultations · {sessionLength(p.sessionMinutes)}</p>
          {p.bio && <p className="public-provider-bio">{p.bio}</p>}
          <ProviderFacts provider={asProvider(p)} />
        </div>
      </div>
      {sent ? (
        <CheckYourMail heldUntil={sent.heldUntil} email={sent.email} slot={chosen} />
      ) : !bookable ? (
        <Alert tone="info" title="Booking here isn’t possible right now" className="form-alert">
          Bookings made on this page are confirmed by e-mail, and this workspace can’t send e-mail at the
          moment. Contact {p.displayName} another way to arrange a session.
        </Alert>
      ) : (
        <>
          {gone && (
            <Alert tone="warning" className="form-alert">
              That time was just taken. Choose another one: the free times are up to date.
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
        Your details
      </h2>
      <p className="visit-text">
        <strong>{slotSentence(slot)}</strong>{' '}
        <span className="muted">(your time, {zoneLabel(clientZone())})</span>
      </p>
      {formError && (
        <Alert tone="error" className="form-alert">
          {formError}
        </Alert>
      )}
      <form ref={formRef} className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
        <TextField
          label="Your name"
          {...bind('name')}
          error={errors.name}
          autoComplete="name"
          required
          hint={`How ${p.displayName} will see you.`}
        />
        <TextField
          label="Your e-mail"
          type="email"
          {...bind('email')}
          error={errors.email}
          autoComplete="email"
          required
          hint="We send you a link to confirm the booking, and reminders before it."
        />
        <Button type="submit" block busy={busy}>
          Book this time
        </Button>
      </form>
    </section>
  );
}

function CheckYourMail({ heldUntil, email, slot }: { heldUntil: string; email: string; slot: Slot | null }) {
  const minutes = Math.max(1, Math.round((Date.parse(heldUntil) - Date.now()) / 60_000));
  return (
    <Alert tone="success" title="Check your e-mail" className="form-alert">
      {slot && <p className="public-held-slot">{slotSentence(slot)}</p>}
      <p>
        {minutes === 1
          ? `We sent a link to ${email}. Open it within a minute to confirm your booking; until then the time is kept for you.`
          : `We sent a link to ${email}. Open it within ${minutes} minutes to confirm your booking; until then the time is kept for you.`}
      </p>
      <p>Without confirmation the time is released again.</p>
    </Alert>
  );
}
