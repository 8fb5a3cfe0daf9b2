/**
 * Runs every benchmark module in this folder (files named `*.bench.ts`) one after the other and prints
 * one table per benchmark. Each module compares Parley with a named baseline measured in the same run.
 * Usage: `npm run bench` (all) or `npm run bench -- tokens` (only files whose name contains "tokens").
 * The root script builds first and the benchmarks import the built packages: what `npm start` runs.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { printTable, type BenchResult } from './table.js';

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? '';
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
  .sort();

if (files.length === 0) {
  console.error(`No benchmark matches "${filter}".`);
  process.exit(1);
}

for (const file of files) {
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { default: () => Promise<BenchResult> };
  const result = await mod.default();
  printTable(result);
}
