import type { Attachment, Upload } from '@parley/shared';
import type { UploadRow } from './uploads.repository.js';

export const fileUrl = (id: string): string => `/api/v1/files/${id}`;

/** A file as a message carries it: where to get it (members of its room only) and its preview. */
export function presentAttachment(row: UploadRow): Attachment {
  return {
    id: row.id,
    name: row.name,
    size: Number(row.size),
    type: row.type,
    url: fileUrl(row.id),
    ...(row.thumbnail_key ? { thumbnailUrl: `${fileUrl(row.id)}?thumbnail=1` } : {}),
    ...(row.width !== null ? { width: Number(row.width) } : {}),
    ...(row.height !== null ? { height: Number(row.height) } : {}),
  };
}

/** The answer to an upload, before it is on a message. */
export function presentUpload(row: UploadRow): Upload {
  return {
    id: row.id,
    name: row.name,
    size: Number(row.size),
    type: row.type,
    ...(row.width !== null ? { width: Number(row.width) } : {}),
    ...(row.height !== null ? { height: Number(row.height) } : {}),
  };
}
