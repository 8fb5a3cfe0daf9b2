import type { Clock } from '../../lib/clock.js';
import type { ObjectStore } from '../../storage/object-store.js';
import type { UploadsRepository } from './uploads.repository.js';

/** An object younger than this may be an upload whose row is about to be written. */
const ORPHAN_AGE_MS = 60 * 60_000;
/** Uploads nobody sent within this are dropped (a closed tab, a cancelled message). */
const UNATTACHED_AGE_MS = 24 * 60 * 60_000;
const BATCH = 500;

export interface FilesSweepResult {
  unattached: number;
  orphans: number;
  partials: number;
}

/**
 * The backstop for everything that removes files: uploads never sent (24 h), objects no row names
 * (1 h: a crash between object and row, or a delete whose objects were not removed after its commit),
 * and a local store's partial writes left by a crash.
 */
export class FilesSweeper {
  constructor(private readonly deps: { repo: UploadsRepository; objects: ObjectStore; clock: Clock }) {}

  /** One pass; how many files, objects and partial writes went. */
  async sweep(): Promise<number> {
    const { unattached, orphans, partials } = await this.sweepCounts();
    return unattached + orphans + partials;
  }

  async sweepCounts(): Promise<FilesSweepResult> {
    const now = this.deps.clock.now();
    let unattached = 0;
    const before = new Date(now.getTime() - UNATTACHED_AGE_MS).toISOString();
    for (;;) {
      const keys = await this.deps.repo.removeUnattachedBefore(before, BATCH);
      if (keys.length === 0) break;
      await this.deps.objects.delete(keys);
      unattached += keys.filter((k) => k.startsWith('files/')).length;
    }
    let orphans = 0;
    for (const prefix of ['files/', 'thumbs/']) orphans += await this.sweepOrphans(prefix, now);
    const store = this.deps.objects as ObjectStore & { sweepPartials?: (now: Date) => Promise<number> };
    const partials = store.sweepPartials ? await store.sweepPartials(now) : 0;
    return { unattached, orphans, partials };
  }

  private async sweepOrphans(prefix: string, now: Date): Promise<number> {
    let removed = 0;
    let batch: string[] = [];
    const flush = async () => {
      const referenced = await this.deps.repo.referencedKeys(batch);
      const orphans = batch.filter((k) => !referenced.has(k));
      await this.deps.objects.delete(orphans);
      removed += orphans.length;
      batch = [];
    };
    for await (const object of this.deps.objects.list(prefix)) {
      if (now.getTime() - object.lastModified.getTime() < ORPHAN_AGE_MS) continue;
      batch.push(object.key);
      if (batch.length >= BATCH) await flush();
    }
    if (batch.length > 0) await flush();
    return removed;
  }
}
