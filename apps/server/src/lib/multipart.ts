import { Errors } from '../errors.js';

export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string | null;
  bytes: Buffer;
}

/** RFC 2046: 1–70 characters from this set, not ending in a space. */
const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;
const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

function boundaryOf(contentType: string): string {
  const match = /;\s*boundary=(?:"([^"]*)"|([^;\s]*))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (boundary === undefined) throw Errors.invalidMultipart('multipartNoBoundary');
  if (boundary === '') throw Errors.invalidMultipart('multipartEmptyBoundary');
  if (boundary.length > 70) throw Errors.invalidMultipart('multipartLongBoundary');
  if (!BOUNDARY.test(boundary)) {
    throw Errors.invalidMultipart('multipartBoundaryChars');
  }
  return boundary;
}

function dispositionOf(headers: string): { name: string | null; filename: string | null } {
  const line = headers.split('\r\n').find((h) => /^content-disposition\s*:/i.test(h));
  if (!line || !/:\s*form-data\s*(;|$)/i.test(line)) return { name: null, filename: null };
  const param = (key: string) => {
    const m = new RegExp(`;\\s*${key}="([^"]*)"|;\\s*${key}=([^;\\s]+)`, 'i').exec(line);
    return m ? (m[1] ?? m[2] ?? null) : null;
  };
  return { name: param('name'), filename: param('filename') };
}

/**
 * Reads a multipart/form-data body holding exactly one file, strictly: every way the framing can be
 * broken (no or bad boundary, a body that does not start with it, no closing boundary, a part that is
 * not a file) is a 400 that says which, never a 500. Bodies are small (avatars), so the whole body
 * is buffered first and parsed in one pass.
 */
export function parseSingleFileUpload(contentType: string, body: Buffer): UploadedFile {
  const boundary = boundaryOf(contentType);
  const delimiter = Buffer.from(`--${boundary}`);
  if (body.length === 0) throw Errors.invalidMultipart('multipartEmptyBody');
  const start = body.subarray(0, delimiter.length).equals(delimiter)
    ? 0
    : (() => {
        // A preamble before the first boundary is allowed; the boundary then starts a line.
        const at = body.indexOf(Buffer.concat([CRLF, delimiter]));
        return at < 0 ? -1 : at + CRLF.length;
      })();
  if (start < 0) {
    throw Errors.invalidMultipart('multipartBoundaryMissing');
  }
  let cursor = start + delimiter.length;
  if (!body.subarray(cursor, cursor + 2).equals(CRLF)) {
    throw Errors.invalidMultipart('multipartFirstPartMalformed');
  }
  cursor += 2;

  const headerEnd = body.indexOf(HEADER_END, cursor);
  if (headerEnd < 0) throw Errors.invalidMultipart('multipartEndsInHeaders');
  const headers = body.subarray(cursor, headerEnd).toString('latin1');
  const contentStart = headerEnd + HEADER_END.length;
  const next = body.indexOf(Buffer.concat([CRLF, delimiter]), contentStart);
  if (next < 0) throw Errors.invalidMultipart('multipartCutOff');
  const after = next + CRLF.length + delimiter.length;
  if (!body.subarray(after, after + 2).equals(Buffer.from('--'))) {
    throw Errors.invalidMultipart('multipartOnePart');
  }

  const { name, filename } = dispositionOf(headers);
  if (name === null) throw Errors.invalidMultipart('multipartNoName');
  if (filename === null || filename === '') {
    throw Errors.invalidMultipart('multipartNotFile', { name });
  }
  const typeLine = headers.split('\r\n').find((h) => /^content-type\s*:/i.test(h));
  return {
    field: name,
    filename,
    contentType: typeLine ? typeLine.slice(typeLine.indexOf(':') + 1).trim() : null,
    bytes: body.subarray(contentStart, next),
  };
}
