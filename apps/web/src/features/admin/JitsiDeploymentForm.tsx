import type { JitsiSettingsView, SettingsResponse } from '@parley/shared';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { adminApi } from './admin.api';
import { FormFooter } from '../../components/FormFooter';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { useSaveForm } from '../../lib/forms';
import { DEPLOYMENT_OPTIONS, defaultXmppDomain } from './videoCallsForm';

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
      return 'Deployment saved; the check below is for it.';
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
        Your Jitsi deployment
      </h3>
      <SelectField
        label="Deployment"
        name="deployment"
        value={deployment}
        options={DEPLOYMENT_OPTIONS}
        error={errors.deployment}
        onChange={(event) => {
          setDeployment(event.target.value as Deployment);
          edited();
        }}
        hint="Which kind of Jitsi Parley talks to. With domain verification on (a Debian install’s default), Prosody admits a token only when its subject (sub) is the XMPP domain, or the tenant on tenant URLs; the check warns about a subject it would refuse."
      />
      {deployment !== 'jaas' && (
        <TextField
          label="Prosody VirtualHost"
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
              ? 'XMPP_DOMAIN in your docker-jitsi-meet .env. Leave empty for meet.jitsi, its default.'
              : 'The VirtualHost in /etc/prosody/conf.avail/. Leave empty when it is the public host name, as the installer sets it.'
          }
        />
      )}
      <FormFooter status={status} busy={busy} submitLabel="Save deployment" disabled={!dirty} />
    </form>
  );
}
