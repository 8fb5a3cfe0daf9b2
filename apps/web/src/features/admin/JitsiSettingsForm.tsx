import type { JitsiSettingsView, SettingsResponse } from '@parley/shared';
import { useRef, useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useSaveForm } from '../../lib/forms';
import { adminApi } from './admin.api';
import { withKeptSecrets } from './jitsiProblemText';
import { CheckboxSet } from './CheckboxSet';
import { FormFooter } from '../../components/FormFooter';
import { SelectField } from '../../components/SelectField';
import { Switch } from '../../components/Switch';
import { TextField } from '../../components/TextField';
import { SecretField } from './SecretField';
import { demoLabel, jaasFeatureOptions, jitsiFormFrom, jitsiPatch, type JitsiForm } from './videoCallsForm';

/** The placeholder of the Domain field: a host name, the same in every language. */
const DOMAIN_EXAMPLE = 'meet.example.com';

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
  const { t } = useTranslation();
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
    await save(
      async () => {
        const response = await adminApi.patchSettings({ jitsi: patch });
        setForm(jitsiFormFrom(response.settings.jitsi));
        onSaved(response);
        return t('settings.jitsi.saved');
      },
      (error, failure) => withKeptSecrets(error, failure, t),
    );
  };

  const tokens = form.useAuthToken;
  const jaas = form.useJaas;

  return (
    <section className="card" aria-labelledby="admin-jitsi">
      <h2 className="card-title" id="admin-jitsi">
        {t('settings.jitsi.title')}
      </h2>
      <p className="card-description">{t('settings.jitsi.description')}</p>
      <form ref={formRef} className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
        <fieldset className="fieldset">
          <legend>{t('settings.jitsi.server.legend')}</legend>
          <Switch
            label={t('settings.jitsi.useJaas.label')}
            name="useJaas"
            checked={jaas}
            onChange={(on) => {
              set('useJaas', on);
              // JaaS admits nobody without a token.
              if (on) set('useAuthToken', true);
            }}
            description={t('settings.jitsi.useJaas.description')}
          />
          <FieldProblem message={problem('useJaas')} />
          {!jaas && (
            <SelectField
              label={t('settings.jitsi.server.label')}
              name="server"
              value={form.server}
              options={[
                { value: 'own', label: t('settings.jitsi.server.own') },
                { value: 'demo', label: demoLabel() },
              ]}
              onChange={(event) => set('server', event.target.value === 'demo' ? 'demo' : 'own')}
              hint={form.server === 'demo' ? t('settings.jitsi.server.demoHint') : undefined}
            />
          )}
          {(jaas || form.server === 'own') && (
            <TextField
              label={t('settings.jitsi.domain.label')}
              {...text('domain')}
              placeholder={DOMAIN_EXAMPLE}
              autoComplete="off"
              spellCheck={false}
              hint={jaas ? t('settings.jitsi.domain.hintJaas') : t('settings.jitsi.domain.hint')}
            />
          )}
          {form.server === 'demo' && !jaas && <FieldProblem message={problem('domain')} />}
          {!jaas && (
            <Switch
              label={t('settings.jitsi.useSsl.label')}
              name="useSsl"
              checked={form.useSsl}
              onChange={(on) => set('useSsl', on)}
              description={t('settings.jitsi.useSsl.description')}
            />
          )}
          <div className="form-grid">
            <TextField
              label={t('settings.jitsi.titlePrefix.label')}
              {...text('titlePrefix')}
              maxLength={64}
              hint={
                <Trans
                  i18nKey="settings.jitsi.titlePrefix.hint"
                  values={{ example: 'https://meet.example.com/Parley5f2a…' }}
                  components={{ code: <code className="inline-code" /> }}
                />
              }
            />
            <TextField
              label={t('settings.jitsi.titleSuffix.label')}
              {...text('titleSuffix')}
              maxLength={64}
              hint={t('settings.jitsi.titleSuffix.hint')}
            />
          </div>
          <TextField
            label={t('settings.jitsi.chromeExtensionId.label')}
            {...text('chromeExtensionId')}
            autoComplete="off"
            spellCheck={false}
            hint={t('settings.jitsi.chromeExtensionId.hint')}
          />
        </fieldset>

        <fieldset className="fieldset">
          <legend>{t('settings.jitsi.auth.legend')}</legend>
          <Switch
            label={t('settings.jitsi.useAuthToken.label')}
            name="useAuthToken"
            checked={tokens}
            onChange={(on) => set('useAuthToken', on)}
            description={t('settings.jitsi.useAuthToken.description')}
          />
          <FieldProblem message={problem('useAuthToken')} />
          {tokens && (
            <>
              <TextField
                label={t('settings.jitsi.appId.label')}
                {...text('appId')}
                autoComplete="off"
                spellCheck={false}
                hint={jaas ? t('settings.jitsi.appId.hintJaas') : t('settings.jitsi.appId.hint')}
              />
              {!jaas && (
                <SecretField
                  label={t('settings.jitsi.appSecret.label')}
                  state={saved.appSecret}
                  change={form.appSecret}
                  onChange={(change) => set('appSecret', change)}
                  error={problem('appSecret')}
                  generate
                  hint={t('settings.jitsi.appSecret.hint')}
                />
              )}
              {jaas && (
                <>
                  <SecretField
                    label={t('settings.jitsi.jaasPrivateKey.label')}
                    state={saved.jaasPrivateKey}
                    change={form.jaasPrivateKey}
                    onChange={(change) => set('jaasPrivateKey', change)}
                    error={problem('jaasPrivateKey')}
                    multiline
                    hint={
                      <Trans
                        i18nKey="settings.jitsi.jaasPrivateKey.hint"
                        values={{ command: 'base64 -i ".pk file"' }}
                        components={{ code: <code className="inline-code" /> }}
                      />
                    }
                  />
                  <TextField
                    label={t('settings.jitsi.jaasApiKeyId.label')}
                    {...text('jaasApiKeyId')}
                    autoComplete="off"
                    spellCheck={false}
                    hint={t('settings.jitsi.jaasApiKeyId.hint')}
                  />
                  <CheckboxSet
                    legend={t('settings.jitsi.jaasFeatures.legend')}
                    options={jaasFeatureOptions()}
                    value={form.jaasFeatures}
                    onChange={(value) => set('jaasFeatures', value)}
                  />
                </>
              )}
              <Switch
                label={t('settings.jitsi.limitTokenToRoom.label')}
                name="limitTokenToRoom"
                checked={form.limitTokenToRoom}
                onChange={(on) => set('limitTokenToRoom', on)}
                description={t('settings.jitsi.limitTokenToRoom.description')}
              />
              <div className="form-grid">
                {!jaas && (
                  <TextField
                    label={t('settings.jitsi.tokenAudience.label')}
                    {...text('tokenAudience')}
                    autoComplete="off"
                    spellCheck={false}
                    hint={t('settings.jitsi.tokenAudience.hint')}
                  />
                )}
                <TextField
                  label={t('settings.jitsi.tokenExpiration.label')}
                  {...text('tokenExpiration')}
                  autoComplete="off"
                  spellCheck={false}
                  hint={t('settings.jitsi.tokenExpiration.hint')}
                />
              </div>
              {!jaas && (
                <TextField
                  label={t('settings.jitsi.tokenSubject.label')}
                  {...text('tokenSubject')}
                  autoComplete="off"
                  spellCheck={false}
                  placeholder={t('settings.jitsi.tokenSubject.placeholder')}
                  hint={t('settings.jitsi.tokenSubject.hint')}
                />
              )}
              <Switch
                label={t('settings.jitsi.shareEmail.label')}
                name="shareEmail"
                checked={form.shareEmail}
                onChange={(on) => set('shareEmail', on)}
                description={t('settings.jitsi.shareEmail.description')}
              />
            </>
          )}
        </fieldset>
        <FormFooter status={status} busy={busy} submitLabel={t('settings.jitsi.submit')} unchanged={!dirty} />
      </form>
    </section>
  );
}
