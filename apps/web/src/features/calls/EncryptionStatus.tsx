import { Icon } from '../../components/Icon';
import type { EncryptionState } from './e2ee';

const list = (names: string[]) =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;

/**
 * The meeting's lock: "End-to-end encrypted" when everyone's media is encrypted with the meeting's
 * key, or why it is not (this browser cannot encrypt, or someone joined from one that cannot). A
 * status region, so a change (someone joining in clear) is announced.
 */
export function EncryptionStatus({ state }: { state: EncryptionState }) {
  if (state.kind === 'none') return null;
  if (state.kind === 'encrypted') {
    return (
      <p className="encryption-status is-encrypted" role="status">
        <Icon name="lock" />
        <span>End-to-end encrypted</span>
        <span className="sr-only">: only the people in this meeting can see and hear it.</span>
      </p>
    );
  }
  const why =
    state.kind === 'self-unencrypted'
      ? 'This browser cannot encrypt video calls, so you joined without end-to-end encryption and the others are told.'
      : `${list(state.names)} joined from a browser that cannot encrypt, so this meeting is not end-to-end encrypted for them.`;
  return (
    <p className="encryption-status is-unencrypted" role="status">
      <Icon name="alert" />
      <span>
        Not end-to-end encrypted<span className="encryption-status-why">: {why}</span>
      </span>
    </p>
  );
}
