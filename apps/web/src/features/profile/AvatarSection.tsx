import { AVATAR_MAX_BYTES, AVATAR_MIME_TYPES } from '@parley/shared';
import { useRef, useState, type ChangeEvent } from 'react';
import { errorMessage } from '../../api/client';
import { profileApi } from './profile.api';
import { useMe, useSession } from '../../auth/session';
import { Alert } from '../../components/Alert';
import { Avatar } from '../../components/Avatar';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { Spinner } from '../../components/Spinner';

// Decimal megabytes, the unit the server's messages use; one decimal at most so a limit never reads 2.097152.
const MAX_MB = Number((AVATAR_MAX_BYTES / 1_000_000).toFixed(1));

/** Checks type and size before uploading, with the same limits the server enforces. */
export function avatarProblem(file: File): string | null {
  if (!file.type.startsWith('image/')) return 'That file is not an image. Choose a PNG, JPEG, WebP or GIF.';
  if (!(AVATAR_MIME_TYPES as readonly string[]).includes(file.type)) {
    return 'That kind of image is not supported. Choose a PNG, JPEG, WebP or GIF.';
  }
  if (file.size > AVATAR_MAX_BYTES) return `That image is larger than ${MAX_MB} MB. Choose a smaller one.`;
  return null;
}

export function AvatarSection() {
  const me = useMe();
  const { setUser } = useSession();
  const inputRef = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState<'upload' | 'remove' | null>(null);
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    const problem = avatarProblem(file);
    if (problem) {
      setMessage({ tone: 'error', text: problem });
      return;
    }
    setBusy('upload');
    setMessage(null);
    try {
      setUser(await profileApi.uploadAvatar(file));
      setMessage({ tone: 'success', text: 'Profile picture updated.' });
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
      setMessage({ tone: 'success', text: 'Profile picture removed.' });
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
          Profile picture
        </p>
        <p className="field-hint" id="avatar-hint">
          PNG, JPEG, WebP or GIF, up to {MAX_MB} MB. Without one, your initials are shown.
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
            {me.avatarUrl ? 'Change picture' : 'Upload picture'}
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
              Remove picture
            </Button>
          )}
          {busy === 'upload' && <Spinner size="sm" label="Uploading picture" />}
        </div>
        {message && (
          <Alert tone={message.tone} className="inline-alert">
            {message.text}
          </Alert>
        )}
      </div>
    </div>
  );
}
