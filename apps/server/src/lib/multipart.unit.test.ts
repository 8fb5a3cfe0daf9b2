import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { parseSingleFileUpload } from './multipart.js';

const body = (boundary: string, content: Buffer, filename = 'a.png') =>
  Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="avatar"; filename="${filename}"\r\nContent-Type: image/png\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);

describe('parseSingleFileUpload', () => {
  it('returns the file of a well-formed body, whatever bytes it holds', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 512 }),
        fc.stringMatching(/^[A-Za-z0-9'()+_,./:=?-]{1,70}$/),
        (bytes, boundary) => {
          const content = Buffer.from(bytes);
          // Content that happens to contain the delimiter is not a well-formed body.
          fc.pre(!content.includes(Buffer.from(`\r\n--${boundary}`)));
          const file = parseSingleFileUpload(
            `multipart/form-data; boundary=${boundary}`,
            body(boundary, content),
          );
          expect(file).toMatchObject({ field: 'avatar', filename: 'a.png', contentType: 'image/png' });
          expect(file.bytes.equals(content)).toBe(true);
        },
      ),
    );
  });

  it('answers any malformed input with a 400 AppError, never another exception', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), fc.uint8Array({ maxLength: 400 }), (contentType, bytes) => {
        try {
          parseSingleFileUpload(contentType, Buffer.from(bytes));
        } catch (err) {
          expect(err).toBeInstanceOf(AppError);
          expect((err as AppError).status).toBe(400);
        }
      }),
    );
  });

  it('says what is wrong', () => {
    const ok = body('xyz', Buffer.from('data'));
    const reason = (contentType: string, payload: Buffer) => {
      try {
        parseSingleFileUpload(contentType, payload);
        return 'parsed';
      } catch (err) {
        return (err as AppError).message;
      }
    };
    expect(reason('multipart/form-data', ok)).toMatch(/no boundary/);
    expect(reason('multipart/form-data; boundary=', ok)).toMatch(/boundary is empty/);
    expect(reason(`multipart/form-data; boundary=${'b'.repeat(71)}`, ok)).toMatch(/longer than 70/);
    expect(reason('multipart/form-data; boundary=abc', ok)).toMatch(/does not contain the boundary/);
    expect(reason('multipart/form-data; boundary=xyz', ok.subarray(0, ok.length - 10))).toMatch(
      /closing boundary is missing/,
    );
    expect(reason('multipart/form-data; boundary="xyz"', ok)).toBe('parsed');
  });
});
