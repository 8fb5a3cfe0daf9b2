import { E2EE_MODES, type E2eeMode } from '@parley/shared';
import { SelectField } from '../../components/SelectField';

const OPTIONS: readonly { value: E2eeMode; label: string }[] = [
  { value: 'off', label: 'Off' },
  { value: 'offered', label: 'Offered: encrypted where the browser can' },
  { value: 'required', label: 'Required: browsers that cannot encrypt cannot join' },
];

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
  what: string;
  value: E2eeMode;
  onChange: (mode: E2eeMode) => void;
  error?: string | undefined;
}) {
  return (
    <SelectField
      label="End-to-end encryption"
      name="e2ee"
      value={value}
      options={OPTIONS}
      error={error}
      onChange={(event) => {
        if (isMode(event.target.value)) onChange(event.target.value);
      }}
      hint={`Parley makes a new key for each of the ${what} and gives it only to the people it lets in, so Jitsi’s videobridge relays video and audio it cannot read. Needs a current Chrome, Edge, Firefox or Safari; recording, live streaming and transcription do not work on encrypted meetings. Applies to ${what} that start after saving.`}
    />
  );
}
