/**
 * Starts the Parley that specs share by default (specs that need a fresh instance start their own
 * with `startParley()` from server.ts) and sets PARLEY_E2E_URL before the workers start.
 */
import { startParley } from './server.js';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const parley = await startParley();
  // Workers inherit this environment; playwright.config.ts turns it into `use.baseURL`.
  process.env.PARLEY_E2E_URL = parley.url;
  console.log(`Parley e2e server: ${parley.url} (data in ${parley.dataDir})`);
  return async () => {
    const log = await parley.stop();
    if (log) console.log(`Parley server output (warnings and errors):\n${log}`);
  };
}
