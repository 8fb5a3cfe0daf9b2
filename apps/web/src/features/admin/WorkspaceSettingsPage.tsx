import { WorkspaceSettingsSchema, type WorkspaceSettings } from '@parley/shared';
import { LoadError } from '../../components/LoadError';
import { useRef, useState, type FormEvent } from 'react';
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
  useDocumentTitle('Workspace settings');
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
      return 'Workspace settings saved.';
    });
  };

  return (
    <>
      <section className="card" aria-labelledby="admin-workspace">
        <h2 className="card-title" id="admin-workspace">
          Workspace
        </h2>
        {load.status === 'loading' && <LoadingBlock label="Loading settings…" />}
        {load.status === 'error' && (
          <LoadError title="Settings couldn’t be loaded" message={load.message} onRetry={load.retry} />
        )}
        {load.status === 'ready' && (
          <form ref={formRef} className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
            <TextField
              label="Workspace name"
              name="name"
              value={name}
              onChange={(event) => {
                setName(event.target.value);
                clearSaved();
              }}
              error={errors.name}
              maxLength={64}
              required
              hint="Shown in the sidebar, on the sign-in page and in call titles."
            />
            <Switch
              label="Open registration"
              name="registrationOpen"
              checked={registrationOpen}
              onChange={(open) => {
                setRegistrationOpen(open);
                clearSaved();
              }}
              description={
                registrationOpen
                  ? 'Anyone who can reach this server can create an account.'
                  : 'Only administrators can add people. Turn this on to let anyone who can reach this server sign up.'
              }
            />
            <FormFooter status={status} busy={busy} submitLabel="Save settings" unchanged={!dirty} />
          </form>
        )}
      </section>
      <PushSettingsSection />
    </>
  );
}
