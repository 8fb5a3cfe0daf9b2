import { GUEST_CALL_ROOM_TYPES, GuestSettingsSchema, type GuestSettings } from '@parley/shared';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation();
  useDocumentTitle(t('settings.guests.title'));
  return (
    <>
      <SettingsSectionLoader section="guests" label={t('settings.guests.title')}>
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
  const { t } = useTranslation();
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
          found.linkMinutes ? { linkMinutes: t('settings.guests.linkMinutes.invalid') } : found,
        patch,
        saved: (settings) => {
          setForm(formFrom(settings));
          onSaved(settings);
          return t('settings.guests.saved');
        },
      },
    );
  };

  return (
    <section className="card" aria-labelledby="admin-guests">
      <h2 className="card-title" id="admin-guests">
        {t('settings.guests.title')}
      </h2>
      <p className="card-description">{t('settings.guests.description')}</p>
      <form ref={formRef} className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
        <CheckboxSet
          legend={t('settings.guests.roomTypes.legend')}
          options={GUEST_CALL_ROOM_TYPES.map((key) => ({
            key,
            label: t(`settings.guests.roomTypes.${key}`),
          }))}
          value={form.roomTypes}
          onChange={(roomTypes) => change({ roomTypes })}
        />
        <p className="field-hint">{t('settings.guests.roomTypesHint')}</p>
        <TextField
          label={t('settings.guests.linkMinutes.label')}
          name="linkMinutes"
          type="number"
          inputMode="numeric"
          min={5}
          max={43_200}
          value={form.linkMinutes}
          error={errors.linkMinutes}
          hint={t('settings.guests.linkMinutes.hint')}
          onChange={(event) => change({ linkMinutes: event.target.value })}
        />
        <Switch
          label={t('settings.guests.publicBooking.label')}
          name="publicBooking"
          checked={form.publicBooking}
          onChange={(publicBooking) => change({ publicBooking })}
          description={
            form.publicBooking
              ? t('settings.guests.publicBooking.on')
              : t('settings.guests.publicBooking.off')
          }
        />
        <FormFooter
          status={status}
          busy={busy}
          submitLabel={t('settings.guests.submit')}
          unchanged={!dirty}
        />
      </form>
    </section>
  );
}

function byOrder(a: RoomType, b: RoomType): number {
  return GUEST_CALL_ROOM_TYPES.indexOf(a) - GUEST_CALL_ROOM_TYPES.indexOf(b);
}
