import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { instance, MEMBER, mockApi, signedInAs } from '../../test/api';
import { call, FakeJitsiApi, joinAnswer, participant } from '../../test/calls';
import { BOB, dm, GRACE } from '../../test/chat';
import { lastSocket, sockets } from '../../test/fakeSocket';
import { renderApp } from '../../test/render';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

vi.mock('./jitsi', async () => {
  const { FakeJitsiApi } = await import('../../test/calls');
  return { loadJitsiApi: vi.fn(() => Promise.resolve(FakeJitsiApi)) };
});

let play: ReturnType<typeof vi.fn<() => Promise<void>>>;
let pause: ReturnType<typeof vi.fn<() => void>>;

beforeEach(() => {
  sockets.length = 0;
  FakeJitsiApi.instances.length = 0;
  play = vi.fn<() => Promise<void>>(() => Promise.resolve());
  pause = vi.fn<() => void>();
  vi.spyOn(HTMLMediaElement.prototype, 'play').mockImplementation(play);
  vi.spyOn(HTMLMediaElement.prototype, 'pause').mockImplementation(pause);
});

afterEach(() => {
  cleanup(); // unmount (and pause) while play/pause are still stubbed
  vi.restoreAllMocks();
  Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
  localStorage.clear();
});

const ringing = call();
const accepted = call({
  status: 'ongoing',
  startedAt: '2026-03-02T10:00:12.000Z',
  participants: [participant(BOB, 'joined'), participant(GRACE, 'accepted')],
});

async function signedIn(routes: Parameters<typeof mockApi>[0] = {}) {
  const api = mockApi({
    'GET /api/v1/instance': instance(),
    'GET /api/v1/auth/session': signedInAs(MEMBER),
    'GET /api/v1/rooms': { status: 200, body: { rooms: [dm(BOB)] } },
    'GET /api/v1/rooms/r_dm_u_bob/messages': { status: 200, body: { messages: [], hasMore: false } },
    ...routes,
  });
  const app = renderApp('/');
  await screen.findByRole('heading', { name: /Welcome/ });
  const socket = await waitFor(() => lastSocket());
  socket.respond('presence:get', () => ({ ok: true, data: {} }));
  act(() => socket.serverEmit('connect'));
  return { api, app, socket };
}

const ring = (socket: ReturnType<typeof lastSocket>) =>
  act(() => socket.serverEmit('call:ringing', { call: ringing, caller: BOB }));

const ringAudio = () => document.querySelector<HTMLAudioElement>('audio.ring-audio');

describe('incoming call', () => {
  it('shows the caller and room, rings in a loop, and Accept answers, opens the room and the meeting', async () => {
    const { api, app, socket } = await signedIn({
      'POST /api/v1/calls/c_1/accept': { status: 200, body: { call: accepted } },
      'POST /api/v1/calls/c_1/join': { status: 200, body: joinAnswer(accepted) },
    });
    ring(socket);
    const dialog = await screen.findByRole('dialog', { name: 'Incoming call' });
    expect(dialog.textContent).toContain('Bob Brown is calling');
    expect(dialog.textContent).toContain('Direct call');
    expect(ringAudio()?.getAttribute('src')).toMatch(/ring\.wav$/);
    expect(ringAudio()?.loop).toBe(true);
    expect(play).toHaveBeenCalled();
    // Nothing inside is focused at first: an Enter meant for the composer does not answer.
    expect(document.activeElement?.tagName).not.toBe('BUTTON');

    fireEvent.click(within(dialog).getByRole('button', { name: 'Accept' }));
    await waitFor(() => expect(app.location()).toBe('/rooms/r_dm_u_bob'));
    expect(api.calls('POST /api/v1/calls/c_1/accept')).toHaveLength(1);
    await waitFor(() => expect(api.calls('POST /api/v1/calls/c_1/join')).toHaveLength(1));
    expect(screen.queryByRole('dialog', { name: 'Incoming call' })).toBeNull();
    expect(pause).toHaveBeenCalled();
    await waitFor(() => expect(FakeJitsiApi.instances).toHaveLength(1));
    expect(FakeJitsiApi.instances[0]?.domain).toBe('meet.example.org');
  });

  it('stops ringing here as soon as another device answers', async () => {
    const { socket } = await signedIn();
    ring(socket);
    await screen.findByRole('dialog', { name: 'Incoming call' });
    act(() => socket.serverEmit('call:updated', accepted));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Incoming call' })).toBeNull());
    expect(pause).toHaveBeenCalled();
    expect(ringAudio()).toBeNull();
  });

  it('stops ringing when the call ends (the caller canceled)', async () => {
    const { socket } = await signedIn();
    ring(socket);
    await screen.findByRole('dialog', { name: 'Incoming call' });
    act(() =>
      socket.serverEmit(
        'call:ended',
        call({
          status: 'canceled',
          participants: [participant(BOB, 'accepted'), participant(GRACE, 'missed')],
        }),
      ),
    );
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Incoming call' })).toBeNull());
  });

  it('Decline tells the server and stops at once', async () => {
    const declined = call({
      status: 'declined',
      participants: [participant(BOB, 'accepted'), participant(GRACE, 'declined')],
    });
    const { api, socket } = await signedIn({
      'POST /api/v1/calls/c_1/decline': { status: 200, body: { call: declined } },
    });
    ring(socket);
    const dialog = await screen.findByRole('dialog', { name: 'Incoming call' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Decline' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Incoming call' })).toBeNull());
    expect(api.calls('POST /api/v1/calls/c_1/decline')).toHaveLength(1);
  });

  it('Escape silences and hides it without answering', async () => {
    const { api, socket } = await signedIn();
    ring(socket);
    const dialog = await screen.findByRole('dialog', { name: 'Incoming call' });
    fireEvent(dialog, new Event('cancel', { cancelable: true }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Incoming call' })).toBeNull());
    expect(pause).toHaveBeenCalled();
    expect(api.requests.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('offers "Click to enable sound" when the browser refuses to play without a click', async () => {
    play.mockImplementationOnce(() => Promise.reject(new DOMException('no gesture', 'NotAllowedError')));
    const { socket } = await signedIn();
    ring(socket);
    const enable = await screen.findByRole('button', { name: 'Click to enable sound' });
    fireEvent.click(enable);
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Click to enable sound' })).toBeNull());
    expect(play).toHaveBeenCalledTimes(2);
  });

  it('notifies while the tab is hidden (when notifications are on) and closes it when the ringing stops', async () => {
    const close = vi.fn();
    const created: { title: string; options: NotificationOptions }[] = [];
    class FakeNotification {
      static permission = 'granted';
      onclick: (() => void) | null = null;
      close = close;
      constructor(title: string, options: NotificationOptions) {
        created.push({ title, options });
      }
    }
    vi.stubGlobal('Notification', FakeNotification);
    localStorage.setItem('parley.notifications', 'on');
    const { socket } = await signedIn();
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    ring(socket);
    await screen.findByRole('dialog', { name: 'Incoming call' });
    expect(created).toEqual([
      { title: 'Bob Brown is calling', options: expect.objectContaining({ tag: 'call-c_1' }) as unknown },
    ]);
    act(() => socket.serverEmit('call:updated', accepted));
    await waitFor(() => expect(close).toHaveBeenCalled());
  });
});

describe('after a reconnect', () => {
  it('asks again about the call that rang, and stops ringing if it ended meanwhile', async () => {
    const { api, socket } = await signedIn({
      'GET /api/v1/calls/c_1': {
        status: 200,
        body: {
          call: call({
            status: 'missed',
            participants: [participant(BOB, 'accepted'), participant(GRACE, 'missed')],
          }),
        },
      },
    });
    ring(socket);
    await screen.findByRole('dialog', { name: 'Incoming call' });
    act(() => socket.serverEmit('disconnect'));
    act(() => socket.serverEmit('connect'));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Incoming call' })).toBeNull());
    expect(api.calls('GET /api/v1/calls/c_1')).toHaveLength(1);
  });
});
