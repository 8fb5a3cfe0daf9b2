import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PluginOption, Rollup } from 'vite';

type OutputBundle = Rollup.OutputBundle;

/** Files of public/ the shell shows before anything else (the notification icons too). */
const PUBLIC_SHELL = ['/favicon.svg', '/icons/icon-192.png', '/icons/badge-96.png'];

/**
 * Every file of the build: the page, and all its fingerprinted chunks and stylesheets (1.2 MB, about
 * 350 kB as sent compressed), fetched once in the background after the first visit, so every page
 * of Parley opens offline, not only the ones visited before.
 */
export function precacheList(bundle: OutputBundle): string[] {
  const assets = Object.keys(bundle)
    .filter((name) => name.startsWith('assets/') && !name.endsWith('.map'))
    .sort();
  return ['/', ...PUBLIC_SHELL, ...assets.map((name) => `/${name}`)];
}

/**
 * Emits dist/sw.js from sw/sw.js with the build's precache list and version filled in (the server
 * sends it with `Cache-Control: no-cache`, so browsers see a new build at once).
 */
export function serviceWorker(): PluginOption {
  const source = join(import.meta.dirname, 'sw', 'sw.js');
  return {
    name: 'parley-service-worker',
    apply: 'build',
    // After every generateBundle hook: Vite drops the empty JS chunks of CSS-only imports there, and
    // a name in the list that the server cannot find would fail the worker's install.
    writeBundle(options, bundle) {
      const precache = precacheList(bundle);
      const code = readFileSync(source, 'utf8');
      const version = createHash('sha256')
        .update(code)
        .update(JSON.stringify(precache))
        .digest('hex')
        .slice(0, 12);
      const filled = code
        .replace(/\/\* PARLEY_VERSION \*\/ '[^']*'/, JSON.stringify(version))
        .replace(/\/\* PARLEY_PRECACHE \*\/ \[[^\]]*\]/, JSON.stringify(precache));
      if (filled.includes('PARLEY_')) throw new Error('sw/sw.js lost a placeholder the build fills in');
      writeFileSync(join(options.dir ?? join(import.meta.dirname, 'dist'), 'sw.js'), filled);
    },
  };
}
