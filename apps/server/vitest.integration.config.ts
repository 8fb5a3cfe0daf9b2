import { configDefaults, defineProject } from 'vitest/config';

/**
 * The server's integration tier: every other `*.test.ts`. Runs on both databases (a throwaway
 * PostgreSQL and in-memory SQLite), a real Prosody, Redis, SMTP and S3 store (Swift) where a test
 * needs them; without them the run fails rather than skipping (`scripts/install-test-deps.sh`
 * installs them). PostgreSQL, Prosody and the S3 store start once per run (globalSetup).
 */
export default defineProject({
  resolve: { conditions: ['parley-source'] },
  ssr: { resolve: { conditions: ['parley-source'] } },
  test: {
    name: '@parley/server:integration',
    include: ['src/**/*.test.ts'],
    exclude: [...configDefaults.exclude, 'src/**/*.unit.test.ts'],
    globalSetup: ['src/test/postgres-server.ts', 'src/test/prosody-global.ts', 'src/test/s3-global.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
