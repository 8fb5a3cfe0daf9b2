import type { Call, JoinCallResponse } from '@parley/shared';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError } from '../../test/api';
import { call, FakeJitsiApi, joinAnswer, participant } from '../../test/calls';
import { BOB, GRACE } from '../../test/chat';
import { sockets } from '../../test/fakeSocket';
import { openGeneralWithCall } from '../../test/openGeneralWithCall';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

vi.mock('./jitsi', async () => {
  const { FakeJitsiApi } = await import('../../test/calls');
  return { loadJitsiApi: vi.fn(() => Promise.resolve(FakeJitsiApi)) };
});

const KEY = 'fedcba9876543210'.repeat(4);
/** KEY as the bytes Jitsi's setMediaEncryptionKey takes. */
const KEY_BYTES = Array.from({ length: 4 }, () => [0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10]).flat();

beforeEach(() => {
  sockets.length = 0;
  FakeJitsiApi.instances.length = 0;
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  window.localStorage.clear();
});

/** Chrome's encoded streams (Insertable Streams); jsdom has no WebRTC at all. */
function canEncrypt() {
  class Sender {}
  (Sender.prototype as unknown as Record<string, unknown>).createEncodedStreams = () => undefined;
  vi.stubGlobal('RTCRtpSender', Sender);
}

const ongoing = (participants = [participant(BOB, 'joined'), participant(GRACE, 'joined')]): Call =>
  call({
    id: 'c_g',
    roomId: 'r_general',
    type: 'group',
    status: 'ongoing',
    title: '',
    createdBy: BOB.id,
    startedAt: '2026-03-02T10:00:00.000Z',
    participants,
    roomDisplayName: 'General',
  });

/** Grace joins the call in #general from its message; the join answers `join`. */
async function joinWith(join: { status: number; body: unknown }) {
  const { api, socket, card } = await openGeneralWithCall({
    'GET /api/v1/calls/c_g': { status: 200, body: { call: ongoing() } },
    'POST /api/v1/calls/c_g/join': join,
    'POST /api/v1/calls/c_g/events': { status: 200, body: { call: ongoing() } },
  });
  fireEvent.click(await within(card).findByRole('button', { name: 'Join' }));
  return { api, socket };
}

const encrypted = (mode: 'offered' | 'required'): { status: number; body: JoinCallResponse } => ({
  status: 200,
  body: { ...joinAnswer(ongoing()), e2ee: { mode, key: KEY } },
});

describe('an end-to-end encrypted call', () => {
  it('builds the meeting with the key through the IFrame API and shows the lock', async () => {
    canEncrypt();
    const { api } = await joinWith(encrypted('offered'));
    await waitFor(() => expect(FakeJitsiApi.instances).toHaveLength(1));
    expect(api.calls('POST /api/v1/calls/c_g/join')[0]!.body).toEqual({ e2eeSupported: true });
    const { options } = FakeJitsiApi.instances[0]!;
    expect(options).toMatchObject({
      e2eeKey: KEY,
      configOverwrite: { e2ee: { externallyManagedKey: true } },
    });
    expect(String(options.roomName)).not.toContain(KEY);
    await screen.findByText('End-to-end encrypted');
  });

  it('sends the key again when Jitsi joins again inside the frame (its page reloaded)', async () => {
    canEncrypt();
    await joinWith(encrypted('offered'));
    await waitFor(() => expect(FakeJitsiApi.instances).toHaveLength(1));
    const jitsi = FakeJitsiApi.instances[0]!;
    await screen.findByText('End-to-end encrypted');
    // The first join: the API itself sends its e2eeKey.
    act(() => jitsi.fire('videoConferenceJoined', { id: 'me' }));
    expect(jitsi.executeCommand).not.toHaveBeenCalledWith('setMediaEncryptionKey', expect.anything());
    act(() => jitsi.fire('videoConferenceJoined', { id: 'me-again' }));
    expect(jitsi.executeCommand).toHaveBeenCalledWith(
      'setMediaEncryptionKey',
      JSON.stringify({ exportedKey: KEY_BYTES, index: 0 }),
    );
    expect(jitsi.executeCommand).toHaveBeenCalledTimes(1);
  });

  it('names a participant who joined from a browser that cannot encrypt', async () => {
    canEncrypt();
    const { socket } = await joinWith(encrypted('offered'));
    await screen.findByText('End-to-end encrypted');
    const bobInClear = { ...participant(BOB, 'joined'), unencrypted: true };
    act(() => socket.serverEmit('call:updated', ongoing([bobInClear, participant(GRACE, 'joined')])));
    await screen.findByText(/Bob Brown joined from a browser that cannot encrypt/);
    expect(screen.queryByText('End-to-end encrypted')).toBeNull();
  });

  it('offered, in a browser that cannot encrypt: joins without the key and says why', async () => {
    const { api } = await joinWith(encrypted('offered'));
    await waitFor(() => expect(FakeJitsiApi.instances).toHaveLength(1));
    expect(api.calls('POST /api/v1/calls/c_g/join')[0]!.body).toEqual({ e2eeSupported: false });
    expect(FakeJitsiApi.instances[0]!.options).not.toHaveProperty('e2eeKey');
    await screen.findByText(/This browser cannot encrypt video calls/);
  });

  it('required, in a browser that cannot encrypt: no meeting, and a clear reason', async () => {
    await joinWith(apiError(422, 'e2ee_unsupported', 'Required'));
    await screen.findByText(/requires end-to-end encryption, and this browser cannot encrypt/);
    expect(FakeJitsiApi.instances).toHaveLength(0);
  });

  it('offers no "Open in new tab" for an encrypted call: a tab of its own would have no key', async () => {
    canEncrypt();
    // jsdom lays nothing out: give the room's call slot a place so the meeting docks there.
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (this: HTMLElement) {
      return this.classList.contains('call-slot') ? new DOMRect(264, 120, 600, 560) : new DOMRect(0, 0, 0, 0);
    });
    await joinWith(encrypted('offered'));
    const region = await screen.findByRole('region', { name: 'Call: General' });
    await waitFor(() => expect(region.className).toContain('call-dock-docked'));
    await screen.findByText('End-to-end encrypted');
    expect(within(region).queryByRole('link', { name: /Open in new tab/ })).toBeNull();
  });

  it('not encrypted: no lock and no key', async () => {
    canEncrypt();
    await joinWith({ status: 200, body: joinAnswer(ongoing()) });
    await waitFor(() => expect(FakeJitsiApi.instances).toHaveLength(1));
    expect(FakeJitsiApi.instances[0]!.options).not.toHaveProperty('e2eeKey');
    expect(screen.queryByText(/end-to-end encrypted/i)).toBeNull();
  });

  it('not encrypted, docked: "Open in new tab" is there as before', async () => {
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (this: HTMLElement) {
      return this.classList.contains('call-slot') ? new DOMRect(264, 120, 600, 560) : new DOMRect(0, 0, 0, 0);
    });
    await joinWith({ status: 200, body: joinAnswer(ongoing()) });
    const region = await screen.findByRole('region', { name: 'Call: General' });
    await waitFor(() => expect(region.className).toContain('call-dock-docked'));
    within(region).getByRole('link', { name: /Open in new tab/ });
  });
});
