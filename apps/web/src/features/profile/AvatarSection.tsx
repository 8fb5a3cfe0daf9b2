import { AVATAR_MAX_BYTES, AVATAR_MIME_TYPES } from '@parley/shared';
import { useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { profileApi } from './profile.api';
import { useMe, useSession } from '../../auth/session';
import { Alert } from '../../components/Alert';
import { Avatar } from '../../components/Avatar';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { Spinner } from '../../components/Spinner';
import { formatNumber } from '../../i18n/format';

// Decimal megabytes, the unit the server's messages use; one decimal at most so a limit never reads 2.097152.
const MAX_MB = Number((AVATAR_MAX_BYTES / 1_000_000).toFixed(1));

type AvatarProblem = 'notImage' | 'unsupported' | 'tooLarge';

/** Checks type and size before uploading, with the same limits the server enforces. */
function problemOf(file: File): AvatarProblem | null {
  if (!file.type.startsWith('image/')) return 'notImage';
  if (!(AVATAR_MIME_TYPES as readonly string[]).includes(file.type)) return 'unsupported';
  if (file.size > AVATAR_MAX_BYTES) return 'tooLarge';
  return null;
}

/** What the section says after a change: a message of its own (said in the language shown) or the server's. */
type Note =
  { tone: 'error' | 'success'; key: AvatarProblem | 'updated' | 'removed' } | { tone: 'error'; text: string };

export function AvatarSection() {
  const { t } = useTranslation();
  const me = useMe();
  const { setUser } = useSession();
  const inputRef = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState<'upload' | 'remove' | null>(null);
  const [message, setMessage] = useState<Note | null>(null);

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    const problem = problemOf(file);
    if (problem) {
      setMessage({ tone: 'error', key: problem });
      return;
    }
    setBusy('upload');
    setMessage(null);
    try {
      setUser(await profileApi.uploadAvatar(file));
      setMessage({ tone: 'success', key: 'updated' });
    } catch (error) {
      setMessage({ tone: 'error', text: errorMessage(error) });
    } finally {
      setBusy(null);
    }
  };

  const onRemove = async () => {
    setBusy('remove');
    setMessage(null);
    try {
      setUser(await profileApi.removeAvatar());
      setMessage({ tone: 'success', key: 'removed' });
    } catch (error) {
      setMessage({ tone: 'error', text: errorMessage(error) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="avatar-editor">
      <Avatar user={me} size="xl" />
      <div className="avatar-editor-body">
        <p className="field-label" id="avatar-label">
          {t('profile.avatar.label')}
        </p>
        <p className="field-hint" id="avatar-hint">
          {t('profile.avatar.hint', { mb: formatNumber(MAX_MB) })}
        </p>
        <div className="button-row">
          <input
            ref={inputRef}
            id="avatar-input"
            className="sr-only"
            type="file"
            accept={AVATAR_MIME_TYPES.join(',')}
            aria-labelledby="avatar-label"
            aria-describedby="avatar-hint"
            tabIndex={-1}
            onChange={(event) => void onFile(event)}
          />
          <Button
            variant="secondary"
            size="sm"
            icon={<Icon name="upload" />}
            busy={busy === 'upload'}
            disabled={busy !== null}
            aria-describedby="avatar-hint"
            onClick={() => inputRef.current?.click()}
          >
            {me.avatarUrl ? t('profile.avatar.change') : t('profile.avatar.upload')}
          </Button>
          {me.avatarUrl && (
            <Button
              variant="ghost"
              size="sm"
              icon={<Icon name="trash" />}
              busy={busy === 'remove'}
              disabled={busy !== null}
              onClick={() => void onRemove()}
            >
              {t('profile.avatar.remove')}
            </Button>
          )}
          {busy === 'upload' && <Spinner size="sm" label={t('profile.avatar.uploading')} />}
        </div>
        {message && (
          <Alert tone={message.tone} className="inline-alert">
            {'key' in message
              ? t(`profile.avatar.${message.key}`, { mb: formatNumber(MAX_MB) })
              : message.text}
          </Alert>
        )}
      </div>
    </div>
  );
}
