#!/usr/bin/env node
/**
 * What a first visit to each page downloads before any user data: the gzip size (level 9, as the build's
 * precompressed `.gz` files) of the JavaScript and CSS that page needs, read from the Vite manifest of
 * `apps/web/dist` (`npm run build -w @parley/web` first). A page needs the entry (index.html) with its
 * static imports, plus each lazily loaded module on its route with that module's static imports; chunks
 * shared by several of them count once. Usage: `node apps/web/scripts/page-weight.mjs [--json]`.
 * KB are 1,024 bytes. Exits with 1 when a page needs more gzip than the budget (issue 17: 150 KB for
 * sign-in and chat).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

// PARLEY_WEB_DIST measures another build (an older commit's, for a before/after).
const dist = process.env.PARLEY_WEB_DIST ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
export const BUDGET_KB = 150;

/** Each page and the lazy modules (manifest keys, i.e. source paths) its route loads, outermost first. */
export const PAGES = [
  { page: 'Sign-in (/login)', lazy: ['src/features/auth/LoginPage.tsx'], budget: true },
  {
    page: 'Chat room (/rooms/:id)',
    lazy: ['src/layout/AppLayout.tsx', 'src/features/chat/RoomPage.tsx'],
    budget: true,
  },
  { page: 'Home (/)', lazy: ['src/layout/AppLayout.tsx', 'src/features/home/HomePage.tsx'] },
  { page: 'Calls (/calls)', lazy: ['src/layout/AppLayout.tsx', 'src/features/calls/CallsPage.tsx'] },
  { page: 'Call guest (/guest/:token)', lazy: ['src/features/guests/GuestCallPage.tsx'] },
  {
    page: 'Consultation (/consultations/:id)',
    lazy: ['src/layout/AppLayout.tsx', 'src/features/consultations/ConsultationPage.tsx'],
  },
  {
    page: 'Admin video calls (/admin/video-calls)',
    lazy: [
      'src/layout/AppLayout.tsx',
      'src/features/admin/AdminLayout.tsx',
      'src/features/admin/VideoCallsSettingsPage.tsx',
    ],
  },
];

/** The files (JS and CSS) a manifest key needs: its own chunk, its CSS and those of its static imports. */
function collect(manifest, key, files) {
  const chunk = manifest[key];
  if (!chunk) return false;
  if (files.has(chunk.file)) return true;
  files.add(chunk.file);
  for (const css of chunk.css ?? []) files.add(css);
  for (const imported of chunk.imports ?? []) collect(manifest, imported, files);
  return true;
}

const sizes = new Map();
/** A built file's bytes: as they are, gzip 9 and brotli 11 (as the build's precompressed files). */
const sizeOf = (file) => {
  if (!sizes.has(file)) {
    const bytes = readFileSync(join(dist, file));
    sizes.set(file, {
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    });
  }
  return sizes.get(file);
};

/** One row per page: files needed, their bytes (raw, gzip, brotli), lazy modules not split out. */
export function pageWeights() {
  const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'));
  return PAGES.map(({ page, lazy, budget = false }) => {
    const files = new Set();
    collect(manifest, 'index.html', files);
    // A module missing from the manifest is not a chunk of its own: it is inside the entry already.
    const inEntry = lazy.filter((key) => !collect(manifest, key, files));
    const list = [...files].filter((f) => /\.(js|css)$/.test(f));
    const sum = (kind) => list.reduce((total, f) => total + sizeOf(f)[kind], 0);
    return {
      page,
      files: list.length,
      raw: sum('raw'),
      gzip: sum('gzip'),
      brotli: sum('brotli'),
      budget,
      inEntry,
    };
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const print = (line) => process.stdout.write(`${line}\n`);
  const rows = pageWeights();
  if (process.argv.includes('--json')) print(JSON.stringify(rows, null, 2));
  else {
    const kb = (n) => (n / 1024).toFixed(1);
    print('| Page | Files | JS+CSS (KB) | gzip (KB) | brotli (KB) | Budget (gzip) |');
    print('|---|---:|---:|---:|---:|---|');
    for (const r of rows) {
      const budget = r.budget ? (r.gzip <= BUDGET_KB * 1024 ? `≤ ${BUDGET_KB} ✓` : `≤ ${BUDGET_KB} ✗`) : '';
      print(`| ${r.page} | ${r.files} | ${kb(r.raw)} | ${kb(r.gzip)} | ${kb(r.brotli)} | ${budget} |`);
    }
  }
  if (rows.some((r) => r.budget && r.gzip > BUDGET_KB * 1024)) process.exitCode = 1;
}
