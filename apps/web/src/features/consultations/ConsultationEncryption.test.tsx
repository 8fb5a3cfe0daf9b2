import type { Consultation } from '@parley/shared';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError, instance, MEMBER, mockApi, signedInAs } from '../../test/api';
import { FakeJitsiApi } from '../../test/calls';
import { joinAnswer, liveConsultation, useTimeZone } from '../../test/consultations';
import { lastSocket, sockets } from '../../test/fakeSocket';
import { renderApp } from '../../test/render';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

vi.mock('../calls/jitsi', async () => {
  const { FakeJitsiApi } = await import('../../test/calls');
  return { loadJitsiApi: vi.fn(() => Promise.resolve(FakeJitsiApi)) };
});

useTimeZone('Europe/Lisbon');

const ID = '0190b7a2-0000-7000-8000-000000000001';
const path = `/api/v1/consultations/${ID}`;
const KEY = '0123456789abcdef'.repeat(4);
/** KEY as the bytes Jitsi's setMediaEncryptionKey takes. */
const KEY_BYTES = Array.from({ length: 4 }, () => [0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef]).flat();

/** A browser with encoded transforms (Safari/Firefox's standard API); jsdom has none. */
const canEncrypt = () => vi.stubGlobal('RTCRtpScriptTransform', class {});

beforeEach(() => {
  sockets.length = 0;
  FakeJitsiApi.instances.length = 0;
});
afterEach(() => vi.unstubAllGlobals());

async function open(c: Consultation, join: { status: number; body: unknown }) {
  const api = mockApi({
    'GET /api/v1/instance': instance(),
    'GET /api/v1/auth/session': signedInAs(MEMBER),
    [`GET ${path}`]: { status: 200, body: { consultation: c } },
    [`POST ${path}/join`]: join,
    [`POST ${path}/events`]: { status: 200, body: { consultation: c } },
    'GET /api/v1/rooms/r_consult_1/messages': { status: 200, body: { messages: [], hasMore: false } },
  });
  renderApp(`/consultations/${ID}`);
  const socket = await waitFor(() => lastSocket());
  act(() => socket.serverEmit('connect'));
  await screen.findByRole('heading', { level: 1 });
  fireEvent.click(await screen.findByRole('button', { name: 'Join with video' }));
  return { api, socket };
}

const encrypted = (c: Consultation, mode: 'offered' | 'required') => ({
  status: 200,
  body: { ...joinAnswer({ ...c, status: 'active' }), e2ee: { mode, key: KEY } },
});

describe('an end-to-end encrypted consultation', () => {
  it('hands the key to the IFrame API (never the URL) and shows the lock', async () => {
    canEncrypt();
    const c = liveConsultation();
    const { api } = await open(c, encrypted(c, 'required'));
    await waitFor(() => expect(FakeJitsiApi.instances).toHaveLength(1));
    expect(api.calls(`POST ${path}/join`)[0]!.body).toMatchObject({ e2eeSupported: true });
    const jitsi = FakeJitsiApi.instances[0]!;
    expect(jitsi.options).toMatchObject({
      roomName: ID,
      e2eeKey: KEY,
      configOverwrite: { e2ee: { externallyManagedKey: true }, prejoinPageEnabled: false },
    });
    expect(JSON.stringify(jitsi.options.configOverwrite)).not.toContain(KEY);
    const lock = await screen.findByText('End-to-end encrypted');
    expect(lock.closest('[role="status"]')).toBeTruthy();
    expect(screen.queryByText(/Not end-to-end encrypted/)).toBeNull();
  });

  it('sends the key again when Jitsi joins again inside the frame (its page reloaded)', async () => {
    canEncrypt();
    const c = liveConsultation();
    const { api } = await open(c, encrypted(c, 'offered'));
    await waitFor(() => expect(FakeJitsiApi.instances).toHaveLength(1));
    const jitsi = FakeJitsiApi.instances[0]!;
    await screen.findByText('End-to-end encrypted');
    // The first join: the API itself sends its e2eeKey.
    act(() => jitsi.fire('videoConferenceJoined', { id: 'me' }));
    expect(jitsi.executeCommand).not.toHaveBeenCalledWith('setMediaEncryptionKey', expect.anything());
    // A reloaded page joins again without having said it left.
    act(() => jitsi.fire('videoConferenceJoined', { id: 'me-again' }));
    const setKey = jitsi.executeCommand.mock.calls.filter(([name]) => name === 'setMediaEncryptionKey');
    expect(setKey).toEqual([['setMediaEncryptionKey', JSON.stringify({ exportedKey: KEY_BYTES, index: 0 })]]);
    // Still one meeting to the server: one 'joined' report.
    await waitFor(() =>
      expect(
        api.calls(`POST ${path}/events`).filter((call) => JSON.stringify(call.body).includes('"joined"')),
      ).toHaveLength(1),
    );
  });

  it('shows everyone when the other party joined from a browser that cannot encrypt', async () => {
    canEncrypt();
    const c = liveConsultation();
    const { socket } = await open(c, encrypted(c, 'offered'));
    await screen.findByText('End-to-end encrypted');
    act(() =>
      socket.serverEmit('consultation:presence', {
        consultationId: ID,
        providerInCall: true,
        clientInCall: true,
        unencrypted: ['provider'],
      }),
    );
    await screen.findByText(/Not end-to-end encrypted/);
    screen.getByText(/Bob Brown joined from a browser that cannot encrypt/);
    expect(screen.queryByText('End-to-end encrypted')).toBeNull();
    // They come back from a browser that can: the lock returns.
    act(() =>
      socket.serverEmit('consultation:presence', {
        consultationId: ID,
        providerInCall: true,
        clientInCall: true,
      }),
    );
    await screen.findByText('End-to-end encrypted');
  });

  it('offered, in a browser that cannot encrypt: joins without the key and says why', async () => {
    const c = liveConsultation();
    const { api } = await open(c, encrypted(c, 'offered'));
    await waitFor(() => expect(FakeJitsiApi.instances).toHaveLength(1));
    expect(api.calls(`POST ${path}/join`)[0]!.body).toMatchObject({ e2eeSupported: false });
    const { parentNode: _frame, ...options } = FakeJitsiApi.instances[0]!.options;
    expect(options).not.toHaveProperty('e2eeKey');
    expect(JSON.stringify(options)).not.toContain(KEY);
    await screen.findByText(/Not end-to-end encrypted/);
    screen.getByText(/This browser cannot encrypt video calls/);
  });

  it('required, in a browser that cannot encrypt: no meeting, and a clear reason', async () => {
    const c = liveConsultation();
    await open(
      c,
      apiError(
        422,
        'e2ee_unsupported',
        'This meeting requires end-to-end encryption, which this browser cannot do',
      ),
    );
    const alert = await screen.findByText(/requires end-to-end encryption, and this browser cannot encrypt/);
    expect(alert.textContent).toContain('Chrome, Edge, Firefox or Safari');
    expect(FakeJitsiApi.instances).toHaveLength(0);
    // The chat is still a way in.
    screen.getByRole('button', { name: 'Chat only' });
  });

  it('not encrypted: no lock, no key option', async () => {
    canEncrypt();
    const c = liveConsultation();
    await open(c, { status: 200, body: joinAnswer({ ...c, status: 'active' }) });
    await waitFor(() => expect(FakeJitsiApi.instances).toHaveLength(1));
    expect(FakeJitsiApi.instances[0]!.options).not.toHaveProperty('e2eeKey');
    await screen.findByRole('toolbar', { name: 'Call controls' });
    expect(screen.queryByText(/end-to-end encrypted/i)).toBeNull();
  });
});
