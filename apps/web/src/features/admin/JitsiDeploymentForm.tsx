import type { JitsiSettingsView, SettingsResponse } from '@parley/shared';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi } from './admin.api';
import { FormFooter } from '../../components/FormFooter';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { useSaveForm } from '../../lib/forms';
import { defaultXmppDomain, deploymentOptions } from './videoCallsForm';

type Deployment = JitsiSettingsView['deployment'];

export interface JitsiDeploymentFormProps {
  saved: JitsiSettingsView;
  onSaved: (response: SettingsResponse) => void;
}

/**
 * "Which Jitsi is this?": the kind of deployment and its XMPP domain, saved on their own (the rest
 * of the Jitsi form may hold unsaved edits). The check judges the token's `sub` by them: a Debian
 * install and a docker-jitsi-meet with JWT_ENABLE_DOMAIN_VERIFICATION accept only the XMPP domain.
 */
export function JitsiDeploymentForm({ saved, onSaved }: JitsiDeploymentFormProps) {
  const { t } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  const [deployment, setDeployment] = useState<Deployment>(saved.deployment);
  const [xmppDomain, setXmppDomain] = useState(saved.xmppDomain);
  const { errors, setErrors, status, setStatus, busy, save } = useSaveForm(formRef);
  // Saved elsewhere too (an unchosen kind follows Use JaaS in the Jitsi form): start from what is stored.
  useEffect(() => {
    setDeployment(saved.deployment);
    setXmppDomain(saved.xmppDomain);
  }, [saved.deployment, saved.xmppDomain]);

  const patch: { deployment?: Deployment; xmppDomain?: string } = {};
  if (deployment !== saved.deployment) patch.deployment = deployment;
  if (deployment !== 'jaas' && xmppDomain.trim() !== saved.xmppDomain) patch.xmppDomain = xmppDomain.trim();
  const dirty = Object.keys(patch).length > 0;

  const edited = () => {
    setStatus(null);
    setErrors({});
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!dirty) return;
    await save(async () => {
      const response = await adminApi.patchSettings({ jitsi: patch });
      onSaved(response);
      return t('settings.deployment.saved');
    });
  };

  return (
    <form
      ref={formRef}
      className="form check-block"
      noValidate
      aria-labelledby="admin-jitsi-deployment"
      onSubmit={(event) => void onSubmit(event)}
    >
      <h3 className="subsection-title" id="admin-jitsi-deployment">
        {t('settings.deployment.title')}
      </h3>
      <SelectField
        label={t('settings.deployment.label')}
        name="deployment"
        value={deployment}
        options={deploymentOptions()}
        error={errors.deployment}
        onChange={(event) => {
          setDeployment(event.target.value as Deployment);
          edited();
        }}
        hint={t('settings.deployment.hint')}
      />
      {deployment !== 'jaas' && (
        <TextField
          label={t('settings.deployment.xmppDomain')}
          name="xmppDomain"
          value={xmppDomain}
          error={errors.xmppDomain}
          autoComplete="off"
          spellCheck={false}
          placeholder={defaultXmppDomain(deployment, saved.domain) || undefined}
          onChange={(event) => {
            setXmppDomain(event.target.value);
            edited();
          }}
          hint={
            deployment === 'docker'
              ? t('settings.deployment.xmppHintDocker')
              : t('settings.deployment.xmppHintDebian')
          }
        />
      )}
      <FormFooter
        status={status}
        busy={busy}
        submitLabel={t('settings.deployment.submit')}
        disabled={!dirty}
      />
    </form>
  );
}
