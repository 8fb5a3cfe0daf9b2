import {
  DEFAULT_JITSI_SETTINGS,
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
    const join = await new JitsiMeetings(() => Promise.resolve(open)).join({
      callId: 'c',
      roomName: 'c',
      user: ada,
      moderator: false,
    });
    expect(join.jwt).toBeNull();
    expect(join.url).not.toContain('jwt=');
  });

  it('says what is missing instead of joining when Jitsi is not configured', async () => {
    const meetings = new JitsiMeetings(() => Promise.resolve({ ...DEFAULT_JITSI_SETTINGS, domain: '' }));
    expect((await meetings.problems()).map((p) => p.field)).toContain('domain');
    await expect(
      meetings.join({ callId: 'c', roomName: 'c', user: ada, moderator: true }),
    ).rejects.toMatchObject({
      status: 409,
      code: 'meetings_not_configured',
    });
    const broken = new JitsiMeetings(() => Promise.resolve({ ...selfHosted, appSecret: '' }));
    await expect(
      broken.join({ callId: 'c', roomName: 'c', user: ada, moderator: true }),
    ).rejects.toMatchObject({
      code: 'meetings_not_configured',
    });
  });
});
