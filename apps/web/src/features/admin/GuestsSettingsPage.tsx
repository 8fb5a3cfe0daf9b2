import { GUEST_CALL_ROOM_TYPES, GuestSettingsSchema, type GuestSettings } from '@parley/shared';
import { useRef, useState, type FormEvent } from 'react';
import { FormFooter } from '../../components/FormFooter';
import { useDocumentTitle } from '../../components/PageHeader';
import { Switch } from '../../components/Switch';
import { TextField } from '../../components/TextField';
import { useSaveForm, validate } from '../../lib/forms';
import { AdminGuestLinks } from './AdminGuestLinks';
import { CheckboxSet } from './CheckboxSet';
import { typedNumber } from './NumberFields';
import { saveSection } from './saveSection';
import { SettingsSectionLoader } from './SettingsSectionLoader';

type RoomType = (typeof GUEST_CALL_ROOM_TYPES)[number];

const ROOM_TYPE_LABELS: Record<RoomType, string> = {
  channel: 'Channels',
  private: 'Private channels',
  team: 'Teams',
  discussion: 'Discussions',
  direct: 'Direct messages',
};

const ROOM_TYPE_OPTIONS = GUEST_CALL_ROOM_TYPES.map((key) => ({ key, label: ROOM_TYPE_LABELS[key] }));

interface Form {
  roomTypes: Record<RoomType, boolean>;
  publicBooking: boolean;
  linkMinutes: string;
}

function formFrom(settings: GuestSettings): Form {
  const roomTypes = {} as Record<RoomType, boolean>;
  for (const key of GUEST_CALL_ROOM_TYPES) roomTypes[key] = settings.callRoomTypes.includes(key);
  return { roomTypes, publicBooking: settings.publicBooking, linkMinutes: String(settings.linkMinutes) };
}

/** Administration → Guests (issue 19): who may bring guests into calls, public booking, link lifetime, and the active links. */
export function GuestsSettingsPage() {
  useDocumentTitle('Guests');
  return (
    <>
      <SettingsSectionLoader section="guests" label="Guests">
        {(saved, onSaved) => <GuestsForm saved={saved} onSaved={onSaved} />}
      </SettingsSectionLoader>
      <AdminGuestLinks />
    </>
  );
}

function GuestsForm({
  saved,
  onSaved,
}: {
  saved: GuestSettings;
  onSaved: (settings: GuestSettings) => void;
}) {
  const formRef = useRef<HTMLFormElement>(null);
  const [form, setForm] = useState(() => formFrom(saved));
  const { errors, status, busy, save, reject, clearSaved } = useSaveForm(formRef);
  const change = (patch: Partial<Form>) => {
    setForm((f) => ({ ...f, ...patch }));
    clearSaved();
  };

  const values = (): GuestSettings => ({
    callRoomTypes: GUEST_CALL_ROOM_TYPES.filter((key) => form.roomTypes[key]),
    publicBooking: form.publicBooking,
    linkMinutes: typedNumber(form.linkMinutes),
  });
  const patch = (): Partial<GuestSettings> => {
    const next = values();
    const changed: Partial<GuestSettings> = {};
    if (next.callRoomTypes.join() !== [...saved.callRoomTypes].sort(byOrder).join()) {
      changed.callRoomTypes = next.callRoomTypes;
    }
    if (next.publicBooking !== saved.publicBooking) changed.publicBooking = next.publicBooking;
    if (next.linkMinutes !== saved.linkMinutes) changed.linkMinutes = next.linkMinutes;
    return changed;
  };
  const dirty = Object.keys(patch()).length > 0;

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    await saveSection(
      { save, reject },
      {
        section: 'guests',
        checked: validate(GuestSettingsSchema, values()),
        friendly: (found) =>
          found.linkMinutes
            ? { linkMinutes: 'Use a whole number of minutes from 5 to 43,200 (30 days).' }
            : found,
        patch,
        saved: (settings) => {
          setForm(formFrom(settings));
          onSaved(settings);
          return 'Guest settings saved.';
        },
      },
    );
  };

  return (
    <section className="card" aria-labelledby="admin-guests">
      <h2 className="card-title" id="admin-guests">
        Guests
      </h2>
      <p className="card-description">
        People without an account, let in by the people who invite them. Guests never see the directory, other
        rooms or chat history.
      </p>
      <form ref={formRef} className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
        <CheckboxSet
          legend="Guests may join calls in"
          options={ROOM_TYPE_OPTIONS}
          value={form.roomTypes}
          onChange={(roomTypes) => change({ roomTypes })}
        />
        <p className="field-hint">
          The room’s owners and moderators, and whoever started the call, can then create guest links. None is
          chosen at first.
        </p>
        <TextField
          label="Guest links work for (minutes)"
          name="linkMinutes"
          type="number"
          inputMode="numeric"
          min={5}
          max={43_200}
          value={form.linkMinutes}
          error={errors.linkMinutes}
          hint="Unless whoever creates a link chooses otherwise. Default 1,440 (one day)."
          onChange={(event) => change({ linkMinutes: event.target.value })}
        />
        <Switch
          label="Public booking pages"
          name="publicBooking"
          checked={form.publicBooking}
          onChange={(publicBooking) => change({ publicBooking })}
          description={
            form.publicBooking
              ? 'Providers may open a page where anyone can book a consultation with their e-mail address.'
              : 'Only people with an account can book consultations.'
          }
        />
        <FormFooter status={status} busy={busy} submitLabel="Save guest settings" unchanged={!dirty} />
      </form>
    </section>
  );
}

function byOrder(a: RoomType, b: RoomType): number {
  return GUEST_CALL_ROOM_TYPES.indexOf(a) - GUEST_CALL_ROOM_TYPES.indexOf(b);
}
