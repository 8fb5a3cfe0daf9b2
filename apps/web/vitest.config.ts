import react from '@vitejs/plugin-react';
import { defineProject } from 'vitest/config';

export default defineProject({
  plugins: [react()],
  resolve: { conditions: ['parley-source'] },
  test: {
    name: '@parley/web',
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    // A page test renders, fetches and re-renders for seconds on a loaded machine: 5 s was too tight
    // with both cores busy, and one wait may take up to 15 s (src/test/setup.ts). Failing tests only
    // take longer to say so.
    testTimeout: 60_000,
  },
});
