import { useTranslation } from 'react-i18next';
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

import { t as translate } from '../../i18n';

export const setupDoneNotice = (): string => translate('auth.setup.alreadyDone');

/** First run: name the workspace and create the first administrator. */
export function SetupPage() {
  const { t } = useTranslation();
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
          endLocally(setupDoneNotice());
          reload();
          return null;
        }
        return failure;
      },
    );
  };

  return (
    <AuthLayout
      title={t('auth.setup.title')}
      documentTitle={t('auth.setup.documentTitle')}
      description={t('auth.setup.description')}
    >
      <AuthForm formRef={formRef} formError={formError} onSubmit={onSubmit}>
        <fieldset className="fieldset">
          <legend>{t('auth.setup.workspace')}</legend>
          <TextField
            label={t('auth.setup.workspaceName')}
            {...bind('workspaceName')}
            error={errors.workspaceName}
            placeholder={t('app.name')}
            autoComplete="organization"
            hint={t('auth.setup.workspaceNameHint')}
          />
        </fieldset>
        <fieldset className="fieldset">
          <legend>{t('auth.setup.adminAccount')}</legend>
          <AccountFields bind={bind} errors={errors} />
        </fieldset>
        <Button type="submit" block busy={busy}>
          {t('auth.setup.submit')}
        </Button>
      </AuthForm>
    </AuthLayout>
  );
}
