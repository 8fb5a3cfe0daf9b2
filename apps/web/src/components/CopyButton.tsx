import { useTranslation } from 'react-i18next';
import { useEffect, useState } from 'react';
import { Button } from './Button';
import { Icon } from './Icon';

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** Copies `text`; reports the outcome in a polite live region next to the button. */
export function CopyButton({ text, label }: { text: string; label?: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    if (state === 'idle') return;
    const timer = window.setTimeout(() => setState('idle'), 2500);
    return () => window.clearTimeout(timer);
  }, [state]);

  return (
    <span className="copy-button">
      <Button
        variant="secondary"
        icon={<Icon name={state === 'copied' ? 'check' : 'copy'} />}
        onClick={() => {
          void copyText(text).then((ok) => setState(ok ? 'copied' : 'failed'));
        }}
      >
        {state === 'copied' ? t('common.copy.copied') : (label ?? t('common.copy.label'))}
      </Button>
      <span className="copy-status" role="status">
        {state === 'failed' ? t('common.copy.failed') : ''}
      </span>
    </span>
  );
}
