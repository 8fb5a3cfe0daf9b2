import {
  DEFAULT_JITSI_SETTINGS,
  decodeJwt,
  deploymentConfigFromSettings,
  newCallId,
  parseJitsiSettings,
  roomNodeFor,
  verifyToken,
  type JitsiSettings,
} from '@parley/jitsi';
import { describe, expect, it } from 'vitest';
import { JitsiMeetings } from './jitsi.adapter.js';

const NOW = Date.parse('2026-11-23T10:00:00.000Z');
const selfHosted = parseJitsiSettings({
  domain: 'meet.example.org',
  useAuthToken: true,
  appId: 'parley',
  appSecret: 'a-long-enough-application-secret-0123456789',
  limitTokenToRoom: true,
});
const ada = {
  id: 'u-ada',
  displayName: 'Ada',
  avatarUrl: 'https://chat.example.org/avatars/a.webp',
  email: 'ada@example.org',
};

describe('Jitsi meetings adapter', () => {
  it('joins with a token Jitsi accepts for that room only, moderator only when asked', async () => {
    const meetings = new JitsiMeetings(
      () => Promise.resolve(selfHosted),
      () => NOW,
    );
    const callId = newCallId();
    const roomName = await meetings.roomNameFor(callId);
    const host = await meetings.join({ callId, roomName, user: ada, moderator: true });
    const guest = await meetings.join({ callId, roomName, user: { ...ada, id: 'u-bob' }, moderator: false });
    expect(host.scriptUrl).toBe('https://meet.example.org/external_api.js');
    expect(host.roomName).toContain(callId);
    expect(host.url).toContain('https://meet.example.org/');
    const config = deploymentConfigFromSettings(selfHosted);
    const room = roomNodeFor(selfHosted, host.roomName);
    expect(verifyToken(host.jwt, config, { room, now: NOW })).toMatchObject({
      ok: true,
      affiliation: 'owner',
    });
    expect(verifyToken(guest.jwt, config, { room, now: NOW })).toMatchObject({
      ok: true,
      affiliation: 'member',
    });
    // Limited to its room: useless for another call.
    expect(
      verifyToken(host.jwt, config, { room: roomNodeFor(selfHosted, 'parley' + newCallId()), now: NOW }).ok,
    ).toBe(false);
    // No e-mail in the token unless the settings say so.
    expect(JSON.stringify(host)).not.toContain('ada@example.org');
  });

  it('parses the key once per settings version and swaps the signer when the settings change', async () => {
    let settings: JitsiSettings = selfHosted;
    const meetings = new JitsiMeetings(
      () => Promise.resolve(settings),
      () => NOW,
    );
    const first = await meetings.signer();
    expect(await meetings.signer()).toBe(first);
    settings = { ...selfHosted, appSecret: 'another-long-enough-application-secret-987' };
    const second = await meetings.signer();
    expect(second).not.toBe(first);
    expect(await meetings.signer()).toBe(second);
  });

  it('joins the room named when the call started, even after the title prefix changed', async () => {
    let settings = selfHosted;
    const meetings = new JitsiMeetings(
      () => Promise.resolve(settings),
      () => NOW,
    );
    const callId = newCallId();
    const roomName = await meetings.roomNameFor(callId);
    settings = { ...selfHosted, titlePrefix: 'renamed' };
    const join = await meetings.join({ callId, roomName, user: ada, moderator: false });
    expect(join.roomName).toBe(roomName);
    expect(join.iframe).toMatchObject({ roomName });
    const config = deploymentConfigFromSettings(settings);
    expect(verifyToken(join.jwt, config, { room: roomNodeFor(settings, roomName), now: NOW }).ok).toBe(true);
  });

  it('joins without a token when token authentication is off', async () => {
    const open = parseJitsiSettings({ domain: 'meet.example.org' });
    const join = await new JitsiMeetings(
      () => Promise.resolve(open),
      () => NOW,
    ).join({
      callId: 'c',
      roomName: 'c',
      user: ada,
      moderator: false,
    });
    expect(join.jwt).toBeNull();
    expect(join.url).not.toContain('jwt=');
  });

  it('joins a consultation in the room named by its id, verbatim, with a per-role reduced interface and no email', async () => {
    const meetings = new JitsiMeetings(
      () => Promise.resolve({ ...selfHosted, titlePrefix: 'parley', shareEmail: true }),
      () => NOW,
    );
    const id = '019a0f7e-5c1d-7a2b-8c3d-4e5f60718293';
    const provider = await meetings.join({
      kind: 'consultation',
      callId: id,
      roomName: id,
      user: ada,
      moderator: true,
      title: 'ignored',
      startMuted: { audio: true, video: false },
    });
    const client = await meetings.join({
      kind: 'consultation',
      callId: id,
      roomName: id,
      user: { id: 'u-alex', displayName: 'Alex', avatarUrl: null, email: 'alex@example.org' },
      moderator: false,
    });
    // No title prefix: the URL path, the IFrame room and the token's room claim are the id itself.
    expect(provider.roomName).toBe(id);
    expect(provider.url.startsWith(`https://meet.example.org/${id}?jwt=`)).toBe(true);
    expect(provider.iframe).toMatchObject({ roomName: id });
    const config = deploymentConfigFromSettings(selfHosted);
    expect(roomNodeFor(selfHosted, id)).toBe(id);
    expect(verifyToken(provider.jwt, config, { room: id, now: NOW })).toMatchObject({
      ok: true,
      affiliation: 'owner',
    });
    expect(verifyToken(client.jwt, config, { room: id, now: NOW })).toMatchObject({
      ok: true,
      affiliation: 'member',
    });
    // Never an email, even with "share email" on.
    expect(JSON.stringify([provider, client])).not.toContain('@example.org');
    expect(decodeJwt(client.jwt!)!.payload).toMatchObject({
      room: id,
      context: { user: { id: 'u-alex', name: 'Alex' } },
    });

    const providerConfig = provider.iframe.configOverwrite as Record<string, unknown>;
    const clientConfig = client.iframe.configOverwrite as Record<string, unknown>;
    expect(providerConfig).toMatchObject({
      startWithAudioMuted: true,
      startWithVideoMuted: false,
      prejoinPageEnabled: false,
      prejoinConfig: { enabled: false },
      hideConferenceSubject: true,
      disableInviteFunctions: true,
      fileRecordingsEnabled: false,
      liveStreamingEnabled: false,
    });
    expect(providerConfig.localSubject).toBeUndefined();
    expect(providerConfig.toolbarButtons).toContain('security');
    expect(clientConfig.toolbarButtons).not.toContain('security');
    for (const toolbar of [providerConfig.toolbarButtons, clientConfig.toolbarButtons] as string[][]) {
      for (const off of ['invite', 'recording', 'livestreaming', 'chat', 'embedmeeting']) {
        expect(toolbar).not.toContain(off);
      }
    }
    expect(clientConfig.securityUi).toEqual({ hideLobbyButton: true, disableLobbyPassword: true });
    expect(providerConfig.securityUi).toBeUndefined();
    // Start muted only as asked; left to Jitsi otherwise.
    expect('startWithAudioMuted' in clientConfig).toBe(false);
    expect(client.iframe.interfaceConfigOverwrite).toMatchObject({
      SHOW_JITSI_WATERMARK: false,
      SHOW_BRAND_WATERMARK: false,
      HIDE_INVITE_MORE_HEADER: true,
    });
    // The link carries the same options as the IFrame.
    expect(client.url).toContain('config.disableInviteFunctions=true');
    expect(client.url).toContain('interfaceConfig.SHOW_JITSI_WATERMARK=false');
    expect(provider.url).toContain('config.startWithAudioMuted=true');

    // A call keeps its own interface: none of the consultation options.
    const call = await meetings.join({ callId: 'c', roomName: 'parleyc', user: ada, moderator: true });
    expect((call.iframe.configOverwrite as Record<string, unknown>).toolbarButtons).toBeUndefined();
    // A name Jitsi would change cannot be a consultation's room.
    await expect(
      meetings.join({ kind: 'consultation', callId: 'X', roomName: 'Not Safe', user: ada, moderator: false }),
    ).rejects.toThrow(/room name/);
  });

  it('says what is missing instead of joining when Jitsi is not configured', async () => {
    const meetings = new JitsiMeetings(
      () => Promise.resolve({ ...DEFAULT_JITSI_SETTINGS, domain: '' }),
      () => NOW,
    );
    expect((await meetings.problems()).map((p) => p.field)).toContain('domain');
    await expect(
      meetings.join({ callId: 'c', roomName: 'c', user: ada, moderator: true }),
    ).rejects.toMatchObject({
      status: 409,
      code: 'meetings_not_configured',
    });
    const broken = new JitsiMeetings(
      () => Promise.resolve({ ...selfHosted, appSecret: '' }),
      () => NOW,
    );
    await expect(
      broken.join({ callId: 'c', roomName: 'c', user: ada, moderator: true }),
    ).rejects.toMatchObject({
      code: 'meetings_not_configured',
    });
  });
});
