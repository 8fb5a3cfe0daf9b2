/**
 * Vitest global setup: one S3-compatible store (Swift + s3api, see s3-server.ts) for the whole run.
 * Test files get their own bucket with `createTestBucket()` (s3.ts). Without Swift the run fails:
 * `scripts/install-test-deps.sh` installs it.
 */
import type { TestProject } from 'vitest/node';
import { startS3, type S3Fixture } from './s3-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    s3: S3Fixture;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const store = await startS3();
  const { endpoint, region, accessKeyId, secretAccessKey } = store;
  project.provide('s3', { endpoint, region, accessKeyId, secretAccessKey });
  return () => store.stop();
}
