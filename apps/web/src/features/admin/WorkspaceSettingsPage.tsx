import { WorkspaceSettingsSchema, type WorkspaceSettings } from '@parley/shared';
import { LoadError } from '../../components/LoadError';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi } from './admin.api';
import { PushSettingsSection } from './PushSettingsSection';
import { useSession } from '../../auth/session';
import { FormFooter } from '../../components/FormFooter';
import { useDocumentTitle } from '../../components/PageHeader';
import { LoadingBlock } from '../../components/Spinner';
import { Switch } from '../../components/Switch';
import { TextField } from '../../components/TextField';
import { useSubmission } from '../../lib/forms';
import { useLoad } from '../../lib/useLoad';

export function WorkspaceSettingsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('settings.workspace.documentTitle'));
  const { updateInstance } = useSession();
  const [saved, setSaved] = useState<WorkspaceSettings | null>(null);
  const [name, setName] = useState('');
  const [registrationOpen, setRegistrationOpen] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, status, busy, submit, clearSaved } = useSubmission(formRef);

  const load = useLoad(async (signal) => {
    const settings = await adminApi.settings(signal);
    setSaved(settings.workspace);
    setName(settings.workspace.name);
    setRegistrationOpen(settings.workspace.registrationOpen);
  }, []);

  const dirty = saved !== null && (saved.name !== name.trim() || saved.registrationOpen !== registrationOpen);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    return submit(WorkspaceSettingsSchema, { name, registrationOpen }, async (workspace) => {
      const settings = await adminApi.updateSettings({ workspace });
      setSaved(settings.workspace);
      setName(settings.workspace.name);
      setRegistrationOpen(settings.workspace.registrationOpen);
      updateInstance({
        workspaceName: settings.workspace.name,
        registrationOpen: settings.workspace.registrationOpen,
      });
      return t('settings.workspace.saved');
    });
  };

  return (
    <>
      <section className="card" aria-labelledby="admin-workspace">
        <h2 className="card-title" id="admin-workspace">
          {t('settings.workspace.title')}
        </h2>
        {load.status === 'loading' && <LoadingBlock label={t('settings.common.loading')} />}
        {load.status === 'error' && (
          <LoadError title={t('settings.common.loadFailed')} message={load.message} onRetry={load.retry} />
        )}
        {load.status === 'ready' && (
          <form ref={formRef} className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
            <TextField
              label={t('settings.workspace.name.label')}
              name="name"
              value={name}
              onChange={(event) => {
                setName(event.target.value);
                clearSaved();
              }}
              error={errors.name}
              maxLength={64}
              required
              hint={t('settings.workspace.name.hint')}
            />
            <Switch
              label={t('settings.workspace.registration.label')}
              name="registrationOpen"
              checked={registrationOpen}
              onChange={(open) => {
                setRegistrationOpen(open);
                clearSaved();
              }}
              description={
                registrationOpen
                  ? t('settings.workspace.registration.on')
                  : t('settings.workspace.registration.off')
              }
            />
            <FormFooter
              status={status}
              busy={busy}
              submitLabel={t('settings.workspace.submit')}
              unchanged={!dirty}
            />
          </form>
        )}
      </section>
      <PushSettingsSection />
    </>
  );
}
