import type { Upload } from '@parley/shared';
import sharp from 'sharp';
import type { TestClient } from './test-app.js';

/** A multipart/form-data body with one file part. */
export function multipartBody(field: string, filename: string, type: string, bytes: Buffer) {
  const boundary = `----parleyfiles${Math.random().toString(16).slice(2)}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** `POST /rooms/:id/uploads` as a browser sends it. */
export function uploadFile(
  client: TestClient,
  roomId: string,
  name: string,
  bytes: Buffer,
  options: { field?: string; claimedType?: string } = {},
) {
  const { body, headers } = multipartBody(
    options.field ?? 'file',
    name,
    options.claimedType ?? 'application/octet-stream',
    bytes,
  );
  return client.post(`/api/v1/rooms/${roomId}/uploads`, body, headers);
}

/** Uploads and returns the upload (fails the test unless 201). */
export async function uploaded(
  client: TestClient,
  roomId: string,
  name: string,
  bytes: Buffer,
): Promise<Upload> {
  const res = await uploadFile(client, roomId, name, bytes);
  if (res.statusCode !== 201) throw new Error(`upload failed: ${res.statusCode} ${res.body}`);
  return res.json<{ upload: Upload }>().upload;
}

/** A marker in the EXIF data of test photos: stored files must not contain it. */
export const EXIF_MARKER = 'ParleyTestCamera';

/** A photo with EXIF (a GPS position and a camera name) that re-encoding must strip. */
export function photoWithExif(format: 'png' | 'jpeg', width = 640, height = 480): Promise<Buffer> {
  const image = sharp({
    create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } },
  }).withExif({
    IFD0: { Make: EXIF_MARKER, Model: EXIF_MARKER },
    IFD3: {
      GPSLatitudeRef: 'N',
      GPSLatitude: '48/1 51/1 2400/100',
      GPSLongitudeRef: 'E',
      GPSLongitude: '2/1 17/1 4000/100',
    },
  });
  return (format === 'png' ? image.png() : image.jpeg()).toBuffer();
}

/** A minimal PDF (its magic bytes are what the type sniffer reads). */
export const PDF_BYTES = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);

/** HTML pretending to be a PNG by its name. */
export const HTML_BYTES = Buffer.from(
  '<!doctype html><html><body><script>alert(document.cookie)</script></body></html>',
);
