import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig, type PluginOption } from 'vite';
import { serviceWorker } from './vite.sw';

const apiTarget = process.env.PARLEY_API_URL ?? 'http://localhost:3000';

// apps/web builds with its own Vite 7 while @vitejs/plugin-react is typed against the hoisted Vite 8; the
// plugin supports both at runtime, only the declaration files disagree.
const reactPlugin = react() as unknown as PluginOption;

/**
 * Writes `.br` and `.gz` beside every text asset of the build, so the server sends them as they are
 * (`@fastify/static`'s preCompressed) instead of compressing on every request.
 */
function precompress(): PluginOption {
  const compressible = /\.(js|css|html|svg|json|txt|webmanifest)$/;
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
  return {
    name: 'parley-precompress',
    apply: 'build',
    closeBundle() {
      for (const file of walk(join(import.meta.dirname, 'dist'))) {
        if (!compressible.test(file)) continue;
        const bytes = readFileSync(file);
        if (bytes.length < 1024) continue;
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
        writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  plugins: [reactPlugin, serviceWorker(), precompress()],
  resolve: {
    // Resolve @parley/shared to its TypeScript source so the web app never waits on a shared build.
    conditions: ['parley-source', ...defaultClientConditions],
  },
  // No source maps in what production serves; `npm run dev -w @parley/web` has them. The manifest
  // (dist/.vite/manifest.json, not served) tells scripts/page-weight.mjs which chunks each page needs.
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, manifest: true },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/socket.io': { target: apiTarget, ws: true },
      '/avatars': { target: apiTarget },
    },
  },
});
