import { defineProject } from 'vitest/config';

/**
 * The server's unit tier: `*.unit.test.ts`, pure logic and services on in-memory fakes. No global
 * setup starts anything, and the setup file makes opening a database or Redis a test failure, so
 * this tier runs on a machine without PostgreSQL, Redis, Prosody or Chromium.
 */
export default defineProject({
  resolve: { conditions: ['parley-source'] },
  ssr: { resolve: { conditions: ['parley-source'] } },
  test: {
    name: '@parley/server:unit',
    include: ['src/**/*.unit.test.ts'],
    setupFiles: ['src/test/unit-setup.ts'],
  },
});
