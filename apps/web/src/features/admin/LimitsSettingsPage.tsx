import { LimitsSettingsSchema, type LimitsSettings } from '@parley/shared';
import { useRef, useState, type FormEvent } from 'react';
import { FormFooter } from '../../components/FormFooter';
import { useDocumentTitle } from '../../components/PageHeader';
import { useSaveForm, validate, type FieldErrors } from '../../lib/forms';
import { NumberFields, typedNumber, type NumberSetting } from './NumberFields';
import { saveSection } from './saveSection';
import { SettingsSectionLoader } from './SettingsSectionLoader';

type Key = keyof LimitsSettings;

/** Every limit, in the order the page shows them; the bounds are the server's (settings.ts). */
const FIELDS: NumberSetting<Key>[] = [
  {
    key: 'messagesPerMinute',
    label: 'Messages per minute',
    hint: 'Messages and slash commands one person sends. Default 60.',
    min: 1,
    max: 100_000,
  },
  {
    key: 'messageChangesPerMinute',
    label: 'Edits and deletions per minute',
    hint: 'Default 60.',
    min: 1,
    max: 100_000,
  },
  {
    key: 'typingPerMinute',
    label: 'Typing signals per minute',
    hint: '“Typing” and “stopped typing”; more are not passed on. Default 120.',
    min: 1,
    max: 100_000,
  },
  {
    key: 'presenceChangesPerMinute',
    label: 'Presence changes per minute',
    hint: 'Online and away; more are not passed on. Default 30.',
    min: 1,
    max: 100_000,
  },
  {
    key: 'readMarksPerMinute',
    label: 'Read markers per minute',
    hint: 'Default 300.',
    min: 1,
    max: 100_000,
  },
  {
    key: 'roomsPerHour',
    label: 'Rooms created per hour',
    hint: 'Channels, private channels, teams, discussions and direct messages. Default 60.',
    min: 1,
    max: 100_000,
  },
  {
    key: 'membersAddedPerHour',
    label: 'People added to rooms per hour',
    hint: 'When creating a room and later. Default 500.',
    min: 1,
    max: 1_000_000,
  },
  {
    key: 'roomChangesPerMinute',
    label: 'Room changes per minute',
    hint: 'Renaming, topics, archiving, joining, leaving, roles and removals. Default 60.',
    min: 1,
    max: 100_000,
  },
  {
    key: 'profileChangesPerHour',
    label: 'Profile changes per hour',
    hint: 'Name, email and avatar changes. Default 60.',
    min: 1,
    max: 100_000,
  },
  {
    key: 'uploadsPerHour',
    label: 'File uploads per hour',
    hint: 'Files attached to messages. Default 200.',
    min: 1,
    max: 100_000,
  },
  {
    key: 'reactionsPerMinute',
    label: 'Reactions per minute',
    hint: 'Emoji reactions added or removed. Default 120.',
    min: 1,
    max: 100_000,
  },
  {
    key: 'searchesPerMinute',
    label: 'Searches per minute',
    hint: 'Message searches. Default 60.',
    min: 1,
    max: 100_000,
  },
  {
    key: 'threadChangesPerMinute',
    label: 'Thread changes per minute',
    hint: 'Following, unfollowing and marking threads read. Default 300.',
    min: 1,
    max: 100_000,
  },
  {
    key: 'ringsOfOnePersonPer10Minutes',
    label: 'Rings of the same person per 10 minutes',
    hint: 'By one caller. A call past this still starts, but does not ring them. Default 5.',
    min: 1,
    max: 1000,
  },
  {
    key: 'ringAfterDeclineSeconds',
    label: 'After a declined call, no ring from that caller for (seconds)',
    hint: 'Default 120; 0 turns it off.',
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
  useDocumentTitle('Limits');
  return (
    <SettingsSectionLoader section="limits" label="Limits">
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
              friendly[key] = `Use a whole number from ${field.min} to ${field.max.toLocaleString('en')}.`;
            }
          }
          return friendly;
        },
        patch,
        saved: (settings) => {
          setForm(formFrom(settings));
          onSaved(settings);
          return 'Limits saved. They apply at once.';
        },
      },
    );
  };

  return (
    <section className="card" aria-labelledby="admin-limits">
      <h2 className="card-title" id="admin-limits">
        Limits
      </h2>
      <p className="card-description">
        What one person may do in a minute or an hour, counted on every server together. Past a limit they are
        asked to wait; normal use stays well below these numbers.
      </p>
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
        <FormFooter status={status} busy={busy} submitLabel="Save limits" unchanged={!dirty} />
      </form>
    </section>
  );
}
