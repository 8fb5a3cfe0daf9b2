import {
  ApiTokenCreateRequestSchema,
  type ApiToken,
  type ApiTokenCreated,
  type TokenScope,
} from '@parley/shared';
import { LoadError } from '../../components/LoadError';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
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
import { t } from '../../i18n';
import { formatDate, useFields, useSubmission } from '../../lib/forms';
import { useLoad } from '../../lib/useLoad';

/** The choices of lifetime; their words are looked up when the form renders. */
const EXPIRY_OPTIONS = [
  { value: '30', key: 'days30' },
  { value: '90', key: 'days90' },
  { value: '365', key: 'year' },
  { value: 'never', key: 'never' },
] as const;

/** The scopes a token may have; `profile.tokens.scopes.<scope>` and `…Hint` say what each lets it do. */
const SCOPES: { scope: TokenScope; adminOnly?: boolean }[] = [
  { scope: 'read' },
  { scope: 'write' },
  { scope: 'admin', adminOnly: true },
];
const KNOWN_SCOPES: readonly string[] = SCOPES.map((s) => s.scope);
const scopeLabel = (scope: TokenScope) =>
  KNOWN_SCOPES.includes(scope) ? t(`profile.tokens.scopes.${scope}`) : scope;

export function TokensSection() {
  const { t } = useTranslation();
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
        {t('profile.tokens.title')}
      </h2>
      <p className="card-description">{t('profile.tokens.description')}</p>

      {created && <NewTokenSecret created={created} onDone={() => setCreated(null)} />}

      {list.status === 'loading' && <LoadingBlock label={t('profile.tokens.loading')} />}
      {list.status === 'error' && (
        <LoadError title={t('profile.tokens.loadError')} message={list.message} onRetry={list.retry} />
      )}
      {list.status === 'ready' && list.data.length === 0 && (
        <EmptyState compact icon="key" title={t('profile.tokens.empty')}>
          {t('profile.tokens.emptyHint')}
        </EmptyState>
      )}
      {list.status === 'ready' && list.data.length > 0 && (
        <ul className="token-list" aria-label={t('profile.tokens.listLabel')}>
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
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [created]);
  return (
    <div className="secret-box" ref={ref} tabIndex={-1} role="region" aria-labelledby="secret-title">
      <p className="alert-title" id="secret-title">
        {t('profile.tokens.created', { name: created.token.name })}
      </p>
      <p className="secret-warning">
        <Icon name="alert" />
        <span>{t('profile.tokens.copyNow')}</span>
      </p>
      <div className="secret-row">
        <label className="sr-only" htmlFor="new-token-secret">
          {t('profile.tokens.newToken')}
        </label>
        <input
          id="new-token-secret"
          className="input secret-value"
          readOnly
          value={created.secret}
          onFocus={(event) => event.currentTarget.select()}
          spellCheck={false}
        />
        <CopyButton text={created.secret} label={t('profile.tokens.copy')} />
      </div>
      <Button variant="ghost" size="sm" onClick={onDone}>
        {t('profile.tokens.saved')}
      </Button>
    </div>
  );
}

function TokenRow({ token, onRevoked }: { token: ApiToken; onRevoked: (id: string) => void }) {
  const { t } = useTranslation();
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
          {expired && <span className="badge badge-danger">{t('profile.tokens.expired')}</span>}
          <span
            className="scope-badges"
            aria-label={t('profile.tokens.scopesLabel', { scopes: token.scopes.map(scopeLabel).join(', ') })}
          >
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
          {t('profile.tokens.meta', {
            created: formatDate(token.createdAt),
            lastUsed: formatDate(token.lastUsedAt, t('profile.tokens.never')),
            expiry: token.expiresAt
              ? t(expired ? 'profile.tokens.expiredOn' : 'profile.tokens.expiresOn', {
                  date: formatDate(token.expiresAt),
                })
              : t('profile.tokens.neverExpires'),
          })}
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
              {t('profile.tokens.revokeNamedConfirm', { name: token.name })}
            </Button>
            <Button variant="ghost" size="sm" disabled={busy} onClick={() => setConfirming(false)}>
              {t('profile.tokens.keep')}
            </Button>
          </>
        ) : (
          <Button variant="secondary" size="sm" onClick={() => setConfirming(true)}>
            <span aria-hidden="true">{t('profile.tokens.revoke')}</span>
            <span className="sr-only">{t('profile.tokens.revokeNamed', { name: token.name })}</span>
          </Button>
        )}
      </div>
    </li>
  );
}

function CreateTokenForm({ onCreated }: { onCreated: (created: ApiTokenCreated) => void }) {
  const { t } = useTranslation();
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
        <h3 className="subsection-title">{t('profile.tokens.formTitle')}</h3>
        <div className="form-row">
          <TextField
            label={t('profile.tokens.name')}
            {...bind('name')}
            error={errors.name}
            autoComplete="off"
            placeholder={t('profile.tokens.namePlaceholder')}
            hint={t('profile.tokens.nameHint')}
            className="grow"
          />
          <SelectField
            label={t('profile.tokens.expiresAfter')}
            {...bind('expiresInDays')}
            options={EXPIRY_OPTIONS.map((o) => ({
              value: o.value,
              label: t(`profile.tokens.expiry.${o.key}`),
            }))}
          />
        </div>
        <fieldset
          className="scope-fieldset"
          aria-describedby={errors.scopes ? 'token-scopes-error' : undefined}
        >
          <legend>{t('profile.tokens.scopesLegend')}</legend>
          {SCOPES.filter((s) => !s.adminOnly || me.role === 'admin').map((s) => (
            <CheckboxField
              key={s.scope}
              label={t(`profile.tokens.scopes.${s.scope}`)}
              description={t(`profile.tokens.scopes.${s.scope}Hint`)}
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
            {t('profile.tokens.create')}
          </Button>
        </div>
      </form>
    </>
  );
}
