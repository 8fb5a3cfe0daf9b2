import {
  SecuritySettingsSchema,
  type AdminUser,
  type RequireMfa,
  type SecuritySettings,
} from '@parley/shared';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useStepUp } from '../../auth/StepUp';
import { CheckboxField } from '../../components/CheckboxField';
import { FormFooter } from '../../components/FormFooter';
import { SelectField } from '../../components/SelectField';
import { Switch } from '../../components/Switch';
import { TextField } from '../../components/TextField';
import { useSaveForm, validate } from '../../lib/forms';
import { useLoad } from '../../lib/useLoad';
import { adminApi } from './admin.api';
import { typedNumber } from './NumberFields';

const REQUIRE_CHOICES: readonly RequireMfa[] = ['none', 'admins', 'staff', 'everyone'];

interface Form {
  requireMfa: RequireMfa;
  mfaGraceDays: string;
  passwordSignIn: boolean;
  breakGlassAdmins: string[];
}

const formFrom = (s: SecuritySettings): Form => ({ ...s, mfaGraceDays: String(s.mfaGraceDays) });

/** Who must have a second factor, and whether passwords still sign people in. */
export function SecuritySettingsForm({
  saved,
  onSaved,
}: {
  saved: SecuritySettings;
  onSaved: (settings: SecuritySettings) => void;
}) {
  const { t } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  const [form, setForm] = useState(() => formFrom(saved));
  const { errors, status, busy, save, reject, clearSaved } = useSaveForm(formRef);
  const stepUp = useStepUp();
  const admins = useLoad(
    async (signal) => (await adminApi.users(signal)).filter((u: AdminUser) => u.role === 'admin' && u.active),
    [],
  );

  const change = (patch: Partial<Form>) => {
    setForm((f) => ({ ...f, ...patch }));
    clearSaved();
  };
  const values = (): SecuritySettings => ({ ...form, mfaGraceDays: typedNumber(form.mfaGraceDays) });
  const patch = (): Partial<SecuritySettings> => {
    const v = values();
    const changed: Partial<SecuritySettings> = {};
    if (v.requireMfa !== saved.requireMfa) changed.requireMfa = v.requireMfa;
    if (v.mfaGraceDays !== saved.mfaGraceDays) changed.mfaGraceDays = v.mfaGraceDays;
    if (v.passwordSignIn !== saved.passwordSignIn) changed.passwordSignIn = v.passwordSignIn;
    if ([...v.breakGlassAdmins].sort().join() !== [...saved.breakGlassAdmins].sort().join()) {
      changed.breakGlassAdmins = v.breakGlassAdmins;
    }
    return changed;
  };
  const dirty = Object.keys(patch()).length > 0;

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const checked = validate(SecuritySettingsSchema, values());
    if (!checked.ok) {
      reject({
        ...checked.errors,
        ...(checked.errors.mfaGraceDays ? { mfaGraceDays: t('settings.security.graceDays.invalid') } : {}),
      });
      return;
    }
    const changes = patch();
    if (Object.keys(changes).length === 0) return;
    await save(async () => {
      const settings = await stepUp.guard(() => adminApi.patchSettings({ security: changes }));
      setForm(formFrom(settings.settings.security));
      onSaved(settings.settings.security);
      return t('settings.security.saved');
    });
  };

  const toggleAdmin = (username: string, on: boolean) =>
    change({
      breakGlassAdmins: on
        ? [...form.breakGlassAdmins, username]
        : form.breakGlassAdmins.filter((u) => u !== username),
    });

  return (
    <section className="card" aria-labelledby="admin-security">
      <h2 className="card-title" id="admin-security">
        {t('settings.security.title')}
      </h2>
      {stepUp.dialog}
      <form ref={formRef} className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
        <div className="form-grid">
          <SelectField
            label={t('settings.security.requireMfa.label')}
            name="requireMfa"
            value={form.requireMfa}
            options={REQUIRE_CHOICES.map((value) => ({
              value,
              label: t(`settings.security.requireMfa.${value}`),
            }))}
            error={errors.requireMfa}
            hint={t('settings.security.requireMfa.hint')}
            onChange={(event) => change({ requireMfa: event.target.value as RequireMfa })}
          />
          <TextField
            label={t('settings.security.graceDays.label')}
            name="mfaGraceDays"
            type="number"
            inputMode="numeric"
            min={0}
            max={30}
            value={form.mfaGraceDays}
            error={errors.mfaGraceDays}
            hint={t('settings.security.graceDays.hint')}
            onChange={(event) => change({ mfaGraceDays: event.target.value })}
          />
        </div>
        <Switch
          label={t('settings.security.passwordSignIn.label')}
          description={t('settings.security.passwordSignIn.description')}
          checked={form.passwordSignIn}
          onChange={(on) => change({ passwordSignIn: on })}
        />
        <fieldset className="scope-fieldset">
          <legend>{t('settings.security.breakGlass.legend')}</legend>
          {admins.status === 'loading' && (
            <p className="field-hint">{t('settings.security.breakGlass.loading')}</p>
          )}
          {admins.status === 'error' && (
            <p className="field-error" role="alert">
              {t('settings.security.breakGlass.loadFailed', { message: admins.message })}
            </p>
          )}
          {admins.status === 'ready' &&
            admins.data.map((admin) => (
              <CheckboxField
                key={admin.id}
                label={t('settings.security.breakGlass.person', {
                  name: admin.displayName,
                  username: admin.username,
                })}
                checked={form.breakGlassAdmins.includes(admin.username)}
                onChange={(on) => toggleAdmin(admin.username, on)}
              />
            ))}
          {errors.breakGlassAdmins && <p className="field-error">{errors.breakGlassAdmins}</p>}
        </fieldset>
        <FormFooter
          status={status}
          busy={busy}
          submitLabel={t('settings.security.submit')}
          unchanged={!dirty}
        />
      </form>
    </section>
  );
}
