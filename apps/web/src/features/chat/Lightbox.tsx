import type { Attachment } from '@parley/shared';
import { useEffect, useId, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon';
import { downloadUrl } from './uploads.api';

/**
 * A message's images, one at a time over the page (a modal <dialog>): Escape closes, ← and → move
 * between the images, focus returns to the thumbnail that opened it.
 */
export function Lightbox({
  images,
  index,
  onIndex,
  onClose,
}: {
  images: readonly Attachment[];
  index: number;
  onIndex: (index: number) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const image = images[index];

  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) {
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
    }
    dialog?.querySelector<HTMLElement>('.lightbox-close')?.focus();
    return () => {
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  if (!image) return null;
  const several = images.length > 1;
  const go = (step: number) => onIndex((index + step + images.length) % images.length);
  const onKeyDown = (event: KeyboardEvent) => {
    if (!several) return;
    if (event.key === 'ArrowRight') go(1);
    else if (event.key === 'ArrowLeft') go(-1);
    else return;
    event.preventDefault();
  };

  return (
    <dialog
      ref={ref}
      className="lightbox"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onKeyDown={onKeyDown}
      // A click on the dark backdrop (the dialog itself, not its content) closes it.
      onClick={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
    >
      <div className="lightbox-bar">
        <h2 className="lightbox-title" id={titleId}>
          {image.name}
          {several && (
            <span className="lightbox-count">
              {' '}
              {t('chat.lightbox.count', { index: index + 1, total: images.length })}
            </span>
          )}
        </h2>
        <a className="icon-button" href={downloadUrl(image)} download={image.name}>
          <Icon name="download" />
          <span className="sr-only">{t('chat.lightbox.download', { name: image.name })}</span>
        </a>
        <button type="button" className="icon-button lightbox-close" onClick={onClose}>
          <Icon name="close" />
          <span className="sr-only">{t('chat.lightbox.close')}</span>
        </button>
      </div>
      <div className="lightbox-stage">
        {several && (
          <button type="button" className="icon-button lightbox-nav" onClick={() => go(-1)}>
            <Icon name="chevronLeft" />
            <span className="sr-only">{t('chat.lightbox.previous')}</span>
          </button>
        )}
        <img className="lightbox-image" src={image.url} alt={image.name} />
        {several && (
          <button type="button" className="icon-button lightbox-nav" onClick={() => go(1)}>
            <Icon name="chevronRight" />
            <span className="sr-only">{t('chat.lightbox.next')}</span>
          </button>
        )}
      </div>
    </dialog>
  );
}
