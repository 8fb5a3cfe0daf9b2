import type { JitsiSettingsView, SettingsResponse } from '@parley/shared';
import { useRef, useState, type FormEvent } from 'react';
import { useSaveForm } from '../../lib/forms';
import { adminApi } from './admin.api';
import { CheckboxSet } from './CheckboxSet';
import { FormFooter } from '../../components/FormFooter';
import { SelectField } from '../../components/SelectField';
import { Switch } from '../../components/Switch';
import { TextField } from '../../components/TextField';
import { SecretField } from './SecretField';
import { DEMO_LABEL, JAAS_FEATURES, jitsiFormFrom, jitsiPatch, type JitsiForm } from './videoCallsForm';

/** A problem with a switch, shown under it like a text field's error. */
export function FieldProblem({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <p className="field-error switch-error">
      <span aria-hidden="true">⚠ </span>
      {message}
    </p>
  );
}

type TextKey =
  | 'domain'
  | 'titlePrefix'
  | 'titleSuffix'
  | 'chromeExtensionId'
  | 'appId'
  | 'jaasApiKeyId'
  | 'tokenAudience'
  | 'tokenExpiration'
  | 'tokenSubject';

export interface JitsiSettingsFormProps {
  saved: JitsiSettingsView;
  /** What the server says stops calls from working, by field. */
  problems: Record<string, string>;
  onSaved: (response: SettingsResponse) => void;
}

/** The Jitsi settings with the Rocket.Chat app's labels and help; fields appear only when they apply. */
export function JitsiSettingsForm({ saved, problems, onSaved }: JitsiSettingsFormProps) {
  const formRef = useRef<HTMLFormElement>(null);
  const [form, setForm] = useState<JitsiForm>(() => jitsiFormFrom(saved));
  const { errors, setErrors, status, busy, save, clearSaved } = useSaveForm(formRef);

  const patch = jitsiPatch(form, saved);
  const dirty = Object.keys(patch).length > 0;
  const set = <K extends keyof JitsiForm>(key: K, value: JitsiForm[K]) => {
    setForm((current) => ({ ...current, [key]: value }));
    clearSaved();
    // A save's complaint is about what was sent: editing the field answers it (the next save checks again).
    const field = key === 'server' ? 'domain' : key;
    setErrors((current) => {
      if (!(field in current)) return current;
      const rest = { ...current };
      delete rest[field];
      return rest;
    });
  };
  /**
   * A save's complaint about the field first, else what the stored settings get wrong there, unless
   * the field was edited since (then it no longer says anything about what is in the field).
   */
  const problem = (field: string) => errors[field] ?? (field in patch ? undefined : problems[field]);
  const text = (key: TextKey) => ({
    name: key,
    value: form[key],
    error: problem(key),
    onChange: (event: { target: { value: string } }) => set(key, event.target.value),
  });

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!dirty) return;
    await save(async () => {
      const response = await adminApi.patchSettings({ jitsi: patch });
      setForm(jitsiFormFrom(response.settings.jitsi));
      onSaved(response);
      return 'Jitsi settings saved.';
    });
  };

  const tokens = form.useAuthToken;
  const jaas = form.useJaas;

  return (
    <section className="card" aria-labelledby="admin-jitsi">
      <h2 className="card-title" id="admin-jitsi">
        Jitsi
      </h2>
      <p className="card-description">
        The Jitsi Meet server calls run on: your own (docker-jitsi-meet), or 8x8’s Jitsi as a Service (JaaS).
      </p>
      <form ref={formRef} className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
        <fieldset className="fieldset">
          <legend>Server</legend>
          <Switch
            label="Use JaaS (8x8)"
            name="useJaas"
            checked={jaas}
            onChange={(on) => {
              set('useJaas', on);
              // JaaS admits nobody without a token.
              if (on) set('useAuthToken', true);
            }}
            description={
              <>
                The provided URL is obtained from a JaaS provider like 8x8. With JaaS, calls run on 8x8.vc
                with your JaaS App ID, API key and private key.
              </>
            }
          />
          <FieldProblem message={problem('useJaas')} />
          {!jaas && (
            <SelectField
              label="Jitsi server"
              name="server"
              value={form.server}
              options={[
                { value: 'own', label: 'My own Jitsi server' },
                { value: 'demo', label: DEMO_LABEL },
              ]}
              onChange={(event) => set('server', event.target.value === 'demo' ? 'demo' : 'own')}
              hint={
                form.server === 'demo'
                  ? 'For trying Parley out only: meet.jit.si asks everyone to sign in and ends embedded calls after 5 minutes.'
                  : undefined
              }
            />
          )}
          {(jaas || form.server === 'own') && (
            <TextField
              label="Domain"
              {...text('domain')}
              placeholder="meet.example.com"
              autoComplete="off"
              spellCheck={false}
              hint={
                jaas
                  ? 'Not used with JaaS: calls run on 8x8.vc.'
                  : 'Your Jitsi URL without https://, for example meet.example.com (or meet.example.com/tenant).'
              }
            />
          )}
          {form.server === 'demo' && !jaas && <FieldProblem message={problem('domain')} />}
          {!jaas && (
            <Switch
              label="Use SSL"
              name="useSsl"
              checked={form.useSsl}
              onChange={(on) => set('useSsl', on)}
              description="Determines if the call URL uses https or http. Enable this option to use https."
            />
          )}
          <div className="form-grid">
            <TextField
              label="Title prefix"
              {...text('titlePrefix')}
              maxLength={64}
              hint={
                <>
                  Text that is added before the title when identifying a conference call URL, e.g.{' '}
                  <code className="inline-code">https://meet.example.com/Parley5f2a…</code>: shown in the URL
                  and the call name.
                </>
              }
            />
            <TextField
              label="Title suffix"
              {...text('titleSuffix')}
              maxLength={64}
              hint="Text that is added after the title when identifying a conference call."
            />
          </div>
          <TextField
            label="Chrome Extension Id"
            {...text('chromeExtensionId')}
            autoComplete="off"
            spellCheck={false}
            hint="Enter the ID of an extension from Chrome's extension list. If the specified extension is installed on your browser, it is used to render the call instead of Jitsi's standard web interface."
          />
        </fieldset>

        <fieldset className="fieldset">
          <legend>Authentication</legend>
          <Switch
            label="Use Authentication Token"
            name="useAuthToken"
            checked={tokens}
            onChange={(on) => set('useAuthToken', on)}
            description="When enabled, Parley will generate a JWT token. You may configure Jitsi to require user authentication before allowing access to the calls. This authentication token is generated based on the rest of the parameters in this section, and the values for them must match the parameters configured in Jitsi."
          />
          <FieldProblem message={problem('useAuthToken')} />
          {tokens && (
            <>
              <TextField
                label="Application ID (iss)"
                {...text('appId')}
                autoComplete="off"
                spellCheck={false}
                hint={
                  jaas
                    ? 'Your JaaS App ID from the JaaS console (it starts with vpaas-magic-cookie-).'
                    : 'The app ID to use when generating authentication tokens (JWT_APP_ID in docker-jitsi-meet).'
                }
              />
              {!jaas && (
                <SecretField
                  label="Application Secret"
                  state={saved.appSecret}
                  change={form.appSecret}
                  onChange={(change) => set('appSecret', change)}
                  error={problem('appSecret')}
                  generate
                  hint="The app secret to use when generating authentication tokens (JWT_APP_SECRET in docker-jitsi-meet; at least 32 random bytes)."
                />
              )}
              {jaas && (
                <>
                  <SecretField
                    label="The private key you downloaded in BASE64 encoded format"
                    state={saved.jaasPrivateKey}
                    change={form.jaasPrivateKey}
                    onChange={(change) => set('jaasPrivateKey', change)}
                    error={problem('jaasPrivateKey')}
                    multiline
                    hint={
                      <>
                        Must be in base64 format to preserve the format, use{' '}
                        <code className="inline-code">base64 -i &quot;.pk file&quot;</code> to get the base64
                        string. A pasted PEM is accepted too.
                      </>
                    }
                  />
                  <TextField
                    label="8x8 API key id"
                    {...text('jaasApiKeyId')}
                    autoComplete="off"
                    spellCheck={false}
                    hint="The API key ID you get from 8x8 (App ID/key id)."
                  />
                  <CheckboxSet
                    legend="JaaS features in tokens"
                    options={JAAS_FEATURES}
                    value={form.jaasFeatures}
                    onChange={(value) => set('jaasFeatures', value)}
                  />
                </>
              )}
              <Switch
                label="Limit token to Jitsi Room"
                name="limitTokenToRoom"
                checked={form.limitTokenToRoom}
                onChange={(on) => set('limitTokenToRoom', on)}
                description="If enabled, generated tokens will grant access only to the intended Jitsi room."
              />
              <div className="form-grid">
                {!jaas && (
                  <TextField
                    label="Token audience"
                    {...text('tokenAudience')}
                    autoComplete="off"
                    spellCheck={false}
                    hint="The audience (aud) to use when generating authentication tokens; one of JWT_ACCEPTED_AUDIENCES."
                  />
                )}
                <TextField
                  label="Token expiration"
                  {...text('tokenExpiration')}
                  autoComplete="off"
                  spellCheck={false}
                  hint="The expiring time of the authentication tokens: seconds, or 30m, 2h, 1d (1 minute to 7 days)."
                />
              </div>
              {!jaas && (
                <TextField
                  label="Token subject (sub)"
                  {...text('tokenSubject')}
                  autoComplete="off"
                  spellCheck={false}
                  placeholder="(the domain's host or tenant)"
                  hint="Leave empty to use the domain's host name (or its tenant), what a Debian install verifies. On docker-jitsi-meet, set it to XMPP_DOMAIN (meet.jitsi) to use JWT_ENABLE_DOMAIN_VERIFICATION."
                />
              )}
              <Switch
                label="Share email addresses in tokens"
                name="shareEmail"
                checked={form.shareEmail}
                onChange={(on) => set('shareEmail', on)}
                description="Puts each person's email into the token (context.user.email). Off: Jitsi sees names and avatars only."
              />
            </>
          )}
        </fieldset>
        <FormFooter status={status} busy={busy} submitLabel="Save Jitsi settings" unchanged={!dirty} />
      </form>
    </section>
  );
}
