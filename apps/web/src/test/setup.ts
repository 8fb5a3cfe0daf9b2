import { cleanup, configure } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';
import { setLocale, storeLocale } from '../i18n';

// findBy*/waitFor wait for the state a test means. 1 s, then 5 s, were not always enough on CI's two
// busy cores (a page test once took 20 s there that takes 2 s here); a wait that is met returns at
// once, so only a failing test takes longer to say so.
configure({ asyncUtilTimeout: 15_000 });

// Every test starts in English, whatever the machine's language or the test before it chose; components
// rendered without renderApp still find the i18n instance (react-i18next's global one).
beforeEach(async () => {
  storeLocale(null);
  await setLocale('en');
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.useRealTimers();
  for (const cookie of document.cookie.split(';')) {
    const name = cookie.split('=')[0]?.trim();
    if (name) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
  }
});
