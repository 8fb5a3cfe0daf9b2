import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../test/databases.js';
import { createTestBucket, s3Env } from '../test/s3.js';
import { createTestAppOn } from '../test/test-app.js';
import { S3ObjectStore, type S3Settings } from './s3-object-store.js';

const SECRET = 'not-the-right-secret-but-still-secret-1234';

/** STORAGE=s3 refuses to start on a bucket it cannot use, and says why without the secret key. */
describe('starting on an S3 bucket', () => {
  let bucket: S3Settings;
  let db: Awaited<ReturnType<typeof createTestDb>>;
  let dataDir: string;
  beforeAll(async () => {
    bucket = await createTestBucket();
    db = await createTestDb('sqlite');
    dataDir = mkdtempSync(join(tmpdir(), 'parley-s3-start-'));
  });
  afterAll(async () => {
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const startWith = (settings: S3Settings) => createTestAppOn(db, { ...s3Env(settings), DATA_DIR: dataDir });

  it('starts on a bucket that exists and takes the keys', async () => {
    const app = await startWith(bucket);
    expect(app.services.objects.kind).toBe('s3');
    await app.app.close();
  });

  it('names a missing bucket, refused keys and an unreachable endpoint, never the secret', async () => {
    const cases: [S3Settings, RegExp][] = [
      [{ ...bucket, bucket: 'parley-no-such-bucket' }, /bucket "parley-no-such-bucket" at .* does not exist/],
      [
        { ...bucket, secretAccessKey: SECRET },
        /refuses these keys \(check S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY/,
      ],
      [
        { ...bucket, endpoint: 'http://127.0.0.1:1', secretAccessKey: SECRET },
        /at http:\/\/127\.0\.0\.1:1 cannot be reached \(ECONNREFUSED; check S3_ENDPOINT\)/,
      ],
    ];
    for (const [settings, message] of cases) {
      const failure = await startWith(settings).then(
        () => null,
        (err: unknown) => err as Error,
      );
      expect(failure?.name, settings.bucket).toBe('StartupError');
      expect(failure?.message).toMatch(message);
      expect(inspect(failure, { depth: 5 })).not.toContain(SECRET);
    }
  });

  it('keeps the secret key out of the errors its requests throw', async () => {
    const store = new S3ObjectStore({ ...bucket, secretAccessKey: SECRET });
    try {
      const failure = await store.put('files/x', Buffer.from('x'), { contentType: 'text/plain' }).then(
        () => null,
        (err: unknown) => err,
      );
      expect(failure).not.toBeNull();
      expect(inspect(failure, { depth: 8 })).not.toContain(SECRET);
      expect(JSON.stringify(failure)).not.toContain(SECRET);
    } finally {
      store.close();
    }
  });
});
