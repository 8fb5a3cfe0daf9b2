import {
  ApiTokenCreateRequestSchema,
  type ApiToken,
  type ApiTokenCreated,
  type TokenScope,
} from '@parley/shared';
import { LoadError } from '../../components/LoadError';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/client';
import { profileApi } from './profile.api';
import { Alert } from '../../components/Alert';
import { useMe } from '../../auth/session';
import { useStepUp } from '../../auth/StepUp';
import { Button } from '../../components/Button';
import { CheckboxField } from '../../components/CheckboxField';
import { CopyButton } from '../../components/CopyButton';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { SelectField } from '../../components/SelectField';
import { LoadingBlock } from '../../components/Spinner';
import { TextField } from '../../components/TextField';
import { formatDate, useFields, useSubmission } from '../../lib/forms';
import { useLoad } from '../../lib/useLoad';

const EXPIRY_OPTIONS = [
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
  { value: 'never', label: 'Never' },
] as const;

/** What each scope lets a token do, in the words shown on the form and the list. */
const SCOPES: { scope: TokenScope; label: string; description: string; adminOnly?: boolean }[] = [
  {
    scope: 'read',
    label: 'Read',
    description: 'See what you can see: your profile, people, rooms and messages.',
  },
  {
    scope: 'write',
    label: 'Write',
    description: 'Make changes as you: post, edit your profile, join and leave rooms.',
  },
  {
    scope: 'admin',
    label: 'Administer',
    description: 'Administrator actions: create accounts, change roles, change workspace and Jitsi settings.',
    adminOnly: true,
  },
];
const scopeLabel = (scope: TokenScope) => SCOPES.find((s) => s.scope === scope)?.label ?? scope;

export function TokensSection() {
  const list = useLoad((signal) => profileApi.listTokens(signal), []);
  const [created, setCreated] = useState<ApiTokenCreated | null>(null);

  const onCreated = (result: ApiTokenCreated) => {
    setCreated(result);
    list.update((tokens) => [result.token, ...tokens]);
  };

  const onRevoked = (id: string) => {
    list.update((tokens) => tokens.filter((t) => t.id !== id));
    if (created?.token.id === id) setCreated(null);
  };

  return (
    <section className="card" aria-labelledby="profile-tokens">
      <h2 className="card-title" id="profile-tokens">
        API tokens
      </h2>
      <p className="card-description">
        Tokens let scripts and integrations act as you. Treat them like passwords and revoke any you no longer
        use.
      </p>

      {created && <NewTokenSecret created={created} onDone={() => setCreated(null)} />}

      {list.status === 'loading' && <LoadingBlock label="Loading tokens…" />}
      {list.status === 'error' && (
        <LoadError title="Tokens couldn’t be loaded" message={list.message} onRetry={list.retry} />
      )}
      {list.status === 'ready' && list.data.length === 0 && (
        <EmptyState compact icon="key" title="No API tokens">
          Create one below when a script or integration needs access.
        </EmptyState>
      )}
      {list.status === 'ready' && list.data.length > 0 && (
        <ul className="token-list" aria-label="Your API tokens">
          {list.data.map((token) => (
            <TokenRow key={token.id} token={token} onRevoked={onRevoked} />
          ))}
        </ul>
      )}

      <CreateTokenForm onCreated={onCreated} />
    </section>
  );
}

function NewTokenSecret({ created, onDone }: { created: ApiTokenCreated; onDone: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [created]);
  return (
    <div className="secret-box" ref={ref} tabIndex={-1} role="region" aria-labelledby="secret-title">
      <p className="alert-title" id="secret-title">
        Token “{created.token.name}” created
      </p>
      <p className="secret-warning">
        <Icon name="alert" />
        <span>Copy it now — you won’t see this token again.</span>
      </p>
      <div className="secret-row">
        <label className="sr-only" htmlFor="new-token-secret">
          New token
        </label>
        <input
          id="new-token-secret"
          className="input secret-value"
          readOnly
          value={created.secret}
          onFocus={(event) => event.currentTarget.select()}
          spellCheck={false}
        />
        <CopyButton text={created.secret} label="Copy token" />
      </div>
      <Button variant="ghost" size="sm" onClick={onDone}>
        I’ve saved it
      </Button>
    </div>
  );
}

function TokenRow({ token, onRevoked }: { token: ApiToken; onRevoked: (id: string) => void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const revoke = async () => {
    setBusy(true);
    setError(null);
    try {
      await profileApi.revokeToken(token.id);
      onRevoked(token.id);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  const expired = token.expiresAt !== null && new Date(token.expiresAt).getTime() < Date.now();

  return (
    <li className="token-row">
      <div className="token-text">
        <span className="token-name">
          {token.name}
          {expired && <span className="badge badge-danger">Expired</span>}
          <span className="scope-badges" aria-label={`Scopes: ${token.scopes.map(scopeLabel).join(', ')}`}>
            {token.scopes.map((scope) => (
              <span
                key={scope}
                className={`badge${scope === 'admin' ? ' badge-brand' : ''}`}
                aria-hidden="true"
              >
                {scopeLabel(scope)}
              </span>
            ))}
          </span>
        </span>
        <span className="token-meta">
          Created {formatDate(token.createdAt)} · Last used {formatDate(token.lastUsedAt, 'never')} ·{' '}
          {token.expiresAt
            ? `${expired ? 'Expired' : 'Expires'} ${formatDate(token.expiresAt)}`
            : 'Never expires'}
        </span>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
      <div className="token-actions">
        {confirming ? (
          <>
            <Button variant="danger" size="sm" busy={busy} onClick={() => void revoke()}>
              Revoke “{token.name}”
            </Button>
            <Button variant="ghost" size="sm" disabled={busy} onClick={() => setConfirming(false)}>
              Keep
            </Button>
          </>
        ) : (
          <Button variant="secondary" size="sm" onClick={() => setConfirming(true)}>
            <span aria-hidden="true">Revoke</span>
            <span className="sr-only">Revoke {token.name}</span>
          </Button>
        )}
      </div>
    </li>
  );
}

function CreateTokenForm({ onCreated }: { onCreated: (created: ApiTokenCreated) => void }) {
  const me = useMe();
  const { values, bind, reset } = useFields({ name: '', expiresInDays: '90' });
  const [scopes, setScopes] = useState<TokenScope[]>(['read', 'write']);
  const toggle = (scope: TokenScope, on: boolean) =>
    setScopes((current) => (on ? [...current, scope] : current.filter((s) => s !== scope)));
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, formError, busy, submit } = useSubmission(formRef);
  // Creating a token needs a recent second factor (when the person has one).
  const stepUp = useStepUp();

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const request = {
      name: values.name,
      expiresInDays: values.expiresInDays === 'never' ? undefined : Number(values.expiresInDays),
      scopes,
    };
    return submit(ApiTokenCreateRequestSchema, request, async (data) => {
      onCreated(await stepUp.guard(() => profileApi.createToken(data)));
      reset();
      setScopes(['read', 'write']);
    });
  };

  return (
    <>
      {/* Outside the form: the dialog has a form of its own. */}
      {stepUp.dialog}
      <form ref={formRef} className="form token-form" noValidate onSubmit={(event) => void onSubmit(event)}>
        <h3 className="subsection-title">New token</h3>
        <div className="form-row">
          <TextField
            label="Token name"
            {...bind('name')}
            error={errors.name}
            autoComplete="off"
            placeholder="Deploy script"
            hint="What uses it, so you can tell tokens apart."
            className="grow"
          />
          <SelectField label="Expires after" {...bind('expiresInDays')} options={EXPIRY_OPTIONS} />
        </div>
        <fieldset
          className="scope-fieldset"
          aria-describedby={errors.scopes ? 'token-scopes-error' : undefined}
        >
          <legend>What the token may do</legend>
          {SCOPES.filter((s) => !s.adminOnly || me.role === 'admin').map((s) => (
            <CheckboxField
              key={s.scope}
              label={s.label}
              description={s.description}
              checked={scopes.includes(s.scope)}
              onChange={(on) => toggle(s.scope, on)}
            />
          ))}
          {errors.scopes && (
            <p className="field-error" id="token-scopes-error">
              <span aria-hidden="true">⚠ </span>
              {errors.scopes}
            </p>
          )}
        </fieldset>
        {formError && (
          <Alert tone="error" className="inline-alert">
            {formError}
          </Alert>
        )}
        <div className="form-actions">
          <Button type="submit" variant="secondary" icon={<Icon name="plus" />} busy={busy}>
            Create token
          </Button>
        </div>
      </form>
    </>
  );
}
