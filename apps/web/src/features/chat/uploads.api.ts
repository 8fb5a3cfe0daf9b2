import type { Upload } from '@parley/shared';
import { ApiRequestError } from '../../api/client';
import { BASE } from '../../api/common';
import { picked } from '../../api/schemas';
import { uploadFile } from '../../lib/uploadFile';
import { t } from '../../i18n';
import { formatNumber } from '../../i18n/format';

/** `POST /rooms/:id/uploads`: one file into a room, not yet on a message (the send attaches it). */
export async function uploadToRoom(
  roomId: string,
  file: File,
  options: { onProgress?: (fraction: number) => void; signal?: AbortSignal } = {},
): Promise<Upload> {
  const json = await uploadFile(`${BASE}/rooms/${encodeURIComponent(roomId)}/uploads`, file, options);
  const parsed = (await picked((s) => s.UploadResponseSchema)).safeParse(json);
  if (!parsed.success) {
    throw new ApiRequestError(200, 'invalid_response', t('chat.files.unexpected'));
  }
  return parsed.data.upload;
}

/** `?download=1`: the server answers with `Content-Disposition: attachment`. */
export const downloadUrl = (file: { url: string }) =>
  `${file.url}${file.url.includes('?') ? '&' : '?'}download=1`;

/** "2.4 MB", "830 KB", "12 bytes". */
export function formatSize(bytes: number): string {
  const size = (value: number) => formatNumber(value, { maximumFractionDigits: 1 });
  if (bytes < 1000) return t('chat.files.size.bytes', { count: bytes });
  if (bytes < 1_000_000) return t('chat.files.size.kb', { size: formatNumber(Math.round(bytes / 1000)) });
  if (bytes < 1_000_000_000) return t('chat.files.size.mb', { size: size(bytes / 1_000_000) });
  return t('chat.files.size.gb', { size: size(bytes / 1_000_000_000) });
}
