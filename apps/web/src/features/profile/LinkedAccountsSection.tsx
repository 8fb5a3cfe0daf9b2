import type { LinkedIdentity, OidcError } from '@parley/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { errorMessage, isApiError } from '../../api/client';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { LoadError } from '../../components/LoadError';
import { LoadingBlock } from '../../components/Spinner';
import { t } from '../../i18n';
import { formatDate } from '../../lib/forms';
import { useLoad } from '../../lib/useLoad';
import { securityApi } from './security.api';

/** Why linking an account did not work (the callback's `?sso_error=`): the key of its words. */
const LINK_ERRORS: Record<OidcError, string> = {
  state_invalid: 'stateInvalid',
  code_rejected: 'codeRejected',
  nonce_mismatch: 'nonceMismatch',
  email_unverified: 'emailUnverified',
  email_missing: 'emailMissing',
  domain_not_allowed: 'domainNotAllowed',
  provider_unreachable: 'providerUnreachable',
  provider_disabled: 'providerDisabled',
  no_account: 'noAccount',
  account_deactivated: 'accountDeactivated',
  already_linked: 'alreadyLinked',
  provider_error: 'providerError',
};

function linkErrorMessage(code: string | null): string | null {
  if (!code) return null;
  return t(`profile.linked.errors.${(LINK_ERRORS as Record<string, string>)[code] ?? 'other'}`);
}

/** Accounts at identity providers that sign you in to Parley. */
export function LinkedAccountsSection() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const ssoError = linkErrorMessage(params.get('sso_error'));
  const load = useLoad(async (signal) => {
    const [identities, providers] = await Promise.all([
      securityApi.identities(signal),
      securityApi.providers(signal),
    ]);
    return { identities, providers };
  }, []);
  const [linking, setLinking] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const link = async (providerId: string) => {
    setLinking(providerId);
    setError(null);
    try {
      const { redirectTo } = await securityApi.link(providerId);
      window.location.assign(redirectTo);
    } catch (err) {
      setError(errorMessage(err));
      setLinking(null);
    }
  };

  if (
    !ssoError &&
    load.status === 'ready' &&
    load.data.providers.length === 0 &&
    load.data.identities.length === 0
  ) {
    // No single sign-on here: nothing to link, so the section stays away.
    return null;
  }

  const linkable =
    load.status === 'ready'
      ? load.data.providers.filter((p) => !load.data.identities.some((i) => i.providerId === p.id))
      : [];

  return (
    <section className="card" aria-labelledby="security-linked">
      <h2 className="card-title" id="security-linked">
        {t('profile.linked.title')}
      </h2>
      <p className="card-description">{t('profile.linked.description')}</p>
      {ssoError && (
        <Alert
          tone="error"
          title={t('profile.linked.errorTitle')}
          action={
            <Button size="sm" variant="ghost" onClick={() => setParams({}, { replace: true })}>
              {t('profile.linked.dismiss')}
            </Button>
          }
        >
          {ssoError}
        </Alert>
      )}
      {load.status === 'loading' && <LoadingBlock label={t('profile.linked.loading')} />}
      {load.status === 'error' && (
        <LoadError title={t('profile.linked.loadError')} message={load.message} onRetry={load.retry} />
      )}
      {load.status === 'ready' && load.data.identities.length === 0 && (
        <EmptyState compact icon="users" title={t('profile.linked.empty')} />
      )}
      {load.status === 'ready' && load.data.identities.length > 0 && (
        <ul className="token-list" aria-label={t('profile.linked.listLabel')}>
          {load.data.identities.map((identity) => (
            <IdentityRow
              key={identity.id}
              identity={identity}
              onUnlinked={() =>
                load.update((data) => ({
                  ...data,
                  identities: data.identities.filter((i) => i.id !== identity.id),
                }))
              }
            />
          ))}
        </ul>
      )}
      {error && (
        <Alert tone="error" className="inline-alert">
          {error}
        </Alert>
      )}
      {linkable.length > 0 && (
        <div className="button-row">
          {linkable.map((provider) => (
            <Button
              key={provider.id}
              variant="secondary"
              busy={linking === provider.id}
              disabled={linking !== null}
              onClick={() => void link(provider.id)}
            >
              {t('profile.linked.link', { provider: provider.name })}
            </Button>
          ))}
        </div>
      )}
    </section>
  );
}

/** Marks the refusal to unlink the last way in; its words are looked up while rendering. */
const LAST_WAY = Symbol('last way to sign in');

function IdentityRow({ identity, onUnlinked }: { identity: LinkedIdentity; onUnlinked: () => void }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  // The server's message, or LAST_WAY when this is the last way to sign in (said while rendering).
  const [error, setError] = useState<string | typeof LAST_WAY | null>(null);

  const unlink = async () => {
    setBusy(true);
    setError(null);
    try {
      await securityApi.unlink(identity.id);
      onUnlinked();
    } catch (err) {
      setError(isApiError(err) && err.status === 409 ? LAST_WAY : errorMessage(err));
      setBusy(false);
      setConfirming(false);
    }
  };

  return (
    <li className="token-row">
      <div className="token-text">
        <span className="token-name">{identity.providerName}</span>
        <span className="token-meta">
          {t('profile.linked.meta', {
            email: identity.email ?? t('profile.linked.noEmail'),
            linked: formatDate(identity.linkedAt),
            lastSignIn: formatDate(identity.lastSignInAt, t('profile.linked.never')),
          })}
        </span>
        {error && (
          <p className="field-error" role="alert">
            {error === LAST_WAY ? t('profile.linked.lastWay') : error}
          </p>
        )}
      </div>
      <div className="token-actions">
        <Button size="sm" variant="secondary" busy={busy} onClick={() => setConfirming(true)}>
          <span aria-hidden="true">{t('profile.linked.unlink')}</span>
          <span className="sr-only">
            {t('profile.linked.unlinkNamed', { provider: identity.providerName })}
          </span>
        </Button>
      </div>
      {confirming && (
        <ConfirmDialog
          title={t('profile.linked.confirmTitle', { provider: identity.providerName })}
          confirmLabel={t('profile.linked.unlink')}
          tone="danger"
          cancelVariant="ghost"
          busy={busy}
          cancelDisabled={busy}
          onConfirm={() => void unlink()}
          onCancel={() => setConfirming(false)}
        >
          <p>{t('profile.linked.confirmBody')}</p>
        </ConfirmDialog>
      )}
    </li>
  );
}
