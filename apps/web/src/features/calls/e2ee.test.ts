import { describe, expect, it, vi } from 'vitest';
import { browserCanEncrypt, e2eeOptions, encryptionState, keyBytes, mediaKeyOnRejoin } from './e2ee';

const KEY = 'ab'.repeat(32);

describe('encryption support', () => {
  it('needs encoded transforms: RTCRtpScriptTransform or Chrome’s createEncodedStreams', () => {
    class Transform {}
    class WithStreams {}
    (WithStreams.prototype as unknown as Record<string, unknown>).createEncodedStreams = () => undefined;
    const scope = (g: Record<string, unknown>) => g as unknown as typeof globalThis;
    expect(browserCanEncrypt(scope({ RTCRtpScriptTransform: Transform }))).toBe(true);
    expect(browserCanEncrypt(scope({ RTCRtpSender: WithStreams }))).toBe(true);
    // WebRTC without encoded transforms (older browsers), or no WebRTC at all (jsdom).
    expect(browserCanEncrypt(scope({ RTCRtpSender: class {} }))).toBe(false);
    expect(browserCanEncrypt(scope({}))).toBe(false);
    expect(browserCanEncrypt()).toBe(false);
  });
});

describe('the IFrame API options', () => {
  it('pass the key as e2eeKey and tell Jitsi the key is managed outside it, keeping the rest', () => {
    const options = e2eeOptions({ mode: 'offered', key: KEY }, { startWithAudioMuted: true }, true);
    expect(options).toEqual({
      e2eeKey: KEY,
      configOverwrite: { startWithAudioMuted: true, e2ee: { externallyManagedKey: true } },
    });
    expect(
      e2eeOptions({ mode: 'required', key: KEY }, { e2ee: { labels: { x: 'y' } } }, true).configOverwrite,
    ).toEqual({ e2ee: { labels: { x: 'y' }, externallyManagedKey: true } });
  });

  it('add nothing when the meeting is not encrypted or this browser cannot encrypt', () => {
    expect(e2eeOptions(undefined, { a: 1 }, true)).toEqual({ configOverwrite: { a: 1 } });
    expect(e2eeOptions({ mode: 'offered', key: KEY }, { a: 1 }, false)).toEqual({
      configOverwrite: { a: 1 },
    });
    expect(e2eeOptions(undefined, undefined, true)).toEqual({});
  });

  it('say what the meeting shows', () => {
    const e2ee = { mode: 'offered' as const, key: KEY };
    expect(encryptionState(undefined, true, [])).toEqual({ kind: 'none' });
    expect(encryptionState(e2ee, true, [])).toEqual({ kind: 'encrypted' });
    expect(encryptionState(e2ee, false, ['Bob'])).toEqual({ kind: 'self-unencrypted' });
    expect(encryptionState(e2ee, true, ['Bob'])).toEqual({ kind: 'others-unencrypted', names: ['Bob'] });
  });
});

describe('the key after a rejoin', () => {
  it('is the hex key as bytes', () => {
    expect(keyBytes('00ff10')).toEqual([0, 255, 16]);
    expect(keyBytes(KEY)).toEqual(Array<number>(32).fill(0xab));
  });

  it('is sent again on every join after the first (the API sends the first and forgets the key)', () => {
    const api = { executeCommand: vi.fn() };
    const onJoin = mediaKeyOnRejoin(e2eeOptions({ mode: 'offered', key: KEY }, undefined, true));
    onJoin(api);
    expect(api.executeCommand).not.toHaveBeenCalled();
    onJoin(api);
    onJoin(api);
    const sent = JSON.stringify({ exportedKey: Array<number>(32).fill(0xab), index: 0 });
    expect(api.executeCommand.mock.calls).toEqual([
      ['setMediaEncryptionKey', sent],
      ['setMediaEncryptionKey', sent],
    ]);
  });

  it('is never sent when the meeting has no key for this browser', () => {
    const api = { executeCommand: vi.fn() };
    for (const options of [
      e2eeOptions(undefined, undefined, true),
      e2eeOptions({ mode: 'offered', key: KEY }, undefined, false),
    ]) {
      const onJoin = mediaKeyOnRejoin(options);
      onJoin(api);
      onJoin(api);
    }
    expect(api.executeCommand).not.toHaveBeenCalled();
  });
});
