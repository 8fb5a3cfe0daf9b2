import { ConsultationsSettingsSchema, type ConsultationsSettings, type E2eeMode } from '@parley/shared';
import { useRef, useState, type FormEvent } from 'react';
import { FormFooter } from '../../components/FormFooter';
import { useDocumentTitle } from '../../components/PageHeader';
import { TextField } from '../../components/TextField';
import { useSaveForm, validate, type FieldErrors } from '../../lib/forms';
import { E2eeModeField } from './E2eeModeField';
import { NumberFields, typedNumber, type NumberSetting } from './NumberFields';
import { saveSection } from './saveSection';
import { SettingsSectionLoader } from './SettingsSectionLoader';

type NumberKey = Exclude<keyof ConsultationsSettings, 'reminderOffsetsMinutes' | 'e2ee'>;

const FIELDS: NumberSetting<NumberKey>[] = [
  {
    key: 'holdMinutes',
    label: 'Hold a chosen time for (minutes)',
    hint: 'How long a client has to confirm a time they picked before it goes back to the free times. Default 5.',
    min: 1,
    max: 60,
  },
  {
    key: 'proposalHours',
    label: 'Proposals wait for an answer (hours)',
    hint: 'How long a provider’s proposed time waits for the client (never past its start). Default 48.',
    min: 1,
    max: 336,
  },
  {
    key: 'joinLeadMinutes',
    label: 'Joining opens before the start (minutes)',
    hint: 'Client and provider can enter the call from this long before the start. Default 10.',
    min: 0,
    max: 120,
  },
  {
    key: 'graceMinutes',
    label: 'Joining stays open after the end (minutes)',
    hint: 'A consultation still going finishes this long after its end at the latest. Default 15.',
    min: 0,
    max: 240,
  },
  {
    key: 'noShowMinutes',
    label: 'No-show after (minutes)',
    hint: 'Someone not in the call this long after the start is recorded as not having joined. Default 10.',
    min: 1,
    max: 120,
  },
  {
    key: 'lateCancelHours',
    label: 'Late cancellation within (hours)',
    hint: 'Canceling this close to the start counts as a late cancellation. Default 24; 0 turns it off.',
    min: 0,
    max: 336,
  },
  {
    key: 'retentionDays',
    label: 'Keep consultation chats for (days)',
    hint: 'After a consultation ends, its chat is kept this long and then deleted for good. Default 30.',
    min: 1,
    max: 3650,
  },
];

const REMINDERS_RULE =
  'Use up to 5 whole numbers of minutes, from 1 to 20160 (two weeks), separated by commas.';

interface Form {
  numbers: Record<NumberKey, string>;
  reminders: string;
  e2ee: E2eeMode;
}

function formFrom(settings: ConsultationsSettings): Form {
  const numbers = {} as Record<NumberKey, string>;
  for (const { key } of FIELDS) numbers[key] = String(settings[key]);
  return { numbers, reminders: settings.reminderOffsetsMinutes.join(', '), e2ee: settings.e2ee };
}

/** "1440, 15" → [1440, 15]; anything that is not a whole number stays as NaN for the schema to refuse. */
function parseOffsets(text: string): number[] {
  return text
    .split(/[,\s]+/)
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : Number.NaN));
}

/** Administration → Consultations: holds, the join window, no-shows, late cancellation, reminders, retention. */
export function ConsultationsSettingsPage() {
  useDocumentTitle('Consultation settings');
  return (
    <SettingsSectionLoader section="consultations" label="Consultations">
      {(saved, onSaved) => <SettingsForm saved={saved} onSaved={onSaved} />}
    </SettingsSectionLoader>
  );
}

function SettingsForm({
  saved,
  onSaved,
}: {
  saved: ConsultationsSettings;
  onSaved: (settings: ConsultationsSettings) => void;
}) {
  const formRef = useRef<HTMLFormElement>(null);
  const [form, setForm] = useState<Form>(() => formFrom(saved));
  const { errors, status, busy, save, reject, clearSaved } = useSaveForm(formRef);

  const values = (): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const { key } of FIELDS) {
      out[key] = typedNumber(form.numbers[key]);
    }
    out.reminderOffsetsMinutes = parseOffsets(form.reminders);
    out.e2ee = form.e2ee;
    return out;
  };
  const patch = (): Partial<ConsultationsSettings> => {
    const current = values();
    const changed: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(current)) {
      if (JSON.stringify(value) !== JSON.stringify(saved[key as keyof ConsultationsSettings])) {
        changed[key] = value;
      }
    }
    return changed;
  };
  const dirty = Object.keys(patch()).length > 0;
  const edit = (change: (f: Form) => Form) => {
    setForm(change);
    clearSaved();
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    await saveSection(
      { save, reject },
      {
        section: 'consultations',
        checked: validate(ConsultationsSettingsSchema, values()),
        // Say what fits rather than the schema's words.
        friendly: (errors) => {
          const friendly: FieldErrors = {};
          for (const key of Object.keys(errors)) {
            const field = FIELDS.find((f) => f.key === key);
            if (field) friendly[key] = `Use a whole number from ${field.min} to ${field.max}.`;
            else if (key === 'e2ee') friendly.e2ee = 'Choose off, offered or required.';
            else friendly.reminderOffsetsMinutes = REMINDERS_RULE;
          }
          return friendly;
        },
        patch,
        saved: (settings) => {
          setForm(formFrom(settings));
          onSaved(settings);
          return 'Consultation settings saved.';
        },
      },
    );
  };

  return (
    <section className="card" aria-labelledby="admin-consultations">
      <h2 className="card-title" id="admin-consultations">
        Consultations
      </h2>
      <p className="card-description">
        How booked client–provider sessions behave. Video uses the Jitsi server set under Video calls.
        Providers are chosen in People.
      </p>
      <form ref={formRef} className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
        <div className="form-grid">
          <NumberFields
            fields={FIELDS}
            values={form.numbers}
            errors={errors}
            onChange={(key, value) => edit((f) => ({ ...f, numbers: { ...f.numbers, [key]: value } }))}
          />
          <TextField
            label="Reminders (minutes before the start)"
            name="reminderOffsetsMinutes"
            value={form.reminders}
            error={errors.reminderOffsetsMinutes}
            hint="Up to 5, separated by commas: 1440, 15 is a day before and 15 minutes before. In the app, and by email when the server has SMTP_URL. Empty: no reminders."
            onChange={(event) => edit((f) => ({ ...f, reminders: event.target.value }))}
          />
          <E2eeModeField
            what="consultations"
            value={form.e2ee}
            error={errors.e2ee}
            onChange={(mode) => edit((f) => ({ ...f, e2ee: mode }))}
          />
        </div>
        <FormFooter status={status} busy={busy} submitLabel="Save consultation settings" unchanged={!dirty} />
      </form>
    </section>
  );
}
