import type { SecretState } from '@parley/shared';
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { CopyButton } from '../../components/CopyButton';
import { FieldMessages, fieldDescribedBy } from '../../components/FieldMessages';

/** What the next save does with a write-only secret: nothing, set a new value, or remove it. */
export type SecretChange =
  | { kind: 'keep' }
  /** `generated`: made by the Generate button, so it is shown to be copied. */
  | { kind: 'replace'; value: string; generated?: boolean }
  | { kind: 'clear' };

export const KEEP: SecretChange = { kind: 'keep' };

/** The PATCH value for a change: absent (keep), a string (set) or null (clear). */
export function secretPatch(change: SecretChange): string | null | undefined {
  if (change.kind === 'replace') return change.value;
  if (change.kind === 'clear') return null;
  return undefined;
}

export interface SecretFieldProps {
  label: string;
  hint?: ReactNode;
  state: SecretState;
  change: SecretChange;
  onChange: (change: SecretChange) => void;
  error?: string | undefined;
  /** A textarea for long values (a base64 key). */
  multiline?: boolean;
  /** Offers a random value (for secrets Parley's admin makes up, such as the event_sync token). */
  generate?: boolean;
  /** Offers Clear (off for secrets that must always be set, such as a client secret). */
  clearable?: boolean;
}

function randomSecret(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * A write-only secret: the server says only whether it is set, so the field shows that and offers
 * Replace (type a new value) and Clear; nothing typed is ever shown back after saving.
 */
export function SecretField({
  label,
  hint,
  state,
  change,
  onChange,
  error,
  multiline = false,
  generate = false,
  clearable = true,
}: SecretFieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const inputId = `${id}-input`;
  const describedBy = fieldDescribedBy(id, hint, error);
  const status = t(
    !state.set
      ? 'settings.secret.notSet'
      : state.readable
        ? 'settings.secret.set'
        : 'settings.secret.unreadable',
  );
  return (
    <div
      className={`field secret-field${error ? ' field-invalid' : ''}`}
      role="group"
      aria-labelledby={`${id}-label`}
    >
      <span className="field-label" id={`${id}-label`}>
        {label}
      </span>
      <div className="secret-status">
        <span
          className={`badge${state.set && state.readable ? ' badge-brand' : state.set ? ' badge-danger' : ''}`}
        >
          {status}
        </span>
        {change.kind === 'keep' && (
          <>
            <Button
              size="sm"
              variant="secondary"
              aria-label={t(state.set ? 'settings.secret.replaceNamed' : 'settings.secret.setNamed', {
                label,
              })}
              onClick={() => onChange({ kind: 'replace', value: '' })}
            >
              {t(state.set ? 'settings.secret.replace' : 'settings.secret.setAction')}
            </Button>
            {state.set && clearable && (
              <Button
                size="sm"
                variant="ghost"
                aria-label={t('settings.secret.clearNamed', { label })}
                onClick={() => onChange({ kind: 'clear' })}
              >
                {t('settings.secret.clear')}
              </Button>
            )}
          </>
        )}
        {change.kind === 'clear' && (
          <>
            <span className="secret-pending">{t('settings.secret.willBeRemoved')}</span>
            <Button
              size="sm"
              variant="ghost"
              aria-label={t('settings.secret.keepNamed', { label })}
              onClick={() => onChange({ kind: 'keep' })}
            >
              {t('settings.secret.keep')}
            </Button>
          </>
        )}
      </div>
      {change.kind === 'replace' && (
        <div className="secret-input">
          <label className="sr-only" htmlFor={inputId}>
            {t('settings.secret.newNamed', { label })}
          </label>
          {multiline ? (
            <textarea
              id={inputId}
              className="input secret-textarea"
              rows={5}
              spellCheck={false}
              autoComplete="off"
              autoFocus
              value={change.value}
              aria-invalid={error ? true : undefined}
              aria-describedby={describedBy}
              onChange={(event) => onChange({ kind: 'replace', value: event.target.value })}
            />
          ) : (
            <input
              id={inputId}
              className="input"
              type="password"
              autoComplete="new-password"
              spellCheck={false}
              autoFocus
              value={change.value}
              aria-invalid={error ? true : undefined}
              aria-describedby={describedBy}
              onChange={(event) => onChange({ kind: 'replace', value: event.target.value })}
            />
          )}
          <div className="secret-actions">
            {generate && (
              <Button
                size="sm"
                variant="secondary"
                onClick={() => onChange({ kind: 'replace', value: randomSecret(), generated: true })}
              >
                {t('settings.secret.generate')}
              </Button>
            )}
            <Button
              size="sm"
              variant="ghost"
              aria-label={t('settings.secret.cancelNamed', { label })}
              onClick={() => onChange({ kind: 'keep' })}
            >
              {t('settings.secret.cancel')}
            </Button>
          </div>
          {change.generated && change.value !== '' && (
            <div className="secret-generated">
              <code className="inline-code">{change.value}</code>
              <CopyButton text={change.value} />
              <p className="field-hint">{t('settings.secret.copyNow')}</p>
            </div>
          )}
        </div>
      )}
      <FieldMessages id={id} hint={hint} error={error} />
    </div>
  );
}
