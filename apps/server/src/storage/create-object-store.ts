import type { Config } from '../config.js';
import { LocalObjectStore } from './local-object-store.js';
import type { ObjectStore } from './object-store.js';
import { S3ObjectStore } from './s3-object-store.js';

/** The store the configuration names: an S3-compatible bucket with STORAGE=s3, else DATA_DIR/objects. */
export function createObjectStore(storage: Config['storage']): ObjectStore {
  return storage.s3 ? new S3ObjectStore(storage.s3) : new LocalObjectStore(storage.objectsDir);
}

/**
 * At start-up, before anything is served: an S3 bucket must exist and accept the keys (HeadBucket),
 * so a typo fails the start with a clear message rather than every upload later. Local needs nothing.
 */
export async function checkObjectStore(store: ObjectStore): Promise<void> {
  if (store instanceof S3ObjectStore) await store.checkBucket();
}

/** Frees what the store holds open (S3: its sockets). */
export function closeObjectStore(store: ObjectStore): void {
  if (store instanceof S3ObjectStore) store.close();
}
