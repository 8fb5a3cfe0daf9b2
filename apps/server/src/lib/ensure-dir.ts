import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Creates a folder and its missing parents one level at a time. Node's `mkdirSync(…, { recursive })`
 * spins forever at 100 % CPU when a parent refuses new entries with ENOENT (as `/proc` does), so a
 * mistyped DATA_DIR hung the start-up; this throws a plain error naming the folder instead.
 */
export function ensureDir(path: string, mode = 0o700): void {
  const target = resolve(path);
  const missing: string[] = [];
  let current = target;
  for (;;) {
    try {
      if (!statSync(current).isDirectory()) throw new Error(`${current} is not a folder`);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      missing.unshift(current);
      const parent = dirname(current);
      if (parent === current) break;
      current = parent;
    }
  }
  for (const dir of missing) {
    try {
      mkdirSync(dir, { mode });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw new Error(`cannot create ${dir} (${(err as NodeJS.ErrnoException).code ?? String(err)})`, {
        cause: err,
      });
    }
  }
}
