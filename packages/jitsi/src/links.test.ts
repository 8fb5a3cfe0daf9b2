import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { iframeOptions, joinCall, meetingLink } from './links.js';
import { parseJitsiSettings } from './settings.js';
import { createTokenSigner } from './signer.js';

const NOW = Date.UTC(2025, 0, 15, 12);
const open = parseJitsiSettings({
  domain: 'meet.example.com',
  chromeExtensionId: 'nocfbnnmjnndkbipkabodnheejiegccf',
});
const secured = parseJitsiSettings({
  domain: 'meet.example.com/acme',
  useAuthToken: true,
  appId: 'parley',
  appSecret: 'x'.repeat(32),
});

/** Parses the hash the way Jitsi's parseURLParams does: split on &, first =, JSON.parse(decode(value)). */
function hashParams(url: string): Record<string, unknown> {
  const hash = new URL(url).hash.slice(1);
  const out: Record<string, unknown> = {};
  for (const part of hash.split('&')) {
    const eq = part.indexOf('=');
    out[part.slice(0, eq)] = JSON.parse(decodeURIComponent(part.slice(eq + 1)));
  }
  return out;
}

describe('meetingLink', () => {
  it('builds https://domain/room with the hash config and no jwt when tokens are off', () => {
    const url = meetingLink({
      settings: open,
      roomName: 'parleyabc',
      title: 'Weekly sync',
      startWithAudioMuted: true,
      startWithVideoMuted: false,
      signedIn: true,
      displayName: 'Ada',
    });
    expect(url.startsWith('https://meet.example.com/parleyabc#')).toBe(true);
    expect(url).not.toContain('jwt');
    expect(hashParams(url)).toEqual({
      'config.localSubject': 'Weekly sync',
      'config.startWithAudioMuted': true,
      'config.startWithVideoMuted': false,
      'config.prejoinPageEnabled': false,
      'config.prejoinConfig': { enabled: false },
      'config.desktopSharingChromeExtId': 'nocfbnnmjnndkbipkabodnheejiegccf',
      'userInfo.displayName': 'Ada',
    });
  });

  it('cannot be injected through the title', () => {
    const title = 'a" & config.startWithAudioMuted=false&x=1#frag "\'';
    const url = meetingLink({ settings: open, roomName: 'r', title });
    const params = hashParams(url);
    expect(params['config.localSubject']).toBe(title);
    expect(Object.keys(params)).toEqual(['config.localSubject', 'config.desktopSharingChromeExtId']);
    expect(new URL(url).hash.split('#')).toHaveLength(2);
  });

  it('uses http when useSsl is off and puts the tenant in the path', () => {
    expect(meetingLink({ settings: { ...open, useSsl: false, chromeExtensionId: '' }, roomName: 'r' })).toBe(
      'http://meet.example.com/r',
    );
  });

  it('requires and carries ?jwt= when tokens are on, without userInfo', () => {
    expect(() => meetingLink({ settings: secured, roomName: 'r' })).toThrow(/jwt/);
    const url = meetingLink({ settings: secured, roomName: 'r', jwt: 'a.b.c', displayName: 'Ada' });
    expect(url).toBe('https://meet.example.com/acme/r?jwt=a.b.c');
  });
});

describe('iframeOptions', () => {
  it('has the same values as the link', () => {
    const input = { settings: secured, roomName: 'r', jwt: 'a.b.c', title: 'T', signedIn: true };
    const options = iframeOptions(input);
    expect(options).toEqual({
      domain: 'meet.example.com',
      roomName: 'acme/r',
      jwt: 'a.b.c',
      configOverwrite: { localSubject: 'T', prejoinPageEnabled: false, prejoinConfig: { enabled: false } },
      interfaceConfigOverwrite: {},
      userInfo: {},
    });
    const params = hashParams(meetingLink(input));
    for (const [k, v] of Object.entries(options.configOverwrite)) expect(params[`config.${k}`]).toEqual(v);
  });
});

describe('joinCall', () => {
  it('self-hosted: room from prefix/id/suffix, token for that room in URL and iframe', () => {
    const signer = createTokenSigner(
      { ...secured, titlePrefix: 'Team ', titleSuffix: '!' },
      { now: () => NOW },
    );
    const join = joinCall(signer, {
      callId: 'abc',
      user: { id: 'u1', name: 'Ada' },
      moderator: true,
      title: 'Hi',
    });
    expect(join.roomName).toBe('team%20abc');
    expect(join.url.startsWith(`https://meet.example.com/acme/team%20abc?jwt=${join.jwt}#`)).toBe(true);
    expect(join.iframe.jwt).toBe(join.jwt);
    expect(join.iframe.roomName).toBe('acme/team%20abc');
  });

  it('JaaS: https://8x8.vc/<AppID>/<room>, iframe domain 8x8.vc and roomName AppID/room', () => {
    const pem = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const app = 'vpaas-magic-cookie-0123';
    const settings = parseJitsiSettings({
      useAuthToken: true,
      useJaas: true,
      appId: app,
      jaasApiKeyId: `${app}/k`,
      jaasPrivateKey: pem,
    });
    const join = joinCall(createTokenSigner(settings, { now: () => NOW }), {
      callId: 'abc',
      user: { id: 'u', name: 'n' },
      moderator: false,
    });
    expect(join.url.startsWith(`https://8x8.vc/${app}/parleyabc?jwt=`)).toBe(true);
    expect(join.iframe).toMatchObject({ domain: '8x8.vc', roomName: `${app}/parleyabc` });
  });
});
