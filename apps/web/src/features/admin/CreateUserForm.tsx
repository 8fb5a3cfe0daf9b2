import { AdminUserCreateRequestSchema } from '@parley/shared';
import { useRef, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import type { AdminUser } from '@parley/shared';
import { adminApi } from './admin.api';
import { AccountFields } from '../../components/AccountFields';
import { FormFooter } from '../../components/FormFooter';
import { SelectField } from '../../components/SelectField';
import { optional, useFields, useSubmission } from '../../lib/forms';
import { ROLE_LABELS } from '../../lib/roles';

export function CreateUserForm({ onCreated }: { onCreated: (user: AdminUser) => void }) {
  const { t } = useTranslation();
  // Read while rendering: the role words follow the interface language.
  const roleOptions = [
    { value: 'user', label: ROLE_LABELS.user },
    { value: 'admin', label: ROLE_LABELS.admin },
  ] as const;
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, status, busy, submit, clearSaved } = useSubmission(formRef);
  const { values, bind, reset } = useFields(
    { username: '', displayName: '', email: '', password: '', role: 'user' },
    clearSaved,
  );

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    await submit(
      AdminUserCreateRequestSchema,
      { ...values, email: optional(values.email) },
      async (data) => {
        const user = await adminApi.createUser(data);
        onCreated(user);
        reset();
        return t('admin.createUser.created', { name: user.displayName, username: user.username });
      },
      // A taken username is said once, on its field.
      (error, failure) =>
        isApiError(error) && error.code === 'username_taken'
          ? { message: '', fields: { username: error.message } }
          : failure,
    );
  };

  return (
    <section className="card" aria-labelledby="admin-add-person">
      <h2 className="card-title" id="admin-add-person">
        {t('admin.createUser.title')}
      </h2>
      <p className="card-description">{t('admin.createUser.description')}</p>
      <form ref={formRef} className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
        <div className="form-grid">
          <AccountFields bind={bind} errors={errors} forSomeoneElse />
          <SelectField
            label={t('admin.createUser.role')}
            {...bind('role')}
            options={roleOptions}
            error={errors.role}
            hint={t('admin.createUser.roleHint')}
          />
        </div>
        <FormFooter status={status} busy={busy} submitLabel={t('admin.createUser.submit')} />
      </form>
    </section>
  );
}
