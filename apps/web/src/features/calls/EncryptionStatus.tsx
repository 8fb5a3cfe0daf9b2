import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon';
import type { EncryptionState } from './e2ee';
import { andList } from './format';

/**
 * The meeting's lock: "End-to-end encrypted" when everyone's media is encrypted with the meeting's
 * key, or why it is not (this browser cannot encrypt, or someone joined from one that cannot). A
 * status region, so a change (someone joining in clear) is announced.
 */
export function EncryptionStatus({ state }: { state: EncryptionState }) {
  const { t } = useTranslation();
  if (state.kind === 'none') return null;
  if (state.kind === 'encrypted') {
    return (
      <p className="encryption-status is-encrypted" role="status">
        <Icon name="lock" />
        <span>{t('calls.encryption.encrypted')}</span>
        <span className="sr-only">{t('calls.encryption.encryptedWhy')}</span>
      </p>
    );
  }
  const why =
    state.kind === 'self-unencrypted'
      ? t('calls.encryption.self')
      : t('calls.encryption.others', { names: andList(state.names), count: state.names.length });
  return (
    <p className="encryption-status is-unencrypted" role="status">
      <Icon name="alert" />
      <span>
        {t('calls.encryption.notEncrypted')}
        <span className="encryption-status-why">{t('calls.encryption.why', { why })}</span>
      </span>
    </p>
  );
}
