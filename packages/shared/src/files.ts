import { z } from 'zod';

/**
 * Files (issue 20): uploads into a room, attached to messages. The bytes live in the object store
 * (a local folder or S3); rows say who uploaded what into which room and which message uses it.
 */

/** `POST /rooms/:id/uploads` (multipart, field `file`) → 201. */
export const UploadSchema = z.object({
  id: z.string(),
  /** The file's name as uploaded, cleaned of path parts and control characters. */
  name: z.string(),
  /** Bytes stored (after an image was re-encoded). */
  size: z.number().int(),
  /** The sniffed media type, never the one the browser claimed. */
  type: z.string(),
  width: z.number().int().optional(),
  height: z.number().int().optional(),
});
export type Upload = z.infer<typeof UploadSchema>;
export const UploadResponseSchema = z.object({ upload: UploadSchema });

/** A file as a message carries it. `url` is `GET /api/v1/files/:id` (members of the room only). */
export const AttachmentSchema = z.object({
  id: z.string(),
  name: z.string(),
  size: z.number().int(),
  type: z.string(),
  url: z.string(),
  /** Images: a small WebP preview (`GET /api/v1/files/:id?thumbnail=1`). */
  thumbnailUrl: z.string().optional(),
  width: z.number().int().optional(),
  height: z.number().int().optional(),
});
export type Attachment = z.infer<typeof AttachmentSchema>;

/** At most this many files on one message. */
export const MAX_ATTACHMENTS = 10;

export const FileQuerySchema = z.object({
  /** `1`: the image's thumbnail instead of the file. */
  thumbnail: z.enum(['0', '1']).optional(),
  /** `1`: `Content-Disposition: attachment` (a download) instead of inline. */
  download: z.enum(['0', '1']).optional(),
});

/** `PATCH /admin/settings { files }`. */
export const FilesSettingsSchema = z.strictObject({
  /** Largest file one may upload, in megabytes. */
  maxUploadMb: z.number().int().min(1).max(1024),
  /**
   * Media types one may upload: exact (`application/pdf`) or a family (`image/*`); `*\/*` is any.
   * Checked against the sniffed type; a file whose type cannot be sniffed is `application/octet-stream`.
   */
  allowedTypes: z
    .array(
      z
        .string()
        .trim()
        .toLowerCase()
        .regex(
          /^(\*|[a-z0-9][a-z0-9.+-]*)\/(\*|[a-z0-9][a-z0-9.+-]*)$/,
          'A media type such as image/* or application/pdf',
        ),
    )
    .min(1)
    .max(100),
  /** What one person's files may take in total, in megabytes (0: no limit). */
  quotaMbPerPerson: z.number().int().min(0).max(1_000_000),
});
export type FilesSettings = z.infer<typeof FilesSettingsSchema>;
export const DEFAULT_FILES_SETTINGS: FilesSettings = {
  maxUploadMb: 25,
  allowedTypes: ['*/*'],
  quotaMbPerPerson: 1024,
};
