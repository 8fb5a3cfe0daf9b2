import type { Upload } from '@parley/shared';
import { ApiRequestError } from '../../api/client';
import { BASE } from '../../api/common';
import { picked } from '../../api/schemas';
import { uploadFile } from '../../lib/uploadFile';

/** `POST /rooms/:id/uploads`: one file into a room, not yet on a message (the send attaches it). */
export async function uploadToRoom(
  roomId: string,
  file: File,
  options: { onProgress?: (fraction: number) => void; signal?: AbortSignal } = {},
): Promise<Upload> {
  const json = await uploadFile(`${BASE}/rooms/${encodeURIComponent(roomId)}/uploads`, file, options);
  const parsed = (await picked((s) => s.UploadResponseSchema)).safeParse(json);
  if (!parsed.success) {
    throw new ApiRequestError(200, 'invalid_response', 'The server sent an answer Parley did not expect.');
  }
  return parsed.data.upload;
}

/** `?download=1`: the server answers with `Content-Disposition: attachment`. */
export const downloadUrl = (file: { url: string }) =>
  `${file.url}${file.url.includes('?') ? '&' : '?'}download=1`;

/** "2.4 MB", "830 KB", "12 bytes". */
export function formatSize(bytes: number): string {
  if (bytes < 1000) return bytes === 1 ? '1 byte' : `${bytes} bytes`;
  if (bytes < 1_000_000) return `${Math.round(bytes / 1000)} KB`;
  if (bytes < 1_000_000_000) return `${(bytes / 1_000_000).toFixed(1).replace(/\.0$/, '')} MB`;
  return `${(bytes / 1_000_000_000).toFixed(1).replace(/\.0$/, '')} GB`;
}
