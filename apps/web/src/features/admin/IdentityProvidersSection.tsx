import type { IdentityProvider } from '@parley/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
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

/** What the last change did, said in the language of the moment it is shown. */
type SavedNote = { kind: 'added' | 'saved' | 'deleted'; name: string };

/** Single sign-on: the OpenID Connect providers people may sign in with. */
export function IdentityProvidersSection() {
  const { t } = useTranslation();
  const list = useLoad((signal) => signInApi.providers(signal), []);
  const stepUp = useStepUp();
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<IdentityProvider | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [savedNote, setSavedNote] = useState<SavedNote | null>(null);

  const onSaved = (saved: IdentityProvider) => {
    const isNew = editing === 'new';
    list.update((all) => (isNew ? [...all, saved] : all.map((p) => (p.id === saved.id ? saved : p))));
    setEditing(null);
    setSavedNote({ kind: isNew ? 'added' : 'saved', name: saved.name });
  };

  const remove = async (provider: IdentityProvider) => {
    setBusy(true);
    setError(null);
    try {
      await stepUp.guard(() => signInApi.deleteProvider(provider.id));
      list.update((all) => all.filter((p) => p.id !== provider.id));
      setSavedNote({ kind: 'deleted', name: provider.name });
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
        {t('settings.idp.title')}
      </h2>
      <p className="card-description">{t('settings.idp.description')}</p>
      {stepUp.dialog}
      {savedNote && (
        <Alert tone="success">{t(`settings.idp.${savedNote.kind}`, { name: savedNote.name })}</Alert>
      )}
      {error && <Alert tone="error">{error}</Alert>}
      {list.status === 'loading' && <LoadingBlock label={t('settings.idp.loading')} />}
      {list.status === 'error' && (
        <LoadError title={t('settings.idp.loadFailed')} message={list.message} onRetry={list.retry} />
      )}
      {list.status === 'ready' && list.data.length === 0 && editing !== 'new' && (
        <EmptyState compact icon="users" title={t('settings.idp.emptyTitle')}>
          {t('settings.idp.emptyText')}
        </EmptyState>
      )}
      {list.status === 'ready' && list.data.length > 0 && (
        <ul className="idp-list" aria-label={t('settings.idp.listLabel')}>
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
                    {!provider.enabled && <span className="badge">{t('settings.idp.off')}</span>}
                  </span>
                  <span className="idp-meta">{provider.issuer}</span>
                  <ProviderUris provider={provider} />
                </div>
                <div className="idp-actions">
                  <Button size="sm" variant="secondary" onClick={() => setEditing(provider)}>
                    <span aria-hidden="true">{t('settings.idp.edit')}</span>
                    <span className="sr-only">{t('settings.idp.editNamed', { name: provider.name })}</span>
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => setDeleting(provider)}>
                    <span aria-hidden="true">{t('settings.idp.delete')}</span>
                    <span className="sr-only">{t('settings.idp.deleteNamed', { name: provider.name })}</span>
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
              {t('settings.idp.add')}
            </Button>
          </div>
        )
      )}
      {deleting && (
        <ConfirmDialog
          title={t('settings.idp.deleteTitle', { name: deleting.name })}
          confirmLabel={t('settings.idp.delete')}
          tone="danger"
          cancelVariant="ghost"
          busy={busy}
          cancelDisabled={busy}
          onConfirm={() => void remove(deleting)}
          onCancel={() => setDeleting(null)}
        >
          <p>{t('settings.idp.deleteText')}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

/** What to register at the provider, each with a copy button. */
function ProviderUris({ provider }: { provider: IdentityProvider }) {
  const { t } = useTranslation();
  return (
    <dl className="idp-uris">
      <div>
        <dt>{t('settings.idp.redirectUri')}</dt>
        <dd>
          <code className="inline-code">{provider.redirectUri}</code>
          <CopyButton text={provider.redirectUri} label={t('settings.idp.copyRedirectUri')} />
        </dd>
      </div>
      <div>
        <dt>{t('settings.idp.logoutUri')}</dt>
        <dd>
          <code className="inline-code">{provider.backchannelLogoutUri}</code>
          <CopyButton text={provider.backchannelLogoutUri} label={t('settings.idp.copyLogoutUri')} />
        </dd>
      </div>
    </dl>
  );
}
