import { FilesSettingsSchema, type FilesSettings } from '@parley/shared';
import { useId, useRef, useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { FieldMessages, fieldDescribedBy } from '../../components/FieldMessages';
import { FormFooter } from '../../components/FormFooter';
import { useDocumentTitle } from '../../components/PageHeader';
import { formatNumber } from '../../i18n/format';
import { useSaveForm, validate, type FieldErrors } from '../../lib/forms';
import { NumberFields, typedNumber, type NumberSetting } from './NumberFields';
import { saveSection } from './saveSection';
import { SettingsSectionLoader } from './SettingsSectionLoader';

type NumberKey = 'maxUploadMb' | 'quotaMbPerPerson';

/** The bounds are the server's (files.ts). */
const NUMBERS: NumberSetting<NumberKey>[] = [
  {
    key: 'maxUploadMb',
    text: 'settings.files.maxUpload',
    min: 1,
    max: 1024,
  },
  {
    key: 'quotaMbPerPerson',
    text: 'settings.files.quota',
    min: 0,
    max: 1_000_000,
  },
];

interface Form {
  maxUploadMb: string;
  quotaMbPerPerson: string;
  allowedTypes: string;
}

const formFrom = (settings: FilesSettings): Form => ({
  maxUploadMb: String(settings.maxUploadMb),
  quotaMbPerPerson: String(settings.quotaMbPerPerson),
  allowedTypes: settings.allowedTypes.join('\n'),
});

/** One media type a line; blank lines and repeats are dropped. */
export function typesFrom(text: string): string[] {
  const types = text
    .split(/[\n,]/)
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
  return [...new Set(types)];
}

const sameTypes = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((t, i) => t === b[i]);

/** Administration → Files: how large a file may be, which kinds are accepted, and each person's storage. */
export function FilesSettingsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('settings.files.title'));
  return (
    <SettingsSectionLoader section="files" label={t('settings.files.title')}>
      {(saved, onSaved) => <FilesForm saved={saved} onSaved={onSaved} />}
    </SettingsSectionLoader>
  );
}

function FilesForm({ saved, onSaved }: { saved: FilesSettings; onSaved: (settings: FilesSettings) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [form, setForm] = useState(() => formFrom(saved));
  const { errors, status, busy, save, reject, clearSaved } = useSaveForm(formRef);

  const values = (): FilesSettings => ({
    maxUploadMb: typedNumber(form.maxUploadMb),
    quotaMbPerPerson: typedNumber(form.quotaMbPerPerson),
    allowedTypes: typesFrom(form.allowedTypes),
  });
  const patch = (): Partial<FilesSettings> => {
    const next = values();
    const changed: Partial<FilesSettings> = {};
    if (next.maxUploadMb !== saved.maxUploadMb) changed.maxUploadMb = next.maxUploadMb;
    if (next.quotaMbPerPerson !== saved.quotaMbPerPerson) changed.quotaMbPerPerson = next.quotaMbPerPerson;
    if (!sameTypes(next.allowedTypes, saved.allowedTypes)) changed.allowedTypes = next.allowedTypes;
    return changed;
  };
  const dirty = Object.keys(patch()).length > 0;
  const change = (values: Partial<Form>) => {
    setForm((f) => ({ ...f, ...values }));
    clearSaved();
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    await saveSection(
      { save, reject },
      {
        section: 'files',
        checked: validate(FilesSettingsSchema, values()),
        friendly: (found) => {
          const friendly: FieldErrors = {};
          for (const [key, message] of Object.entries(found)) {
            const field = NUMBERS.find((f) => f.key === key);
            if (field) {
              friendly[key] = t('settings.common.wholeNumber', {
                min: formatNumber(field.min),
                max: formatNumber(field.max),
              });
            } else if (key === 'allowedTypes' && values().allowedTypes.length === 0) {
              friendly.allowedTypes = t('settings.files.typesEmpty');
            } else if (/^\d+$/.test(key) || key === 'allowedTypes') {
              const bad = values().allowedTypes[Number(key)];
              friendly.allowedTypes = bad ? t('settings.files.typeInvalid', { type: bad }) : message;
            }
          }
          return friendly;
        },
        patch,
        saved: (settings) => {
          setForm(formFrom(settings));
          onSaved(settings);
          return t('settings.files.saved');
        },
      },
    );
  };

  const typesHint = <Trans i18nKey="settings.files.typesHint" components={{ code: <code /> }} />;
  return (
    <section className="card" aria-labelledby="admin-files">
      <h2 className="card-title" id="admin-files">
        {t('settings.files.title')}
      </h2>
      <p className="card-description">{t('settings.files.description')}</p>
      <form ref={formRef} className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
        <div className="form-grid">
          <NumberFields
            fields={NUMBERS}
            values={form}
            errors={errors}
            onChange={(key, value) => change({ [key]: value })}
          />
        </div>
        <div className={`field${errors.allowedTypes ? ' field-invalid' : ''}`}>
          <label className="field-label" htmlFor={id}>
            {t('settings.files.allowedTypes')}
          </label>
          <textarea
            id={id}
            name="allowedTypes"
            className="input files-types"
            rows={4}
            value={form.allowedTypes}
            spellCheck={false}
            aria-invalid={errors.allowedTypes ? true : undefined}
            aria-describedby={fieldDescribedBy(id, typesHint, errors.allowedTypes)}
            onChange={(event) => change({ allowedTypes: event.target.value })}
          />
          <FieldMessages id={id} hint={typesHint} error={errors.allowedTypes} />
        </div>
        <FormFooter status={status} busy={busy} submitLabel={t('settings.files.submit')} unchanged={!dirty} />
      </form>
    </section>
  );
}
