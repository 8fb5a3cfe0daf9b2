import { defineConfig } from 'vitest/config';

/**
 * One Vitest run over every workspace; each project keeps its tests next to its code. Two tiers:
 * unit (every project but the server's integration one: no database, no service) and integration
 * (`@parley/server:integration`: both databases, Prosody, Redis). `npm run test:unit` and
 * `npm run test:integration` pick them; `npm test` runs both and the browser tests.
 */
export default defineConfig({
  test: {
    projects: [
      'packages/jitsi',
      'packages/shared',
      'apps/server/vitest.unit.config.ts',
      'apps/server/vitest.integration.config.ts',
      'apps/web',
    ],
  },
});
