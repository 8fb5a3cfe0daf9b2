#!/usr/bin/env node
/**
 * The whole suite in one command: build (the e2e test serves the built app), Vitest (both tiers in one
 * run: unit tests, and the server's integration tests on SQLite and PostgreSQL with Prosody and
 * Redis) and Playwright (Debian Chromium). Prints one closing line `N passed, N failed` and exits
 * non-zero if anything failed or if no test ran at all. The tiers one at a time: `npm run test:unit`,
 * `npm run test:integration`, `npm run test:e2e` (docs/testing.md).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const reports = join(root, 'coverage', 'reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const run = (title, cmd, args, cwd = root) => {
  console.log(`\n=== ${title}: ${cmd} ${args.join(' ')}`);
  const result = spawnSync(cmd, args, { cwd, stdio: 'inherit', env: process.env });
  return result.status ?? 1;
};

let passed = 0;
let failed = 0;
const problems = [];
/** Each failed test by file and name, printed at the very end so a log's tail names them. */
const failures = [];
const firstLine = (text) =>
  String(text ?? '')
    // eslint-disable-next-line no-control-regex -- colour codes in the reporters' messages
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split('\n')
    .find((line) => line.trim() !== '') ?? '';
/** `<tier>: N passed, N failed`, printed above the closing line. */
const tiers = [];

if (run('build', 'npm', ['run', 'build']) !== 0) {
  problems.push('build failed');
  failed += 1;
}

const vitestJson = join(reports, 'vitest.json');
/** The server's integration tier (apps/server/vitest.integration.config.ts); every other file is unit. */
const isIntegration = (file) => /\/apps\/server\/src\/.*(?<!\.unit)\.test\.ts$/.test(file);

const vitestStatus = run('unit and integration tests', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestJson}`,
]);
if (existsSync(vitestJson)) {
  const report = JSON.parse(readFileSync(vitestJson, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  for (const [tier, inTier] of [
    ['unit', (f) => !isIntegration(f.name)],
    ['integration', (f) => isIntegration(f.name)],
  ]) {
    const results = report.testResults.filter(inTier).flatMap((f) => f.assertionResults);
    const count = (status) => results.filter((r) => r.status === status).length;
    tiers.push(`${tier}: ${count('passed')} passed, ${count('failed')} failed`);
  }
  if (report.numPendingTests + report.numTodoTests > 0) {
    problems.push(
      `${report.numPendingTests + report.numTodoTests} skipped or todo Vitest tests (not counted as passed)`,
    );
  }
  for (const file of report.testResults) {
    for (const r of file.assertionResults.filter((a) => a.status === 'failed')) {
      failures.push(
        `${file.name.replace(root + '/', '')} › ${r.fullName}: ${firstLine(r.failureMessages?.[0])}`,
      );
    }
  }
  // A file that fails to load counts as a failure even though none of its tests ran.
  const brokenFiles = report.testResults.filter(
    (f) => f.status === 'failed' && f.assertionResults.length === 0,
  );
  failed += brokenFiles.length;
  for (const f of brokenFiles) failures.push(`${f.name.replace(root + '/', '')}: ${firstLine(f.message)}`);
  if (vitestStatus !== 0 && report.numFailedTests === 0 && brokenFiles.length === 0) {
    problems.push(`vitest exited with ${vitestStatus}`);
    failed += 1;
  }
} else {
  problems.push('vitest wrote no report');
  failed += 1;
}

const e2eJson = join(root, 'e2e', 'test-results', 'results.json');
rmSync(e2eJson, { force: true });
const e2eStatus = run('browser tests', 'npx', ['playwright', 'test'], join(root, 'e2e'));
if (existsSync(e2eJson)) {
  const { stats, suites } = JSON.parse(readFileSync(e2eJson, 'utf8'));
  const walk = (suite, titles) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status === 'unexpected' || test.status === 'flaky') {
          const error = test.results?.find((r) => r.error)?.error?.message;
          failures.push(
            `e2e ${spec.file} › ${[...titles, spec.title].join(' › ')} (${test.status}): ${firstLine(error)}`,
          );
        }
      }
    }
    for (const child of suite.suites ?? []) walk(child, [...titles, child.title]);
  };
  for (const suite of suites ?? []) walk(suite, []);
  passed += stats.expected;
  failed += stats.unexpected + stats.flaky;
  tiers.push(`e2e: ${stats.expected} passed, ${stats.unexpected + stats.flaky} failed`);
  if (stats.skipped > 0) problems.push(`${stats.skipped} skipped browser tests (not counted as passed)`);
  if (e2eStatus !== 0 && stats.unexpected === 0) {
    problems.push(`playwright exited with ${e2eStatus}`);
    failed += 1;
  }
} else {
  problems.push('playwright wrote no report');
  failed += 1;
}

if (failures.length > 0) console.log(`\nFailed:\n${failures.map((f) => `- ${f}`).join('\n')}\n`);
for (const t of tiers) console.log(t);
for (const p of problems) console.log(`note: ${p}`);
if (passed === 0) {
  console.log('note: no test ran');
  failed += 1;
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
