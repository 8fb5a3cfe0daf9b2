import { FilesSettingsSchema, type FilesSettings } from '@parley/shared';
import { useId, useRef, useState, type FormEvent } from 'react';
import { FieldMessages, fieldDescribedBy } from '../../components/FieldMessages';
import { FormFooter } from '../../components/FormFooter';
import { useDocumentTitle } from '../../components/PageHeader';
import { useSaveForm, validate, type FieldErrors } from '../../lib/forms';
import { NumberFields, typedNumber, type NumberSetting } from './NumberFields';
import { saveSection } from './saveSection';
import { SettingsSectionLoader } from './SettingsSectionLoader';

type NumberKey = 'maxUploadMb' | 'quotaMbPerPerson';

/** The bounds are the server's (files.ts). */
const NUMBERS: NumberSetting<NumberKey>[] = [
  {
    key: 'maxUploadMb',
    label: 'Largest file (MB)',
    hint: 'A bigger file is refused before it is stored. Default 25.',
    min: 1,
    max: 1024,
  },
  {
    key: 'quotaMbPerPerson',
    label: 'Storage per person (MB)',
    hint: 'What all of one person’s files may take together; 0 for no limit. Default 1024.',
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
  useDocumentTitle('Files');
  return (
    <SettingsSectionLoader section="files" label="Files">
      {(saved, onSaved) => <FilesForm saved={saved} onSaved={onSaved} />}
    </SettingsSectionLoader>
  );
}

function FilesForm({ saved, onSaved }: { saved: FilesSettings; onSaved: (settings: FilesSettings) => void }) {
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
              friendly[key] = `Use a whole number from ${field.min} to ${field.max.toLocaleString('en')}.`;
            } else if (key === 'allowedTypes' && values().allowedTypes.length === 0) {
              friendly.allowedTypes = 'Name at least one type; */* allows every file.';
            } else if (/^\d+$/.test(key) || key === 'allowedTypes') {
              const bad = values().allowedTypes[Number(key)];
              friendly.allowedTypes = bad
                ? `“${bad}” is not a media type. Use one such as image/* or application/pdf.`
                : message;
            }
          }
          return friendly;
        },
        patch,
        saved: (settings) => {
          setForm(formFrom(settings));
          onSaved(settings);
          return 'File settings saved. They apply to the next upload.';
        },
      },
    );
  };

  const typesHint = (
    <>
      One per line: a type such as <code>application/pdf</code>, a family such as <code>image/*</code>, or{' '}
      <code>*/*</code> for every file. Parley checks what a file really is, not its name; a file it cannot
      recognise is <code>application/octet-stream</code>.
    </>
  );
  return (
    <section className="card" aria-labelledby="admin-files">
      <h2 className="card-title" id="admin-files">
        Files
      </h2>
      <p className="card-description">
        What people may attach to messages. Images are re-encoded without their metadata (such as location);
        files other than images and PDFs are always downloaded, never opened in the browser.
      </p>
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
            Allowed types
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
        <FormFooter status={status} busy={busy} submitLabel="Save file settings" unchanged={!dirty} />
      </form>
    </section>
  );
}
