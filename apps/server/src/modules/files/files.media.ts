import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';

/** `file-type` reads at most this many bytes to recognise a format. */
export const SNIFF_BYTES = 4100;
/** The longest side of an image's preview. */
export const THUMBNAIL_SIZE = 400;
/** A file of a few megabytes must not unpack into gigabytes (decompression bombs). */
const MAX_INPUT_PIXELS = 50_000_000;

/** Raster images we decode and re-encode (HEIC only where this sharp build reads it). */
const IMAGE_TYPES = new Set([
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'image/avif',
  'image/heic',
  'image/heif',
]);
/** What a browser may show in the page; everything else (SVG, HTML, scripts…) is a download. */
const INLINE_TYPES = new Set([
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'image/avif',
  'application/pdf',
]);

/**
 * The type of a file from its first bytes, never from its name or the browser's word: a known binary
 * format, else `text/plain` for UTF-8 text without NULs, else `application/octet-stream`.
 * `complete`: `head` is the whole file (a cut multi-byte character at its end is then an error).
 */
export async function sniffType(head: Buffer, complete: boolean): Promise<string> {
  if (head.length === 0) return 'application/octet-stream';
  const found = await fileTypeFromBuffer(head.subarray(0, SNIFF_BYTES));
  if (found) return found.mime;
  return isUtf8Text(head, complete) ? 'text/plain' : 'application/octet-stream';
}

function isUtf8Text(head: Buffer, complete: boolean): boolean {
  if (head.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: !complete });
    return true;
  } catch {
    return false;
  }
}

export const isImageType = (type: string): boolean => IMAGE_TYPES.has(type);
export const isInlineType = (type: string): boolean => INLINE_TYPES.has(type);

/** Whether `type` is one of the allowed types (`image/png`, a family `image/*`, or `*\/*`). */
export function typeAllowed(type: string, allowed: readonly string[]): boolean {
  return allowed.some(
    (pattern) =>
      pattern === '*/*' ||
      pattern === type ||
      (pattern.endsWith('/*') && type.startsWith(pattern.slice(0, -1))),
  );
}

export interface EncodedImage {
  bytes: Buffer;
  type: string;
  extension: string;
  width: number;
  height: number;
  thumbnail: Buffer;
}

/**
 * Decodes the image and encodes it afresh, turned upright (EXIF orientation) and without its metadata
 * (GPS position, camera, comments): JPEG stays JPEG, PNG stays PNG, everything else becomes WebP (an
 * animated GIF keeps its first frame). Null when the bytes do not decode.
 */
export async function reencodeImage(input: Buffer, type: string): Promise<EncodedImage | null> {
  try {
    const image = sharp(input, {
      limitInputPixels: MAX_INPUT_PIXELS,
      failOn: 'error',
      animated: false,
    }).rotate();
    const [encoded, outType, extension] =
      type === 'image/jpeg'
        ? [image.jpeg({ quality: 85, mozjpeg: true }), 'image/jpeg', 'jpg']
        : type === 'image/png'
          ? [image.png(), 'image/png', 'png']
          : [image.webp({ quality: 85 }), 'image/webp', 'webp'];
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    const thumbnail = await sharp(data)
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 75 })
      .toBuffer();
    return { bytes: data, type: outType, extension, width: info.width, height: info.height, thumbnail };
  } catch {
    return null;
  }
}

/**
 * A name safe to show and to send back in `Content-Disposition`: no folders, no control or
 * direction-changing characters, at most 200 characters; `file` when nothing is left.
 */
export function cleanFileName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  const cleaned = Array.from(base)
    .filter((c) => !isHiddenCharacter(c.codePointAt(0) ?? 0))
    .slice(0, 200)
    .join('')
    .trim();
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'file' : cleaned;
}

/** `photo.heic` stored as WebP is `photo.webp`. */
export function withExtension(name: string, extension: string): string {
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  return `${stem}.${extension}`;
}

/** Control characters and the marks that reorder text (a name that reads `exe.pdf` but is `fdp.exe`). */
const isHiddenCharacter = (code: number): boolean =>
  code < 0x20 ||
  (code >= 0x7f && code <= 0x9f) ||
  code === 0x200e ||
  code === 0x200f ||
  (code >= 0x202a && code <= 0x202e) ||
  (code >= 0x2066 && code <= 0x2069);
