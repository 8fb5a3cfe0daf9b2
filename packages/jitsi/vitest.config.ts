import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['parley-source'] },
  ssr: { resolve: { conditions: ['parley-source'] } },
  // Property tests mint hundreds of tokens: ~2 s alone, longer than Vitest's 5 s default with both cores busy.
  test: { name: '@parley/jitsi', include: ['src/**/*.test.ts'], testTimeout: 30_000 },
});
