import { useId, useRef, type ClipboardEvent, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon';
import './files.css';
import type { ComposerFile, ComposerFiles } from './useComposerFiles';
import { sayText } from './said';
import { formatSize } from './uploads.api';

/** The paperclip: picks files from the device (several at once). */
export function AttachButton({ files, disabled }: { files: ComposerFiles; disabled?: boolean }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  return (
    <>
      <input
        ref={input}
        id={id}
        type="file"
        multiple
        hidden
        tabIndex={-1}
        onChange={(event) => {
          files.add([...(event.target.files ?? [])]);
          event.target.value = '';
        }}
      />
      <button
        type="button"
        className="composer-attach"
        title={t('chat.files.attach')}
        disabled={disabled}
        onClick={() => input.current?.click()}
      >
        <Icon name="paperclip" />
        <span className="sr-only">{t('chat.files.attach')}</span>
      </button>
    </>
  );
}

/** Files pasted into the composer (a screenshot from the clipboard); none for pasted text. */
export function pastedFiles(event: ClipboardEvent): File[] {
  return [...(event.clipboardData?.files ?? [])];
}

/** The files of the message being written: preview, name, size, progress, cancel/remove and errors. */
export function ComposerFileList({ files }: { files: ComposerFiles }) {
  const { t } = useTranslation();
  if (files.files.length === 0 && !files.notice) return null;
  return (
    <div className="composer-files">
      {files.notice && (
        <p className="composer-files-notice" role="alert">
          {sayText(files.notice)}
        </p>
      )}
      {files.files.length > 0 && (
        <ul className="composer-file-list" aria-label={t('chat.files.toSend')}>
          {files.files.map((file) => (
            <ComposerFileItem key={file.key} file={file} onRemove={() => files.remove(file.key)} />
          ))}
        </ul>
      )}
      {files.files.some((f) => f.status === 'failed') && (
        <p className="composer-files-notice">{t('chat.files.removeFailed')}</p>
      )}
    </div>
  );
}

function ComposerFileItem({ file, onRemove }: { file: ComposerFile; onRemove: () => void }) {
  const { t } = useTranslation();
  const percent = Math.round(file.progress * 100);
  return (
    <li className={`composer-file composer-file-${file.status}`}>
      {file.previewUrl ? (
        <img className="composer-file-thumb" src={file.previewUrl} alt="" />
      ) : (
        <span className="composer-file-thumb composer-file-icon" aria-hidden="true">
          <Icon name="file" />
        </span>
      )}
      <span className="composer-file-info">
        <span className="composer-file-name" title={file.name}>
          {file.name}
        </span>
        {file.status === 'failed' ? (
          <span className="composer-file-error" role="alert">
            {file.error}
          </span>
        ) : file.status === 'uploading' ? (
          <progress
            className="composer-file-progress"
            max={100}
            value={percent}
            aria-label={t('chat.files.uploading', { name: file.name })}
          />
        ) : (
          <span className="composer-file-size">{formatSize(file.upload?.size ?? file.size)}</span>
        )}
      </span>
      <button type="button" className="icon-button composer-file-remove" onClick={onRemove}>
        <Icon name="close" />
        <span className="sr-only">
          {file.status === 'uploading'
            ? t('chat.files.cancelUpload', { name: file.name })
            : t('chat.files.remove', { name: file.name })}
        </span>
      </button>
    </li>
  );
}

/** Whether a drag carries files (not text or a link dragged from the page). */
function carriesFiles(event: DragEvent): boolean {
  return [...(event.dataTransfer?.types ?? [])].includes('Files');
}

/**
 * Drop targets for files over a whole room: the handlers to spread on its element and whether files
 * are being dragged over it (to show "Drop files to attach them").
 */
export function fileDropHandlers(onFiles: (files: File[]) => void, setDragging: (dragging: boolean) => void) {
  return {
    onDragEnter: (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      setDragging(true);
    },
    onDragOver: (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    },
    onDragLeave: (event: DragEvent) => {
      // Leaving for a child of the room is not leaving the room.
      if (event.relatedTarget instanceof Node && event.currentTarget.contains(event.relatedTarget)) return;
      setDragging(false);
    },
    onDrop: (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      setDragging(false);
      const files = [...event.dataTransfer.files];
      if (files.length > 0) onFiles(files);
    },
  };
}

export function DropOverlay({ roomName }: { roomName: string }) {
  const { t } = useTranslation();
  return (
    <div className="drop-overlay" aria-hidden="true">
      <Icon name="upload" />
      <span>{t('chat.files.drop', { room: roomName })}</span>
    </div>
  );
}
