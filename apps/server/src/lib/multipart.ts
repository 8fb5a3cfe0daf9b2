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
  if (boundary === undefined) throw Errors.invalidMultipart('the Content-Type has no boundary');
  if (boundary === '') throw Errors.invalidMultipart('the boundary is empty');
  if (boundary.length > 70) throw Errors.invalidMultipart('the boundary is longer than 70 characters');
  if (!BOUNDARY.test(boundary)) {
    throw Errors.invalidMultipart('the boundary has characters RFC 2046 does not allow');
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
  if (body.length === 0) throw Errors.invalidMultipart('the body is empty');
  const start = body.subarray(0, delimiter.length).equals(delimiter)
    ? 0
    : (() => {
        // A preamble before the first boundary is allowed; the boundary then starts a line.
        const at = body.indexOf(Buffer.concat([CRLF, delimiter]));
        return at < 0 ? -1 : at + CRLF.length;
      })();
  if (start < 0) {
    throw Errors.invalidMultipart('the body does not contain the boundary named in the Content-Type');
  }
  let cursor = start + delimiter.length;
  if (!body.subarray(cursor, cursor + 2).equals(CRLF)) {
    throw Errors.invalidMultipart('the first part is malformed');
  }
  cursor += 2;

  const headerEnd = body.indexOf(HEADER_END, cursor);
  if (headerEnd < 0) throw Errors.invalidMultipart('the body ends inside the part headers');
  const headers = body.subarray(cursor, headerEnd).toString('latin1');
  const contentStart = headerEnd + HEADER_END.length;
  const next = body.indexOf(Buffer.concat([CRLF, delimiter]), contentStart);
  if (next < 0) throw Errors.invalidMultipart('the body is cut off: the closing boundary is missing');
  const after = next + CRLF.length + delimiter.length;
  if (!body.subarray(after, after + 2).equals(Buffer.from('--'))) {
    throw Errors.invalidMultipart('send exactly one part, the file');
  }

  const { name, filename } = dispositionOf(headers);
  if (name === null) throw Errors.invalidMultipart('the part has no form-data name');
  if (filename === null || filename === '') {
    throw Errors.invalidMultipart(`the "${name}" part is not a file (it has no file name)`);
  }
  const typeLine = headers.split('\r\n').find((h) => /^content-type\s*:/i.test(h));
  return {
    field: name,
    filename,
    contentType: typeLine ? typeLine.slice(typeLine.indexOf(':') + 1).trim() : null,
    bytes: body.subarray(contentStart, next),
  };
}
