import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { CheckboxField } from '../../components/CheckboxField';
import { CopyButton } from '../../components/CopyButton';
import { Icon } from '../../components/Icon';
import { t } from '../../i18n';

/** Saves the codes as a text file through a temporary link; false where the browser can't. */
function download(codes: readonly string[]): boolean {
  if (typeof URL.createObjectURL !== 'function') return false;
  const text = `${t('profile.recovery.fileTitle')}\n${t('profile.recovery.fileNote')}\n\n${codes.join('\n')}\n`;
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = 'parley-recovery-codes.txt';
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
  return true;
}

/**
 * Recovery codes, shown once right after they were made: copy or download them, then say they are
 * saved (only then does the panel close).
 */
export function RecoveryCodes({ codes, onDone }: { codes: readonly string[]; onDone: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const [saved, setSaved] = useState(false);
  const [downloadFailed, setDownloadFailed] = useState(false);
  useEffect(() => {
    ref.current?.focus();
  }, [codes]);
  return (
    <div className="secret-box" ref={ref} tabIndex={-1} role="region" aria-labelledby="recovery-title">
      <p className="alert-title" id="recovery-title">
        {t('profile.recovery.title')}
      </p>
      <p className="secret-warning">
        <Icon name="alert" />
        <span>{t('profile.recovery.warning')}</span>
      </p>
      <ol className="recovery-codes" aria-label={t('profile.recovery.listLabel')}>
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div className="button-row">
        <CopyButton text={codes.join('\n')} label={t('profile.recovery.copy')} />
        <Button
          variant="secondary"
          icon={<Icon name="upload" />}
          onClick={() => setDownloadFailed(!download(codes))}
        >
          {t('profile.recovery.download')}
        </Button>
      </div>
      {downloadFailed && (
        <p className="field-error" role="alert">
          {t('profile.recovery.downloadFailed')}
        </p>
      )}
      <CheckboxField label={t('profile.recovery.saved')} checked={saved} onChange={setSaved} />
      <Button variant="primary" size="sm" disabled={!saved} onClick={onDone}>
        {t('profile.recovery.done')}
      </Button>
    </div>
  );
}
