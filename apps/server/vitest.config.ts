import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['parley-source'] },
  ssr: { resolve: { conditions: ['parley-source'] } },
  test: {
    name: '@parley/server',
    include: ['src/**/*.test.ts'],
    globalSetup: ['src/test/postgres-server.ts', 'src/test/prosody-global.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
