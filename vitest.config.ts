import { defineConfig } from 'vitest/config';

/** One Vitest run over every workspace; each project keeps its tests next to its code. */
export default defineConfig({
  test: {
    projects: ['packages/jitsi', 'packages/shared', 'apps/server', 'apps/web'],
  },
});
