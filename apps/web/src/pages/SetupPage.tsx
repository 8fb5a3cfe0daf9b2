import { SetupRequestSchema } from '@parley/shared';
import { useRef, useState, type FormEvent } from 'react';
import { isApiError } from '../api/client';
import { api } from '../api/endpoints';
import { useSession } from '../auth/session';
import { AccountFields } from '../components/AccountFields';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';
import { TextField } from '../components/TextField';
import { AuthLayout } from '../layout/AuthLayout';
import {
  describeFailure,
  optional,
  useFields,
  useFocusFirstInvalid,
  validate,
  type FieldErrors,
} from '../lib/forms';

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
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, errors);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const checked = validate(SetupRequestSchema, {
      ...values,
      email: optional(values.email),
      workspaceName: optional(values.workspaceName),
    });
    if (!checked.ok) {
      setFormError(null);
      setErrors(checked.errors);
      return;
    }
    setBusy(true);
    setErrors({});
    setFormError(null);
    try {
      const session = await api.setup(checked.data);
      if (checked.data.workspaceName) updateInstance({ workspaceName: checked.data.workspaceName });
      signedIn(session);
    } catch (error) {
      if (isApiError(error) && error.code === 'setup_already_done') {
        // Someone else finished setup first: reload the instance, which leads to the sign-in page.
        endLocally(SETUP_DONE_NOTICE);
        reload();
        return;
      }
      const failure = describeFailure(error);
      setBusy(false);
      setFormError(failure.message);
      setErrors(failure.fields);
    }
  };

  return (
    <AuthLayout
      title="Set up Parley"
      documentTitle="Setup"
      description="Name your workspace and create the first administrator account. You can change these later."
    >
      {formError && (
        <Alert tone="error" className="form-alert">
          {formError}
        </Alert>
      )}
      <form ref={formRef} className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
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
      </form>
    </AuthLayout>
  );
}
