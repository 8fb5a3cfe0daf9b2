import { E2EE_MODES, type E2eeMode } from '@parley/shared';
import { useTranslation } from 'react-i18next';
import { SelectField } from '../../components/SelectField';

const isMode = (value: string): value is E2eeMode => (E2EE_MODES as readonly string[]).includes(value);

/**
 * End-to-end encryption of the meeting media, for calls or consultations. Parley makes a fresh key
 * per call or session and gives it only to the people it lets in; the videobridge relays media it
 * cannot read.
 */
export function E2eeModeField({
  what,
  value,
  onChange,
  error,
}: {
  /** "calls" or "consultations", for the hint. */
  what: 'calls' | 'consultations';
  value: E2eeMode;
  onChange: (mode: E2eeMode) => void;
  error?: string | undefined;
}) {
  const { t } = useTranslation();
  const options = E2EE_MODES.map((mode) => ({ value: mode, label: t(`settings.e2ee.${mode}`) }));
  return (
    <SelectField
      label={t('settings.e2ee.label')}
      name="e2ee"
      value={value}
      options={options}
      error={error}
      onChange={(event) => {
        if (isMode(event.target.value)) onChange(event.target.value);
      }}
      hint={t(what === 'consultations' ? 'settings.e2ee.hintConsultations' : 'settings.e2ee.hintCalls')}
    />
  );
}
