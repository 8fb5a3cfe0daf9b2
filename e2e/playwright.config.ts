import { chromium } from './support.js';
import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests against the real server and the built web app, in Debian's Chromium (no browser
 * downloads). `global-setup.ts` starts Parley on a free port and sets PARLEY_E2E_URL before the
 * workers start, so they see it here.
 */
export default defineConfig({
  testDir: 'specs',
  outputDir: 'test-results',
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  globalSetup: './global-setup.ts',
  reporter: [['list'], ['json', { outputFile: 'test-results/results.json' }]],
  use: {
    baseURL: process.env.PARLEY_E2E_URL,
    browserName: 'chromium',
    launchOptions: chromium(),
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    trace: 'off',
  },
});
