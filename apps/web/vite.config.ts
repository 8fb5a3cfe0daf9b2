import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig, type PluginOption } from 'vite';

const apiTarget = process.env.PARLEY_API_URL ?? 'http://localhost:3000';

// apps/web builds with its own Vite 7 while @vitejs/plugin-react is typed against the hoisted Vite 8; the
// plugin supports both at runtime, only the declaration files disagree.
const reactPlugin = react() as unknown as PluginOption;

export default defineConfig({
  plugins: [reactPlugin],
  resolve: {
    // Resolve @parley/shared to its TypeScript source so the web app never waits on a shared build.
    conditions: ['parley-source', ...defaultClientConditions],
  },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/socket.io': { target: apiTarget, ws: true },
      '/avatars': { target: apiTarget },
    },
  },
});
