import {
  GROUP_ROLES,
  IdentityProviderCreateRequestSchema,
  IdentityProviderUpdateRequestSchema,
  type GroupRole,
  type IdentityProvider,
} from '@parley/shared';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { StepUp } from '../../auth/StepUp';
import { Button } from '../../components/Button';
import { CheckboxField } from '../../components/CheckboxField';
import { FormFooter } from '../../components/FormFooter';
import { Icon } from '../../components/Icon';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { t as translate } from '../../i18n';
import { useSaveForm, type FieldErrors } from '../../lib/forms';
import { formFromProvider, NEW_PROVIDER, requestFromForm, type ProviderForm } from './providerForm';
import { SecretField } from './SecretField';
import { signInApi } from './signIn.api';

const roleOptions = (): { value: GroupRole; label: string }[] =>
  GROUP_ROLES.map((role) => ({
    value: role,
    label: translate(
      role === 'admin'
        ? 'settings.idp.form.roleAdmin'
        : role === 'provider'
          ? 'settings.idp.form.roleProvider'
          : 'settings.idp.form.roleMember',
    ),
  }));

/** Examples in the Issuer URL and e-mail domains fields: addresses, the same in every language. */
const ISSUER_EXAMPLE = 'https://login.example.org/realms/staff';
const DOMAIN_EXAMPLE = 'example.org';

/** The form's plain text fields. */
type TextKey = {
  [K in keyof ProviderForm]: ProviderForm[K] extends string ? K : never;
}[keyof ProviderForm];

/** What the shared schema finds wrong, keyed by the form's fields (a list's problem by the list). */
function problems(request: ReturnType<typeof requestFromForm>, creating: boolean): FieldErrors {
  const schema = creating ? IdentityProviderCreateRequestSchema : IdentityProviderUpdateRequestSchema;
  const result = schema.safeParse(request);
  const found: FieldErrors = {};
  if (result.success) return found;
  for (const issue of result.error.issues) {
    const [first, second] = issue.path;
    const key = first === 'claims' ? String(second) : first === 'clientSecret' ? 'secret' : String(first);
    found[key] ??= key === 'secret' ? translate('settings.idp.form.secretMissing') : issue.message;
  }
  return found;
}

/** Adding (no `provider`) or editing an identity provider; `onSaved` gets what the server kept. */
export function IdentityProviderForm({
  provider,
  stepUp,
  onSaved,
  onCancel,
}: {
  provider: IdentityProvider | null;
  stepUp: StepUp;
  onSaved: (provider: IdentityProvider) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  const [form, setForm] = useState<ProviderForm>(() =>
    provider ? formFromProvider(provider) : NEW_PROVIDER,
  );
  const { errors, status, busy, save, reject } = useSaveForm(formRef);
  const change = (patch: Partial<ProviderForm>) => setForm((f) => ({ ...f, ...patch }));
  const text = (key: TextKey) => ({
    name: key,
    value: form[key],
    error: errors[key],
    onChange: (event: { target: { value: string } }) => change({ [key]: event.target.value }),
  });
  const setRow = (index: number, row: Partial<ProviderForm['groupRoles'][number]>) =>
    change({ groupRoles: form.groupRoles.map((r, i) => (i === index ? { ...r, ...row } : r)) });

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const request = requestFromForm(form);
    const found = problems(request, provider === null);
    if (Object.keys(found).length > 0) {
      reject(found);
      return;
    }
    await save(async () => {
      const saved = await stepUp.guard(() =>
        provider
          ? signInApi.updateProvider(provider.id, request)
          : signInApi.createProvider({ ...request, clientSecret: request.clientSecret ?? '' }),
      );
      onSaved(saved);
    });
  };

  const title = provider ? t('settings.idp.editNamed', { name: provider.name }) : t('settings.idp.add');
  return (
    <form
      ref={formRef}
      className="form enroll-panel"
      noValidate
      aria-label={title}
      onSubmit={(event) => void onSubmit(event)}
    >
      <h3 className="subsection-title">{title}</h3>
      <div className="form-grid">
        <TextField
          label={t('settings.idp.form.name')}
          hint={t('settings.idp.form.nameHint')}
          autoComplete="off"
          {...text('name')}
        />
        <TextField
          label={t('settings.idp.form.issuer')}
          hint={t('settings.idp.form.issuerHint')}
          type="url"
          placeholder={ISSUER_EXAMPLE}
          {...text('issuer')}
        />
        <TextField
          label={t('settings.idp.form.clientId')}
          autoComplete="off"
          spellCheck={false}
          {...text('clientId')}
        />
        <SecretField
          label={t('settings.idp.form.clientSecret')}
          state={{
            set: provider?.clientSecret.set ?? false,
            readable: provider?.clientSecret.readable ?? true,
          }}
          change={form.secret}
          clearable={false}
          error={errors.secret}
          onChange={(secret) => change({ secret })}
        />
        <TextField
          label={t('settings.idp.form.scopes')}
          hint={t('settings.idp.form.scopesHint')}
          {...text('scopes')}
        />
        <TextField
          label={t('settings.idp.form.allowedDomains')}
          hint={t('settings.idp.form.allowedDomainsHint')}
          placeholder={DOMAIN_EXAMPLE}
          {...text('allowedDomains')}
        />
      </div>
      <fieldset className="scope-fieldset">
        <legend>{t('settings.idp.form.claims')}</legend>
        <div className="form-grid">
          <TextField label={t('settings.idp.form.usernameClaim')} {...text('username')} />
          <TextField label={t('settings.idp.form.displayNameClaim')} {...text('displayName')} />
          <TextField label={t('settings.idp.form.emailClaim')} {...text('email')} />
          <TextField label={t('settings.idp.form.pictureClaim')} {...text('avatar')} />
          <TextField
            label={t('settings.idp.form.groupsClaim')}
            hint={t('settings.idp.form.groupsClaimHint')}
            {...text('groups')}
          />
        </div>
      </fieldset>
      <fieldset className="scope-fieldset">
        <legend>{t('settings.idp.form.groupRoles')}</legend>
        <p className="field-hint">{t('settings.idp.form.groupRolesHint')}</p>
        {errors.groupRoles && <p className="field-error">{errors.groupRoles}</p>}
        {form.groupRoles.map((row, index) => (
          <div className="form-row group-role-row" key={index}>
            <TextField
              label={t('settings.idp.form.group', { number: index + 1 })}
              value={row.group}
              className="grow"
              onChange={(event) => setRow(index, { group: event.target.value })}
            />
            <SelectField
              label={t('settings.idp.form.roleForGroup', { number: index + 1 })}
              value={row.role}
              options={roleOptions()}
              onChange={(event) => setRow(index, { role: event.target.value as GroupRole })}
            />
            <Button
              size="sm"
              variant="ghost"
              icon={<Icon name="trash" />}
              onClick={() => change({ groupRoles: form.groupRoles.filter((_, i) => i !== index) })}
            >
              <span aria-hidden="true">{t('settings.idp.form.remove')}</span>
              <span className="sr-only">{t('settings.idp.form.removeGroup', { number: index + 1 })}</span>
            </Button>
          </div>
        ))}
        <div>
          <Button
            size="sm"
            variant="secondary"
            icon={<Icon name="plus" />}
            onClick={() => change({ groupRoles: [...form.groupRoles, { group: '', role: 'member' }] })}
          >
            {t('settings.idp.form.addGroup')}
          </Button>
        </div>
      </fieldset>
      <CheckboxField
        label={t('settings.idp.form.autoCreate')}
        description={t('settings.idp.form.autoCreateDescription')}
        checked={form.autoCreate}
        onChange={(autoCreate) => change({ autoCreate })}
      />
      <CheckboxField
        label={t('settings.idp.form.trustMfa')}
        description={t('settings.idp.form.trustMfaDescription')}
        checked={form.trustProviderMfa}
        onChange={(trustProviderMfa) => change({ trustProviderMfa })}
      />
      <CheckboxField
        label={t('settings.idp.form.enabled')}
        description={t('settings.idp.form.enabledDescription')}
        checked={form.enabled}
        onChange={(enabled) => change({ enabled })}
      />
      <FormFooter
        status={status}
        busy={busy}
        submitLabel={t(provider ? 'settings.idp.form.save' : 'settings.idp.form.addSubmit')}
      >
        <Button variant="ghost" disabled={busy} onClick={onCancel}>
          {t('settings.idp.form.cancel')}
        </Button>
      </FormFooter>
    </form>
  );
}
