import type { LinkedIdentity, OidcError } from '@parley/shared';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { errorMessage, isApiError } from '../../api/client';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { LoadError } from '../../components/LoadError';
import { LoadingBlock } from '../../components/Spinner';
import { formatDate } from '../../lib/forms';
import { useLoad } from '../../lib/useLoad';
import { securityApi } from './security.api';

/** Why linking an account did not work (the callback's `?sso_error=`), in words. */
const LINK_ERRORS: Record<OidcError, string> = {
  state_invalid: 'The link request had expired or was started in another browser. Try again.',
  code_rejected: 'The provider refused the sign-in. Try again.',
  nonce_mismatch: 'The answer from the provider could not be checked. Try again.',
  email_unverified: 'The provider has not verified that account’s e-mail address.',
  email_missing: 'The provider did not give an e-mail address for that account.',
  domain_not_allowed: 'That account’s e-mail domain is not allowed here.',
  provider_unreachable: 'The provider could not be reached. Try again later.',
  provider_disabled: 'That way of signing in has been turned off.',
  no_account: 'That account could not be linked.',
  account_deactivated: 'This account is deactivated.',
  already_linked: 'That account is already linked to another person in Parley.',
  provider_error: 'The provider reported a problem. Try again.',
};

function linkErrorMessage(code: string | null): string | null {
  if (!code) return null;
  return (LINK_ERRORS as Record<string, string>)[code] ?? 'The account couldn’t be linked. Try again.';
}

/** Accounts at identity providers that sign you in to Parley. */
export function LinkedAccountsSection() {
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
        Linked accounts
      </h2>
      <p className="card-description">Accounts elsewhere that can sign you in to Parley.</p>
      {ssoError && (
        <Alert
          tone="error"
          title="The account wasn’t linked"
          action={
            <Button size="sm" variant="ghost" onClick={() => setParams({}, { replace: true })}>
              Dismiss
            </Button>
          }
        >
          {ssoError}
        </Alert>
      )}
      {load.status === 'loading' && <LoadingBlock label="Loading linked accounts…" />}
      {load.status === 'error' && (
        <LoadError title="Linked accounts couldn’t be loaded" message={load.message} onRetry={load.retry} />
      )}
      {load.status === 'ready' && load.data.identities.length === 0 && (
        <EmptyState compact icon="users" title="No linked accounts" />
      )}
      {load.status === 'ready' && load.data.identities.length > 0 && (
        <ul className="token-list" aria-label="Linked accounts">
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
              Link {provider.name}
            </Button>
          ))}
        </div>
      )}
    </section>
  );
}

function IdentityRow({ identity, onUnlinked }: { identity: LinkedIdentity; onUnlinked: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const unlink = async () => {
    setBusy(true);
    setError(null);
    try {
      await securityApi.unlink(identity.id);
      onUnlinked();
    } catch (err) {
      setError(
        isApiError(err) && err.status === 409
          ? 'You can’t unlink your last way to sign in. Set a password or add a passkey first.'
          : errorMessage(err),
      );
      setBusy(false);
      setConfirming(false);
    }
  };

  return (
    <li className="token-row">
      <div className="token-text">
        <span className="token-name">{identity.providerName}</span>
        <span className="token-meta">
          {identity.email ?? 'No e-mail address'} · Linked {formatDate(identity.linkedAt)} · Last sign-in{' '}
          {formatDate(identity.lastSignInAt, 'never')}
        </span>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
      <div className="token-actions">
        <Button size="sm" variant="secondary" busy={busy} onClick={() => setConfirming(true)}>
          <span aria-hidden="true">Unlink</span>
          <span className="sr-only">Unlink {identity.providerName}</span>
        </Button>
      </div>
      {confirming && (
        <ConfirmDialog
          title={`Unlink ${identity.providerName}?`}
          confirmLabel="Unlink"
          tone="danger"
          cancelVariant="ghost"
          busy={busy}
          cancelDisabled={busy}
          onConfirm={() => void unlink()}
          onCancel={() => setConfirming(false)}
        >
          <p>That account will no longer sign you in to Parley. You can link it again later.</p>
        </ConfirmDialog>
      )}
    </li>
  );
}
