import { LimitsSettingsSchema, type LimitsSettings } from '@parley/shared';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormFooter } from '../../components/FormFooter';
import { useDocumentTitle } from '../../components/PageHeader';
import { formatNumber } from '../../i18n/format';
import { useSaveForm, validate, type FieldErrors } from '../../lib/forms';
import { NumberFields, typedNumber, type NumberSetting } from './NumberFields';
import { saveSection } from './saveSection';
import { SettingsSectionLoader } from './SettingsSectionLoader';

type Key = keyof LimitsSettings;

/** Every limit, in the order the page shows them; the bounds are the server's (settings.ts). */
const FIELDS: NumberSetting<Key>[] = [
  {
    key: 'messagesPerMinute',
    text: 'settings.limits.messagesPerMinute',
    min: 1,
    max: 100_000,
  },
  {
    key: 'messageChangesPerMinute',
    text: 'settings.limits.messageChangesPerMinute',
    min: 1,
    max: 100_000,
  },
  {
    key: 'typingPerMinute',
    text: 'settings.limits.typingPerMinute',
    min: 1,
    max: 100_000,
  },
  {
    key: 'presenceChangesPerMinute',
    text: 'settings.limits.presenceChangesPerMinute',
    min: 1,
    max: 100_000,
  },
  {
    key: 'readMarksPerMinute',
    text: 'settings.limits.readMarksPerMinute',
    min: 1,
    max: 100_000,
  },
  {
    key: 'roomsPerHour',
    text: 'settings.limits.roomsPerHour',
    min: 1,
    max: 100_000,
  },
  {
    key: 'membersAddedPerHour',
    text: 'settings.limits.membersAddedPerHour',
    min: 1,
    max: 1_000_000,
  },
  {
    key: 'roomChangesPerMinute',
    text: 'settings.limits.roomChangesPerMinute',
    min: 1,
    max: 100_000,
  },
  {
    key: 'profileChangesPerHour',
    text: 'settings.limits.profileChangesPerHour',
    min: 1,
    max: 100_000,
  },
  {
    key: 'uploadsPerHour',
    text: 'settings.limits.uploadsPerHour',
    min: 1,
    max: 100_000,
  },
  {
    key: 'reactionsPerMinute',
    text: 'settings.limits.reactionsPerMinute',
    min: 1,
    max: 100_000,
  },
  {
    key: 'searchesPerMinute',
    text: 'settings.limits.searchesPerMinute',
    min: 1,
    max: 100_000,
  },
  {
    key: 'threadChangesPerMinute',
    text: 'settings.limits.threadChangesPerMinute',
    min: 1,
    max: 100_000,
  },
  {
    key: 'ringsOfOnePersonPer10Minutes',
    text: 'settings.limits.ringsOfOnePersonPer10Minutes',
    min: 1,
    max: 1000,
  },
  {
    key: 'ringAfterDeclineSeconds',
    text: 'settings.limits.ringAfterDeclineSeconds',
    min: 0,
    max: 86_400,
  },
];

const formFrom = (settings: LimitsSettings): Record<Key, string> => {
  const form = {} as Record<Key, string>;
  for (const { key } of FIELDS) form[key] = String(settings[key]);
  return form;
};

/** Administration → Limits: how much one person may send, create and change, and how often calls ring. */
export function LimitsSettingsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('settings.limits.title'));
  return (
    <SettingsSectionLoader section="limits" label={t('settings.limits.title')}>
      {(saved, onSaved) => <LimitsForm saved={saved} onSaved={onSaved} />}
    </SettingsSectionLoader>
  );
}

function LimitsForm({
  saved,
  onSaved,
}: {
  saved: LimitsSettings;
  onSaved: (settings: LimitsSettings) => void;
}) {
  const { t } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  const [form, setForm] = useState(() => formFrom(saved));
  const { errors, status, busy, save, reject, clearSaved } = useSaveForm(formRef);

  const values = (): Record<Key, number> => {
    const out = {} as Record<Key, number>;
    for (const { key } of FIELDS) out[key] = typedNumber(form[key]);
    return out;
  };
  const patch = (): Partial<LimitsSettings> => {
    const changed: Partial<LimitsSettings> = {};
    for (const [key, value] of Object.entries(values()) as [Key, number][]) {
      if (value !== saved[key]) changed[key] = value;
    }
    return changed;
  };
  const dirty = Object.keys(patch()).length > 0;

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    await saveSection(
      { save, reject },
      {
        section: 'limits',
        checked: validate(LimitsSettingsSchema, values()),
        friendly: (errors) => {
          const friendly: FieldErrors = {};
          for (const key of Object.keys(errors)) {
            const field = FIELDS.find((f) => f.key === key);
            if (field) {
              friendly[key] = t('settings.common.wholeNumber', {
                min: formatNumber(field.min),
                max: formatNumber(field.max),
              });
            }
          }
          return friendly;
        },
        patch,
        saved: (settings) => {
          setForm(formFrom(settings));
          onSaved(settings);
          return t('settings.limits.saved');
        },
      },
    );
  };

  return (
    <section className="card" aria-labelledby="admin-limits">
      <h2 className="card-title" id="admin-limits">
        {t('settings.limits.title')}
      </h2>
      <p className="card-description">{t('settings.limits.description')}</p>
      <form ref={formRef} className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
        <div className="form-grid">
          <NumberFields
            fields={FIELDS}
            values={form}
            errors={errors}
            onChange={(key, value) => {
              setForm((f) => ({ ...f, [key]: value }));
              clearSaved();
            }}
          />
        </div>
        <FormFooter
          status={status}
          busy={busy}
          submitLabel={t('settings.limits.submit')}
          unchanged={!dirty}
        />
      </form>
    </section>
  );
}
