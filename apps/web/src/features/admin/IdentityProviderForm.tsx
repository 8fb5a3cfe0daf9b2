import {
  GROUP_ROLES,
  IdentityProviderCreateRequestSchema,
  IdentityProviderUpdateRequestSchema,
  type GroupRole,
  type IdentityProvider,
} from '@parley/shared';
import { useRef, useState, type FormEvent } from 'react';
import type { StepUp } from '../../auth/StepUp';
import { Button } from '../../components/Button';
import { CheckboxField } from '../../components/CheckboxField';
import { FormFooter } from '../../components/FormFooter';
import { Icon } from '../../components/Icon';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { useSaveForm, type FieldErrors } from '../../lib/forms';
import { formFromProvider, NEW_PROVIDER, requestFromForm, type ProviderForm } from './providerForm';
import { SecretField } from './SecretField';
import { signInApi } from './signIn.api';

const ROLE_OPTIONS: { value: GroupRole; label: string }[] = GROUP_ROLES.map((role) => ({
  value: role,
  label: role === 'admin' ? 'Administrator' : role === 'provider' ? 'Provider' : 'Member',
}));

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
    found[key] ??= key === 'secret' ? 'Enter the client secret the provider gave you.' : issue.message;
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

  const title = provider ? `Edit ${provider.name}` : 'Add an identity provider';
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
          label="Name"
          hint="On the button: “Sign in with …”."
          autoComplete="off"
          {...text('name')}
        />
        <TextField
          label="Issuer URL"
          hint="Its /.well-known/openid-configuration is read."
          type="url"
          placeholder="https://login.example.org/realms/staff"
          {...text('issuer')}
        />
        <TextField label="Client ID" autoComplete="off" spellCheck={false} {...text('clientId')} />
        <SecretField
          label="Client secret"
          state={{
            set: provider?.clientSecret.set ?? false,
            readable: provider?.clientSecret.readable ?? true,
          }}
          change={form.secret}
          clearable={false}
          error={errors.secret}
          onChange={(secret) => change({ secret })}
        />
        <TextField label="Scopes" hint="Separated by spaces; must include openid." {...text('scopes')} />
        <TextField
          label="Allowed e-mail domains"
          hint="Separated by commas; empty lets any address in."
          placeholder="example.org"
          {...text('allowedDomains')}
        />
      </div>
      <fieldset className="scope-fieldset">
        <legend>Claims</legend>
        <div className="form-grid">
          <TextField label="Username claim" {...text('username')} />
          <TextField label="Display name claim" {...text('displayName')} />
          <TextField label="E-mail claim" {...text('email')} />
          <TextField label="Picture claim" {...text('avatar')} />
          <TextField
            label="Groups claim"
            hint="Empty: roles stay as administrators set them in Parley."
            {...text('groups')}
          />
        </div>
      </fieldset>
      <fieldset className="scope-fieldset">
        <legend>Roles from groups</legend>
        <p className="field-hint">Applied at each sign-in. People in no listed group are members.</p>
        {errors.groupRoles && <p className="field-error">{errors.groupRoles}</p>}
        {form.groupRoles.map((row, index) => (
          <div className="form-row group-role-row" key={index}>
            <TextField
              label={`Group ${index + 1}`}
              value={row.group}
              className="grow"
              onChange={(event) => setRow(index, { group: event.target.value })}
            />
            <SelectField
              label={`Role for group ${index + 1}`}
              value={row.role}
              options={ROLE_OPTIONS}
              onChange={(event) => setRow(index, { role: event.target.value as GroupRole })}
            />
            <Button
              size="sm"
              variant="ghost"
              icon={<Icon name="trash" />}
              onClick={() => change({ groupRoles: form.groupRoles.filter((_, i) => i !== index) })}
            >
              <span aria-hidden="true">Remove</span>
              <span className="sr-only">Remove group {index + 1}</span>
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
            Add a group
          </Button>
        </div>
      </fieldset>
      <CheckboxField
        label="Create accounts on first sign-in"
        description="Off: only people whose account is already linked, or has the same verified e-mail, get in."
        checked={form.autoCreate}
        onChange={(autoCreate) => change({ autoCreate })}
      />
      <CheckboxField
        label="Trust the provider’s second factor"
        description="When the provider says it checked one, Parley does not ask for its own."
        checked={form.trustProviderMfa}
        onChange={(trustProviderMfa) => change({ trustProviderMfa })}
      />
      <CheckboxField
        label="Enabled"
        description="Off: its button disappears and sign-ins through it are refused; links are kept."
        checked={form.enabled}
        onChange={(enabled) => change({ enabled })}
      />
      <FormFooter status={status} busy={busy} submitLabel={provider ? 'Save provider' : 'Add provider'}>
        <Button variant="ghost" disabled={busy} onClick={onCancel}>
          Cancel
        </Button>
      </FormFooter>
    </form>
  );
}
