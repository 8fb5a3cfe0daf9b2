import { useEffect, useRef, useState } from 'react';
import { Button } from '../../components/Button';
import { CheckboxField } from '../../components/CheckboxField';
import { CopyButton } from '../../components/CopyButton';
import { Icon } from '../../components/Icon';

/** Saves the codes as a text file through a temporary link; false where the browser can't. */
function download(codes: readonly string[]): boolean {
  if (typeof URL.createObjectURL !== 'function') return false;
  const text = `Parley recovery codes\nEach code works once.\n\n${codes.join('\n')}\n`;
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
  const ref = useRef<HTMLDivElement>(null);
  const [saved, setSaved] = useState(false);
  const [downloadFailed, setDownloadFailed] = useState(false);
  useEffect(() => {
    ref.current?.focus();
  }, [codes]);
  return (
    <div className="secret-box" ref={ref} tabIndex={-1} role="region" aria-labelledby="recovery-title">
      <p className="alert-title" id="recovery-title">
        Your recovery codes
      </p>
      <p className="secret-warning">
        <Icon name="alert" />
        <span>
          Save them now — you won’t see them again. Each code signs you in once if you lose your authenticator
          app or passkeys.
        </span>
      </p>
      <ol className="recovery-codes" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div className="button-row">
        <CopyButton text={codes.join('\n')} label="Copy codes" />
        <Button
          variant="secondary"
          icon={<Icon name="upload" />}
          onClick={() => setDownloadFailed(!download(codes))}
        >
          Download .txt
        </Button>
      </div>
      {downloadFailed && (
        <p className="field-error" role="alert">
          Your browser could not save the file: copy the codes instead.
        </p>
      )}
      <CheckboxField
        label="I’ve saved my recovery codes somewhere safe"
        checked={saved}
        onChange={setSaved}
      />
      <Button variant="primary" size="sm" disabled={!saved} onClick={onDone}>
        Done
      </Button>
    </div>
  );
}
