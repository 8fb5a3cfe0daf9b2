import { ConsultationsSettingsSchema, type ConsultationsSettings, type E2eeMode } from '@parley/shared';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
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
    text: 'settings.consultations.holdMinutes',
    min: 1,
    max: 60,
  },
  {
    key: 'proposalHours',
    text: 'settings.consultations.proposalHours',
    min: 1,
    max: 336,
  },
  {
    key: 'joinLeadMinutes',
    text: 'settings.consultations.joinLeadMinutes',
    min: 0,
    max: 120,
  },
  {
    key: 'graceMinutes',
    text: 'settings.consultations.graceMinutes',
    min: 0,
    max: 240,
  },
  {
    key: 'noShowMinutes',
    text: 'settings.consultations.noShowMinutes',
    min: 1,
    max: 120,
  },
  {
    key: 'lateCancelHours',
    text: 'settings.consultations.lateCancelHours',
    min: 0,
    max: 336,
  },
  {
    key: 'retentionDays',
    text: 'settings.consultations.retentionDays',
    min: 1,
    max: 3650,
  },
];

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
  const { t } = useTranslation();
  useDocumentTitle(t('settings.consultations.documentTitle'));
  return (
    <SettingsSectionLoader section="consultations" label={t('settings.consultations.title')}>
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
  const { t } = useTranslation();
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
            if (field) friendly[key] = t('settings.common.wholeNumber', { min: field.min, max: field.max });
            else if (key === 'e2ee') friendly.e2ee = t('settings.consultations.e2eeInvalid');
            else friendly.reminderOffsetsMinutes = t('settings.consultations.reminders.rule');
          }
          return friendly;
        },
        patch,
        saved: (settings) => {
          setForm(formFrom(settings));
          onSaved(settings);
          return t('settings.consultations.saved');
        },
      },
    );
  };

  return (
    <section className="card" aria-labelledby="admin-consultations">
      <h2 className="card-title" id="admin-consultations">
        {t('settings.consultations.title')}
      </h2>
      <p className="card-description">{t('settings.consultations.description')}</p>
      <form ref={formRef} className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
        <div className="form-grid">
          <NumberFields
            fields={FIELDS}
            values={form.numbers}
            errors={errors}
            onChange={(key, value) => edit((f) => ({ ...f, numbers: { ...f.numbers, [key]: value } }))}
          />
          <TextField
            label={t('settings.consultations.reminders.label')}
            name="reminderOffsetsMinutes"
            value={form.reminders}
            error={errors.reminderOffsetsMinutes}
            hint={t('settings.consultations.reminders.hint')}
            onChange={(event) => edit((f) => ({ ...f, reminders: event.target.value }))}
          />
          <E2eeModeField
            what="consultations"
            value={form.e2ee}
            error={errors.e2ee}
            onChange={(mode) => edit((f) => ({ ...f, e2ee: mode }))}
          />
        </div>
        <FormFooter
          status={status}
          busy={busy}
          submitLabel={t('settings.consultations.submit')}
          unchanged={!dirty}
        />
      </form>
    </section>
  );
}
