import type { CallsSettingsView, E2eeMode, SettingsResponse } from '@parley/shared';
import { useRef, useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
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
  callRoomTypeOptions,
  callsFormFrom,
  callsPatch,
  moderatorOptions,
  type CallsForm,
} from './videoCallsForm';

/** The Prosody setting event_sync needs (configuration, the same in every language). */
const EVENT_SYNC_HEADERS = 'api_headers = { Authorization = "Bearer …" }';

export interface CallsSettingsFormProps {
  saved: CallsSettingsView;
  onSaved: (response: SettingsResponse) => void;
}

/** Administration → Video calls → Conference calls: where calls may start, ringing, limits, moderators. */
export function CallsSettingsForm({ saved, onSaved }: CallsSettingsFormProps) {
  const { t } = useTranslation();
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
      return t('settings.calls.saved');
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
        {t('settings.calls.title')}
      </h2>
      <form ref={formRef} className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
        <SelectField
          label={t('settings.calls.provider.label')}
          name="provider"
          value="jitsi"
          options={[{ value: 'jitsi', label: 'Jitsi' }]}
          onChange={() => undefined}
          hint={t('settings.calls.provider.hint')}
        />
        <CheckboxSet
          legend={t('settings.calls.enabledIn.legend')}
          options={callRoomTypeOptions()}
          value={form.enabledIn}
          onChange={(value) => set('enabledIn', value)}
        />
        <Switch
          label={t('settings.calls.ringing.label')}
          name="ringing"
          checked={form.ringing}
          onChange={(on) => set('ringing', on)}
          description={t('settings.calls.ringing.description')}
        />
        {form.ringing && (
          <div className="form-grid">
            <TextField
              label={t('settings.calls.ringTimeout.label')}
              {...number('ringTimeoutSeconds')}
              hint={t('settings.calls.ringTimeout.hint')}
            />
            <TextField
              label={t('settings.calls.ringMaxMembers.label')}
              {...number('ringMaxMembers')}
              hint={t('settings.calls.ringMaxMembers.hint')}
            />
          </div>
        )}
        <TextField
          label={t('settings.calls.maxDuration.label')}
          {...number('maxDurationMinutes')}
          hint={t('settings.calls.maxDuration.hint')}
        />
        <SelectField
          label={t('settings.calls.moderators.label')}
          name="moderators"
          value={form.moderators}
          options={moderatorOptions()}
          onChange={(event) =>
            set('moderators', event.target.value === 'caller' ? 'caller' : 'caller-and-room-moderators')
          }
          hint={t('settings.calls.moderators.hint')}
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
          <legend>{t('settings.calls.events.legend')}</legend>
          <p className="field-hint fieldset-intro">{t('settings.calls.events.intro')}</p>
          <SecretField
            label={t('settings.calls.events.eventSyncLabel')}
            state={saved.eventSyncSecret}
            change={form.eventSyncSecret}
            onChange={(change) => set('eventSyncSecret', change)}
            error={errors.eventSyncSecret}
            generate
            hint={
              <Trans
                i18nKey="settings.calls.events.eventSyncHint"
                values={{ url: `${origin}/api/v1/jitsi/events`, headers: EVENT_SYNC_HEADERS }}
                components={{ code: <code className="inline-code" /> }}
              />
            }
          />
          <SecretField
            label={t('settings.calls.events.jaasWebhookLabel')}
            state={saved.jaasWebhookSecret}
            change={form.jaasWebhookSecret}
            onChange={(change) => set('jaasWebhookSecret', change)}
            error={errors.jaasWebhookSecret}
            hint={
              <Trans
                i18nKey="settings.calls.events.jaasWebhookHint"
                values={{ url: `${origin}/api/v1/jitsi/jaas-webhook` }}
                components={{ code: <code className="inline-code" /> }}
              />
            }
          />
        </fieldset>
        <FormFooter status={status} busy={busy} submitLabel={t('settings.calls.submit')} unchanged={!dirty} />
      </form>
    </section>
  );
}

/** The calls patch with the encryption mode when it changed. */
function withE2ee(checked: ReturnType<typeof callsPatch>, e2ee: E2eeMode, saved: E2eeMode) {
  if (!checked.ok || e2ee === saved) return checked;
  return { ...checked, patch: { ...checked.patch, e2ee } };
}
