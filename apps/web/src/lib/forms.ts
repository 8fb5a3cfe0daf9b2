import { useEffect, useState, type ChangeEvent, type RefObject } from 'react';
import { ApiRequestError, errorMessage, fieldErrorsFrom } from '../api/client';
import { schemas, type SchemaPick } from '../api/schemas';
import { i18n, t } from '../i18n';
import { localizedValidation } from '../i18n/validation';
import { formatDate as formatIntlDate } from '../i18n/format';

export type FieldErrors = Record<string, string>;

/** What a zod schema's safeParse returns, reduced to what forms need. */
export interface ValidatingSchema<T> {
  safeParse(
    data: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
}

/**
 * Checks form values with the same schema the server uses; errors are keyed by top-level field name,
 * in the interface's language.
 */
export function validate<T>(
  schema: ValidatingSchema<T>,
  values: unknown,
): { ok: true; data: T } | { ok: false; errors: FieldErrors } {
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = String(issue.path[issue.path.length - 1] ?? 'form');
    if (!(key in errors)) errors[key] = localizedValidation(issue.message);
  }
  return { ok: false, errors };
}

/** Splits a failed submission into a form-level message and per-field messages. */
export function describeFailure(error: unknown): { message: string; fields: FieldErrors } {
  if (error instanceof ApiRequestError) {
    return { message: error.message, fields: fieldErrorsFrom(error.details) };
  }
  return { message: errorMessage(error), fields: {} };
}

/** After a failed submit, move focus to the first invalid field so its error is read out. */
export function useFocusFirstInvalid(formRef: RefObject<HTMLFormElement | null>, errors: FieldErrors): void {
  useEffect(() => {
    if (Object.keys(errors).length === 0) return;
    const field = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    field?.focus();
  }, [formRef, errors]);
}

/** Empty strings become undefined so optional fields are simply left out. */
export function optional(value: string): string | undefined {
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

export function formatDate(iso: string | null, fallback = '—'): string {
  if (!iso) return fallback;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return fallback;
  return formatIntlDate(date, { year: 'numeric', month: 'short', day: 'numeric' });
}

/** Date and time, for deadlines such as a link's expiry. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return formatIntlDate(date, {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/**
 * Values of a flat form plus a change handler per field. `onEdit` runs when the person changes a
 * field (not on reset): forms use it to clear an old "saved" message once a new change begins.
 */
export function useFields<T extends Record<string, string>>(initial: T, onEdit?: () => void) {
  const [values, setValues] = useState<T>(initial);
  const bind = (name: keyof T & string) => ({
    name,
    value: values[name],
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLSelectElement>) => {
      const { value } = event.target;
      setValues((current) => ({ ...current, [name]: value }));
      onEdit?.();
    },
  });
  return { values, setValues, bind, reset: () => setValues(initial) };
}

export interface FormStatus {
  tone: 'error' | 'success';
  text: string;
}

type FailureShown = (
  error: unknown,
  failure: { message: string; fields: FieldErrors },
) => { message: string; fields: FieldErrors } | null;

/**
 * A form that saves: its field errors, the outcome of the last save and the busy flag. `save` sends
 * (what `send` resolves to is said as done); a failure shows the server's message and field errors,
 * which `onFailure` may refine (an empty message shows field errors only; null: it handled the failure
 * itself). `reject` shows what the form found wrong before asking the server. `clearSaved` drops a
 * success message: call it on every edit. Focus goes to the first invalid field.
 */
export function useSaveForm(formRef: RefObject<HTMLFormElement | null>) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState<FormStatus | null>(null);
  const [busy, setBusy] = useState(false);
  useFocusFirstInvalid(formRef, errors);
  // A "saved" note is said once, in the language of that moment: when the language changes, it goes
  // rather than stay in the old one.
  useEffect(() => {
    const drop = () => setStatus((current) => (current?.tone === 'success' ? null : current));
    i18n.on('languageChanged', drop);
    return () => i18n.off('languageChanged', drop);
  }, []);

  const reject = (found: FieldErrors, said: FormStatus | null = null) => {
    setStatus(said);
    setErrors(found);
  };

  const save = async (send: () => Promise<string | void>, onFailure?: FailureShown): Promise<void> => {
    setBusy(true);
    setErrors({});
    setStatus(null);
    try {
      const done = await send();
      setBusy(false);
      if (done) setStatus({ tone: 'success', text: done });
    } catch (error) {
      const failure = describeFailure(error);
      const shown = onFailure ? onFailure(error, failure) : failure;
      setBusy(false);
      if (shown) {
        setStatus(shown.message ? { tone: 'error', text: shown.message } : null);
        setErrors(shown.fields);
      }
    }
  };

  const clearSaved = () => setStatus((current) => (current?.tone === 'success' ? null : current));
  return { errors, setErrors, status, setStatus, busy, save, reject, clearSaved };
}

/**
 * One form submission: checks the values with the shared schema, then saves them as `useSaveForm`
 * does (`send` gets the checked data). `clearSaved` drops a success message; pass it to `useFields`
 * so the next edit clears it.
 */
export function useSubmission(formRef: RefObject<HTMLFormElement | null>) {
  const { errors, status, busy, save, reject, clearSaved } = useSaveForm(formRef);

  /** `schema` may be picked from the lazily loaded schemas, `(s) => s.XSchema` (api/schemas.ts). */
  async function submit<T>(
    schema: ValidatingSchema<T> | SchemaPick<ValidatingSchema<T>>,
    values: unknown,
    send: (data: T) => Promise<string | void>,
    onFailure?: FailureShown,
  ): Promise<void> {
    let check: ValidatingSchema<T>;
    try {
      // Once the schemas are in (after the first answer), at once, as with a schema at hand.
      check = typeof schema === 'function' ? schema(schemas.current() ?? (await schemas.load())) : schema;
    } catch {
      reject({}, { tone: 'error', text: t('common.error.network') });
      return;
    }
    const checked = validate(check, values);
    if (!checked.ok) {
      reject(checked.errors);
      return;
    }
    await save(() => send(checked.data), onFailure);
  }

  const formError = status?.tone === 'error' ? status.text : null;
  return { errors, formError, status, busy, submit, clearSaved };
}
