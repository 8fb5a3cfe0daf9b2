import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['parley-source'] },
  ssr: { resolve: { conditions: ['parley-source'] } },
  test: { name: '@parley/jitsi', include: ['src/**/*.test.ts'] },
});
