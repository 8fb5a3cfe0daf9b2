import type { IdentityProvider } from '@parley/shared';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { useStepUp } from '../../auth/StepUp';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { CopyButton } from '../../components/CopyButton';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { LoadError } from '../../components/LoadError';
import { LoadingBlock } from '../../components/Spinner';
import { useLoad } from '../../lib/useLoad';
import { IdentityProviderForm } from './IdentityProviderForm';
import { signInApi } from './signIn.api';

type Editing = null | 'new' | IdentityProvider;

/** Single sign-on: the OpenID Connect providers people may sign in with. */
export function IdentityProvidersSection() {
  const list = useLoad((signal) => signInApi.providers(signal), []);
  const stepUp = useStepUp();
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<IdentityProvider | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [savedNote, setSavedNote] = useState<string | null>(null);

  const onSaved = (saved: IdentityProvider) => {
    const isNew = editing === 'new';
    list.update((all) => (isNew ? [...all, saved] : all.map((p) => (p.id === saved.id ? saved : p))));
    setEditing(null);
    setSavedNote(
      isNew ? `${saved.name} added. Register its redirect URI at the provider.` : `${saved.name} saved.`,
    );
  };

  const remove = async (provider: IdentityProvider) => {
    setBusy(true);
    setError(null);
    try {
      await stepUp.guard(() => signInApi.deleteProvider(provider.id));
      list.update((all) => all.filter((p) => p.id !== provider.id));
      setSavedNote(`${provider.name} deleted.`);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
      setDeleting(null);
    }
  };

  return (
    <section className="card" aria-labelledby="admin-idps">
      <h2 className="card-title" id="admin-idps">
        Single sign-on
      </h2>
      <p className="card-description">
        Identity providers (OpenID Connect) people can sign in with, such as Keycloak, Entra ID or Google
        Workspace.
      </p>
      {stepUp.dialog}
      {savedNote && <Alert tone="success">{savedNote}</Alert>}
      {error && <Alert tone="error">{error}</Alert>}
      {list.status === 'loading' && <LoadingBlock label="Loading identity providers…" />}
      {list.status === 'error' && (
        <LoadError
          title="Identity providers couldn’t be loaded"
          message={list.message}
          onRetry={list.retry}
        />
      )}
      {list.status === 'ready' && list.data.length === 0 && editing !== 'new' && (
        <EmptyState compact icon="users" title="No identity providers">
          People sign in with their Parley password or a passkey.
        </EmptyState>
      )}
      {list.status === 'ready' && list.data.length > 0 && (
        <ul className="idp-list" aria-label="Identity providers">
          {list.data.map((provider) =>
            editing !== 'new' && editing?.id === provider.id ? (
              <li key={provider.id}>
                <IdentityProviderForm
                  provider={provider}
                  stepUp={stepUp}
                  onSaved={onSaved}
                  onCancel={() => setEditing(null)}
                />
                <ProviderUris provider={provider} />
              </li>
            ) : (
              <li key={provider.id} className="idp-row">
                <div className="idp-text">
                  <span className="idp-name">
                    {provider.name}
                    {!provider.enabled && <span className="badge">Off</span>}
                  </span>
                  <span className="idp-meta">{provider.issuer}</span>
                  <ProviderUris provider={provider} />
                </div>
                <div className="idp-actions">
                  <Button size="sm" variant="secondary" onClick={() => setEditing(provider)}>
                    <span aria-hidden="true">Edit</span>
                    <span className="sr-only">Edit {provider.name}</span>
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => setDeleting(provider)}>
                    <span aria-hidden="true">Delete</span>
                    <span className="sr-only">Delete {provider.name}</span>
                  </Button>
                </div>
              </li>
            ),
          )}
        </ul>
      )}
      {editing === 'new' ? (
        <IdentityProviderForm
          provider={null}
          stepUp={stepUp}
          onSaved={onSaved}
          onCancel={() => setEditing(null)}
        />
      ) : (
        list.status === 'ready' &&
        editing === null && (
          <div>
            <Button
              variant="secondary"
              icon={<Icon name="plus" />}
              onClick={() => {
                setSavedNote(null);
                setEditing('new');
              }}
            >
              Add an identity provider
            </Button>
          </div>
        )
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          confirmLabel="Delete"
          tone="danger"
          cancelVariant="ghost"
          busy={busy}
          cancelDisabled={busy}
          onConfirm={() => void remove(deleting)}
          onCancel={() => setDeleting(null)}
        >
          <p>
            Its button disappears, the accounts linked to it are unlinked, and people who signed in only
            through it need another way in (a password reset or a passkey).
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

/** What to register at the provider, each with a copy button. */
function ProviderUris({ provider }: { provider: IdentityProvider }) {
  return (
    <dl className="idp-uris">
      <div>
        <dt>Redirect URI</dt>
        <dd>
          <code className="inline-code">{provider.redirectUri}</code>
          <CopyButton text={provider.redirectUri} label="Copy redirect URI" />
        </dd>
      </div>
      <div>
        <dt>Back-channel logout URI</dt>
        <dd>
          <code className="inline-code">{provider.backchannelLogoutUri}</code>
          <CopyButton text={provider.backchannelLogoutUri} label="Copy logout URI" />
        </dd>
      </div>
    </dl>
  );
}
