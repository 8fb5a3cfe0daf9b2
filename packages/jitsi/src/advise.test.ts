import { describe, expect, it } from 'vitest';
import { advise } from './advise.js';
import { parseJitsiSettings } from './settings.js';

describe('advise', () => {
  it('warns about wildcard rooms, http and no tokens', () => {
    expect(advise(parseJitsiSettings({})).map((p) => p.field)).toEqual(['useAuthToken']);
    const s = parseJitsiSettings({
      useAuthToken: true,
      appId: 'a',
      appSecret: 'short',
      limitTokenToRoom: false,
      useSsl: false,
    });
    expect(advise(s).map((p) => p.field)).toEqual(['limitTokenToRoom', 'useSsl', 'appSecret']);
  });
});
