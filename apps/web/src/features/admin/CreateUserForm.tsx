import { AdminUserCreateRequestSchema } from '@parley/shared';
import { useRef, type FormEvent } from 'react';
import { isApiError } from '../../api/client';
import type { AdminUser } from '@parley/shared';
import { adminApi } from './admin.api';
import { AccountFields } from '../../components/AccountFields';
import { FormFooter } from '../../components/FormFooter';
import { SelectField } from '../../components/SelectField';
import { optional, useFields, useSubmission } from '../../lib/forms';
import { ROLE_LABELS } from '../../lib/roles';

const ROLE_OPTIONS = [
  { value: 'user', label: ROLE_LABELS.user },
  { value: 'admin', label: ROLE_LABELS.admin },
] as const;

export function CreateUserForm({ onCreated }: { onCreated: (user: AdminUser) => void }) {
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
        return `Created an account for ${user.displayName} (@${user.username}). Share the password with them privately.`;
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
        Add a person
      </h2>
      <p className="card-description">
        Create an account for someone. They can change their details and password later.
      </p>
      <form ref={formRef} className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
        <div className="form-grid">
          <AccountFields bind={bind} errors={errors} forSomeoneElse />
          <SelectField
            label="Role"
            {...bind('role')}
            options={ROLE_OPTIONS}
            error={errors.role}
            hint="Administrators can change workspace settings and add people."
          />
        </div>
        <FormFooter status={status} busy={busy} submitLabel="Create user" />
      </form>
    </section>
  );
}
