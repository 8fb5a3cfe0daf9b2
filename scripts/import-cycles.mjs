#!/usr/bin/env node
/**
 * Import cycles in the whole repository, type-only imports included (`npm run lint` runs it).
 * ESLint's import-x/no-cycle catches the cycles that run; this also catches the ones only types
 * close (`import type` both ways), which tie two files together just as much. Follows relative
 * imports and the workspace packages (`@parley/*`, through their `parley-source` entry); prints each
 * cycle and exits 1 if there is one.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '*.ts', '*.tsx', '*.mjs'], {
  cwd: root,
})
  .toString()
  .split('\n')
  .filter((f) => f && !f.split('/').includes('node_modules') && existsSync(join(root, f)));
const known = new Set(files);

/** `@parley/<name>` → the file its `parley-source` export names. */
const packages = new Map();
for (const dir of ['packages/jitsi', 'packages/shared']) {
  const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
  const entry = pkg.exports?.['.']?.['parley-source'];
  if (entry) packages.set(pkg.name, relative(root, join(root, dir, entry)));
}

function resolveImport(from, specifier) {
  if (packages.has(specifier)) return packages.get(specifier);
  if (!specifier.startsWith('.')) return null;
  const base = resolve(root, dirname(from), specifier);
  const stem = base.replace(/\.(js|mjs)$/, '');
  for (const candidate of [
    base,
    `${stem}.ts`,
    `${stem}.tsx`,
    `${base}.ts`,
    `${base}.tsx`,
    join(base, 'index.ts'),
  ]) {
    const file = relative(root, candidate);
    if (known.has(file)) return file;
  }
  return null;
}

const graph = new Map(
  files.map((file) => {
    const { importedFiles } = ts.preProcessFile(readFileSync(join(root, file), 'utf8'), true, true);
    return [file, importedFiles.map((i) => resolveImport(file, i.fileName)).filter((to) => to !== null)];
  }),
);

// Tarjan's strongly connected components: every component of more than one file is a cycle.
const index = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
const cycles = [];
let counter = 0;
function visit(file) {
  index.set(file, counter);
  low.set(file, counter++);
  stack.push(file);
  onStack.add(file);
  for (const to of graph.get(file)) {
    if (!index.has(to)) {
      visit(to);
      low.set(file, Math.min(low.get(file), low.get(to)));
    } else if (onStack.has(to)) {
      low.set(file, Math.min(low.get(file), index.get(to)));
    }
  }
  if (low.get(file) !== index.get(file)) return;
  const component = [];
  let member;
  do {
    member = stack.pop();
    onStack.delete(member);
    component.push(member);
  } while (member !== file);
  if (component.length > 1 || graph.get(file).includes(file)) cycles.push(component.sort());
}
for (const file of graph.keys()) if (!index.has(file)) visit(file);

if (cycles.length > 0) {
  console.error(`${cycles.length} import cycle(s), type-only imports included:`);
  for (const cycle of cycles) console.error(`  ${cycle.join(' <-> ')}`);
  process.exit(1);
}
console.log(`No import cycles in ${files.length} files (type-only imports included).`);
