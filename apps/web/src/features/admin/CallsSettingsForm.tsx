import type { CallsSettingsView, E2eeMode, SettingsResponse } from '@parley/shared';
import { useRef, useState, type FormEvent } from 'react';
import { useSaveForm } from '../../lib/forms';
import { adminApi } from './admin.api';
import { CheckboxSet } from './CheckboxSet';
import { FormFooter } from '../../components/FormFooter';
import { SelectField } from '../../components/SelectField';
import { Switch } from '../../components/Switch';
import { TextField } from '../../components/TextField';
import { E2eeModeField } from './E2eeModeField';
import { SecretField } from './SecretField';
import {
  CALL_NUMBERS,
  CALL_ROOM_TYPES,
  MODERATOR_OPTIONS,
  callsFormFrom,
  callsPatch,
  type CallsForm,
} from './videoCallsForm';

export interface CallsSettingsFormProps {
  saved: CallsSettingsView;
  onSaved: (response: SettingsResponse) => void;
}

/** Administration → Video calls → Conference calls: where calls may start, ringing, limits, moderators. */
export function CallsSettingsForm({ saved, onSaved }: CallsSettingsFormProps) {
  const formRef = useRef<HTMLFormElement>(null);
  const [form, setForm] = useState<CallsForm>(() => callsFormFrom(saved));
  const { errors, status, busy, save, reject, clearSaved } = useSaveForm(formRef);

  // Encryption is kept beside the form the other call settings share with the page's helpers.
  const [e2ee, setE2ee] = useState<E2eeMode>(saved.e2ee);
  const checked = withE2ee(callsPatch(form, saved), e2ee, saved.e2ee);
  // Numbers out of range count as changes: saving then says what is wrong.
  const dirty = !checked.ok || Object.keys(checked.patch).length > 0;
  const set = <K extends keyof CallsForm>(key: K, value: CallsForm[K]) => {
    setForm((current) => ({ ...current, [key]: value }));
    clearSaved();
  };
  const origin = typeof window === 'undefined' ? 'https://parley.example' : window.location.origin;

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!checked.ok) {
      reject(checked.errors);
      return;
    }
    if (Object.keys(checked.patch).length === 0) return;
    const patch = checked.patch;
    await save(async () => {
      const response = await adminApi.patchSettings({ calls: patch });
      setForm(callsFormFrom(response.settings.calls));
      setE2ee(response.settings.calls.e2ee);
      onSaved(response);
      return 'Conference call settings saved.';
    });
  };

  const number = (key: keyof typeof CALL_NUMBERS) => ({
    name: key,
    type: 'number',
    inputMode: 'numeric' as const,
    min: CALL_NUMBERS[key].min,
    max: CALL_NUMBERS[key].max,
    value: form[key],
    error: errors[key],
    onChange: (event: { target: { value: string } }) => set(key, event.target.value),
  });

  return (
    <section className="card" aria-labelledby="admin-conference-calls">
      <h2 className="card-title" id="admin-conference-calls">
        Conference calls
      </h2>
      <form ref={formRef} className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
        <SelectField
          label="Default provider"
          name="provider"
          value="jitsi"
          options={[{ value: 'jitsi', label: 'Jitsi' }]}
          onChange={() => undefined}
          hint="Calls started from the room header or with /jitsi use this provider."
        />
        <CheckboxSet
          legend="Calls are possible in"
          options={CALL_ROOM_TYPES}
          value={form.enabledIn}
          onChange={(value) => set('enabledIn', value)}
        />
        <Switch
          label="Ring people when a call starts"
          name="ringing"
          checked={form.ringing}
          onChange={(on) => set('ringing', on)}
          description="Everyone called sees an incoming-call dialog and hears a ring on every device, until one device answers or the call times out."
        />
        {form.ringing && (
          <div className="form-grid">
            <TextField
              label="Ring timeout (seconds)"
              {...number('ringTimeoutSeconds')}
              hint="After this, the call counts as missed for those who did not answer. Default 30."
            />
            <TextField
              label="Ring only in rooms up to (members)"
              {...number('ringMaxMembers')}
              hint="Calls in bigger rooms start without ringing anyone. Default 10."
            />
          </div>
        )}
        <TextField
          label="Maximum call length (minutes)"
          {...number('maxDurationMinutes')}
          hint="A call still going after this is ended by the server, so none stays “ongoing” for a day. Default 240 (4 hours)."
        />
        <SelectField
          label="Moderators"
          name="moderators"
          value={form.moderators}
          options={MODERATOR_OPTIONS}
          onChange={(event) =>
            set('moderators', event.target.value === 'caller' ? 'caller' : 'caller-and-room-moderators')
          }
          hint="Who is a moderator in Jitsi (can mute, remove people and end the meeting for all). Everyone else joins as a participant."
        />
        <E2eeModeField
          what="calls"
          value={e2ee}
          error={errors.e2ee}
          onChange={(mode) => {
            setE2ee(mode);
            clearSaved();
          }}
        />
        <fieldset className="fieldset">
          <legend>Jitsi → Parley events</legend>
          <p className="field-hint fieldset-intro">
            With these, Jitsi itself tells Parley who joined and when a meeting ended, instead of relying on
            the browsers’ reports. How to turn them on: docs/jitsi.md, “Jitsi → Parley events”.
          </p>
          <SecretField
            label="event_sync secret"
            state={saved.eventSyncSecret}
            change={form.eventSyncSecret}
            onChange={(change) => set('eventSyncSecret', change)}
            error={errors.eventSyncSecret}
            generate
            hint={
              <>
                Self-hosted Jitsi: the bearer token the jitsi-contrib{' '}
                <code className="inline-code">event_sync</code> Prosody module sends to{' '}
                <code className="inline-code">{origin}/api/v1/jitsi/events</code> (
                <code className="inline-code">
                  api_headers = {'{'} Authorization = &quot;Bearer …&quot; {'}'}
                </code>
                ). Not set: that endpoint refuses everything. See docs/jitsi.md.
              </>
            }
          />
          <SecretField
            label="JaaS webhook secret"
            state={saved.jaasWebhookSecret}
            change={form.jaasWebhookSecret}
            onChange={(change) => set('jaasWebhookSecret', change)}
            error={errors.jaasWebhookSecret}
            hint={
              <>
                JaaS: in the JaaS console → Webhooks, add{' '}
                <code className="inline-code">{origin}/api/v1/jitsi/jaas-webhook</code>, then paste what
                “Reveal secret” shows. Parley checks each delivery’s signature with it. See docs/jitsi.md.
              </>
            }
          />
        </fieldset>
        <FormFooter status={status} busy={busy} submitLabel="Save call settings" unchanged={!dirty} />
      </form>
    </section>
  );
}

/** The calls patch with the encryption mode when it changed. */
function withE2ee(checked: ReturnType<typeof callsPatch>, e2ee: E2eeMode, saved: E2eeMode) {
  if (!checked.ok || e2ee === saved) return checked;
  return { ...checked, patch: { ...checked.patch, e2ee } };
}
