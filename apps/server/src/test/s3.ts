import { randomBytes } from 'node:crypto';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { inject } from 'vitest';
import type { S3Settings } from '../storage/s3-object-store.js';

/** A new, empty bucket on the run's S3 store (one per test file, so files never see each other's objects). */
export async function createTestBucket(): Promise<S3Settings> {
  const fixture = inject('s3');
  const settings: S3Settings = {
    endpoint: fixture.endpoint,
    bucket: `parley-test-${randomBytes(6).toString('hex')}`,
    region: fixture.region,
    accessKeyId: fixture.accessKeyId,
    secretAccessKey: fixture.secretAccessKey,
    forcePathStyle: true,
  };
  const client = new S3Client({
    endpoint: settings.endpoint!,
    region: settings.region,
    forcePathStyle: true,
    credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  try {
    await client.send(new CreateBucketCommand({ Bucket: settings.bucket }));
  } finally {
    client.destroy();
  }
  return settings;
}

/** The same bucket as STORAGE=s3 environment variables (for a Parley process or `createTestApp`). */
export function s3Env(settings: S3Settings): Record<string, string> {
  return {
    STORAGE: 's3',
    S3_ENDPOINT: settings.endpoint!,
    S3_BUCKET: settings.bucket,
    S3_REGION: settings.region,
    S3_ACCESS_KEY_ID: settings.accessKeyId,
    S3_SECRET_ACCESS_KEY: settings.secretAccessKey,
    S3_FORCE_PATH_STYLE: 'true',
  };
}
