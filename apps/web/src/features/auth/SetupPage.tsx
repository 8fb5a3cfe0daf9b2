import { SetupRequestSchema } from '@parley/shared';
import { useRef, type FormEvent } from 'react';
import { isApiError } from '../../api/client';
import { authApi } from './auth.api';
import { useSession } from '../../auth/session';
import { AccountFields } from '../../components/AccountFields';
import { Button } from '../../components/Button';
import { TextField } from '../../components/TextField';
import { AuthForm, AuthLayout } from './AuthLayout';
import { optional, useFields, useSubmission } from '../../lib/forms';

export const SETUP_DONE_NOTICE = 'This workspace has already been set up. Sign in with your account.';

/** First run: name the workspace and create the first administrator. */
export function SetupPage() {
  const { signedIn, endLocally, reload, updateInstance } = useSession();
  const { values, bind } = useFields({
    workspaceName: '',
    username: '',
    displayName: '',
    email: '',
    password: '',
  });
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, formError, busy, submit } = useSubmission(formRef);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    await submit(
      SetupRequestSchema,
      { ...values, email: optional(values.email), workspaceName: optional(values.workspaceName) },
      async (data) => {
        const session = await authApi.setup(data);
        if (data.workspaceName) updateInstance({ workspaceName: data.workspaceName });
        signedIn(session);
      },
      (error, failure) => {
        if (isApiError(error) && error.code === 'setup_already_done') {
          // Someone else finished setup first: reload the instance, which leads to the sign-in page.
          endLocally(SETUP_DONE_NOTICE);
          reload();
          return null;
        }
        return failure;
      },
    );
  };

  return (
    <AuthLayout
      title="Set up Parley"
      documentTitle="Setup"
      description="Name your workspace and create the first administrator account. You can change these later."
    >
      <AuthForm formRef={formRef} formError={formError} onSubmit={onSubmit}>
        <fieldset className="fieldset">
          <legend>Workspace</legend>
          <TextField
            label="Workspace name"
            {...bind('workspaceName')}
            error={errors.workspaceName}
            placeholder="Parley"
            autoComplete="organization"
            hint="Shown in the sidebar and on the sign-in page. Leave empty to use “Parley”."
          />
        </fieldset>
        <fieldset className="fieldset">
          <legend>Your administrator account</legend>
          <AccountFields bind={bind} errors={errors} />
        </fieldset>
        <Button type="submit" block busy={busy}>
          Create admin account
        </Button>
      </AuthForm>
    </AuthLayout>
  );
}
