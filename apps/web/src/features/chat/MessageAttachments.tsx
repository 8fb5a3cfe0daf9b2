import type { Attachment } from '@parley/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { t as translate } from '../../i18n';
import { Icon } from '../../components/Icon';
import { Lightbox } from './Lightbox';
import { downloadUrl, formatSize } from './uploads.api';

/** Raster images the browser shows (the server re-encoded them and made a thumbnail). */
export const isImage = (a: Attachment) => a.type.startsWith('image/') && a.type !== 'image/svg+xml';
const isPdf = (a: Attachment) => a.type === 'application/pdf';

/**
 * A message's files: images as thumbnails (a click opens them large), PDFs as a card with a preview
 * that opens on demand, anything else as a card to download.
 */
export function MessageAttachments({ attachments }: { attachments: readonly Attachment[] }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<number | null>(null);
  if (attachments.length === 0) return null;
  const images = attachments.filter(isImage);
  const others = attachments.filter((a) => !isImage(a));
  return (
    <div className="msg-files">
      {images.length > 0 && (
        <ul className="msg-images" aria-label={t('chat.attachments.images')}>
          {images.map((image, i) => (
            <li key={image.id}>
              <button type="button" className="msg-image" onClick={() => setOpen(i)}>
                <img src={image.thumbnailUrl ?? image.url} alt="" loading="lazy" {...thumbnailSize(image)} />
                <span className="sr-only">{t('chat.attachments.open', { name: image.name })}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {others.map((file) => (
        <FileCard key={file.id} file={file} />
      ))}
      {open !== null && (
        <Lightbox images={images} index={open} onIndex={setOpen} onClose={() => setOpen(null)} />
      )}
    </div>
  );
}

/** The thumbnail's box (at most 360 × 240), so the message does not jump when it loads. */
function thumbnailSize(image: Attachment): { width?: number; height?: number } {
  if (!image.width || !image.height) return {};
  const scale = Math.min(1, 360 / image.width, 240 / image.height);
  return {
    width: Math.max(1, Math.round(image.width * scale)),
    height: Math.max(1, Math.round(image.height * scale)),
  };
}

function FileCard({ file }: { file: Attachment }) {
  const { t } = useTranslation();
  const [preview, setPreview] = useState(false);
  const pdf = isPdf(file);
  return (
    <div className="msg-file">
      <div className="msg-file-card">
        <span className="msg-file-icon" aria-hidden="true">
          <Icon name="file" />
        </span>
        <span className="msg-file-info">
          <a
            className="msg-file-name"
            href={file.url}
            target="_blank"
            rel="noopener noreferrer"
            title={file.name}
          >
            {file.name}
          </a>
          <span className="msg-file-meta">
            {pdf ? t('chat.attachments.pdf') : fileKind(file)} · {formatSize(file.size)}
          </span>
        </span>
        {pdf && (
          <button
            type="button"
            className="link-button msg-file-action"
            aria-expanded={preview}
            onClick={() => setPreview((on) => !on)}
          >
            {preview ? t('chat.attachments.hidePreview') : t('chat.attachments.preview')}{' '}
            <span className="sr-only">{t('chat.attachments.ofFile', { name: file.name })}</span>
          </button>
        )}
        <a className="icon-button msg-file-download" href={downloadUrl(file)} download={file.name}>
          <Icon name="download" />
          <span className="sr-only">{t('chat.attachments.download', { name: file.name })}</span>
        </a>
      </div>
      {pdf && preview && (
        <iframe
          className="msg-file-preview"
          src={file.url}
          title={t('chat.attachments.previewOf', { name: file.name })}
        />
      )}
    </div>
  );
}

/** "ZIP file", "Text file": the subtype for a card's second line. */
function fileKind(file: Attachment): string {
  if (file.type === 'text/plain') return translate('chat.attachments.textFile');
  if (file.type === 'application/octet-stream') return translate('chat.attachments.file');
  const sub =
    file.type
      .split('/')[1]
      ?.replace(/^(x-|vnd\.)/, '')
      .split(/[.+]/)[0] ?? '';
  return sub && sub.length <= 12
    ? translate('chat.attachments.typedFile', { type: sub.toUpperCase() })
    : translate('chat.attachments.file');
}

/** The files of a message on its way: their names, until the server's message replaces it. */
export function PendingAttachments({
  files,
}: {
  files: readonly Pick<Attachment, 'id' | 'name' | 'size'>[];
}) {
  const { t } = useTranslation();
  return (
    <ul className="msg-pending-files" aria-label={t('chat.attachments.files')}>
      {files.map((file) => (
        <li key={file.id}>
          <Icon name="file" />
          <span>{file.name}</span>
          <span className="muted">{formatSize(file.size)}</span>
        </li>
      ))}
    </ul>
  );
}
