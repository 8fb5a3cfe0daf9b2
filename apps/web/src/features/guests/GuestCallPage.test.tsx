import type { GuestLinkInfo, GuestMeetingJoin } from '@parley/shared';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { io } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError, instance, MEMBER, mockApi, signedInAs, signedOut } from '../../test/api';
import { FakeJitsiApi } from '../../test/calls';
import { lastSocket, sockets } from '../../test/fakeSocket';
import { renderApp } from '../../test/render';
import { GUEST_POLL_MS } from './useGuestSession';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

vi.mock('../calls/jitsi', async () => {
  const { FakeJitsiApi } = await import('../../test/calls');
  return { loadJitsiApi: vi.fn(() => Promise.resolve(FakeJitsiApi)) };
});

beforeEach(() => {
  sockets.length = 0;
  FakeJitsiApi.instances.length = 0;
  window.sessionStorage.clear();
  vi.mocked(io).mockClear();
});

afterEach(() => {
  window.sessionStorage.clear();
});

const TOKEN = 'tok_abc';
const base = `/api/v1/guest/${TOKEN}`;
const SECRET = 'secret-xyz';

function info(over: Partial<GuestLinkInfo> = {}): GuestLinkInfo {
  return {
    workspace: 'Acme Studio',
    title: 'Weekly sync',
    needsPasscode: false,
    lobby: true,
    call: 'live',
    ...over,
  };
}

const join: GuestMeetingJoin = {
  roomName: 'parley-0123456789abcdef0123456789abcdef',
  url: 'https://meet.example.org/parley-0123456789abcdef0123456789abcdef?jwt=guest',
  jwt: 'guest.jwt.sig',
  iframe: { roomName: 'parley-0123456789abcdef0123456789abcdef', jwt: 'guest.jwt.sig', configOverwrite: {} },
  domain: 'meet.example.org',
  scriptUrl: 'https://meet.example.org/external_api.js',
  chromeExtensionId: null,
};

function open(
  routes: Parameters<typeof mockApi>[0] = {},
  session: { status: number; body: unknown } = signedOut,
) {
  const api = mockApi({
    'GET /api/v1/instance': instance(),
    'GET /api/v1/auth/session': session,
    [`GET ${base}`]: { status: 200, body: info() },
    [`POST ${base}/join`]: { status: 200, body: { guestId: 'g_1', guestSecret: SECRET, status: 'waiting' } },
    [`GET ${base}/session`]: { status: 200, body: { status: 'waiting' } },
    [`POST ${base}/events`]: { status: 200, body: { status: 'admitted' } },
    ...routes,
  });
  const app = renderApp(`/guest/${TOKEN}`);
  return { api, app };
}

async function askToJoin(name = 'Ada') {
  fireEvent.change(await screen.findByLabelText('Your name'), { target: { value: name } });
  fireEvent.click(screen.getByRole('button', { name: 'Ask to join' }));
}

describe('the call guest page', () => {
  it('shows the workspace and the call, asks a name, then waits to be let in and enters when admitted', async () => {
    const { api } = open();
    await screen.findByRole('heading', { level: 1, name: 'Weekly sync' });
    screen.getByText('Acme Studio');
    // The device check is there before joining.
    screen.getByRole('heading', { name: 'Check your camera and microphone' });
    screen.getByRole('button', { name: 'Camera on' });

    // A name is required (the shared schema says so) before anything is sent.
    fireEvent.click(screen.getByRole('button', { name: 'Ask to join' }));
    await waitFor(() => expect(screen.getByLabelText('Your name').getAttribute('aria-invalid')).toBe('true'));
    expect(api.calls(`POST ${base}/join`)).toHaveLength(0);

    fireEvent.click(screen.getByRole('button', { name: 'Camera on' }));
    await askToJoin();
    await screen.findByRole('heading', { name: 'Waiting to be let in' });
    expect(api.calls(`POST ${base}/join`)[0]?.body).toEqual({ name: 'Ada' });
    // The guest's own socket, with the secret; the session is asked with it too.
    expect(io).toHaveBeenCalledWith(expect.objectContaining({ auth: { guest: SECRET } }));
    await waitFor(() => expect(api.calls(`GET ${base}/session`).length).toBeGreaterThan(0));
    expect(api.calls(`GET ${base}/session`)[0]?.headers.get('authorization')).toBe(`Guest ${SECRET}`);

    act(() => lastSocket().serverEmit('guest:status', { status: 'admitted', join }));
    const region = await screen.findByRole('region', { name: 'Call: Weekly sync' });
    await waitFor(() => expect(FakeJitsiApi.instances).toHaveLength(1));
    const jitsi = FakeJitsiApi.instances[0]!;
    expect(jitsi.domain).toBe('meet.example.org');
    expect(jitsi.options).toMatchObject({
      roomName: join.roomName,
      jwt: 'guest.jwt.sig',
      configOverwrite: { startWithVideoMuted: true, startWithAudioMuted: false, prejoinPageEnabled: false },
    });
    act(() => jitsi.fire('videoConferenceJoined', {}));
    await waitFor(() => expect(api.calls(`POST ${base}/events`)).toHaveLength(1));
    expect(api.calls(`POST ${base}/events`)[0]?.body).toEqual({ type: 'joined' });
    expect(api.calls(`POST ${base}/events`)[0]?.headers.get('authorization')).toBe(`Guest ${SECRET}`);

    // A fresh token later (a poll) does not rebuild the meeting.
    act(() =>
      lastSocket().serverEmit('guest:status', { status: 'admitted', join: { ...join, jwt: 'newer' } }),
    );
    expect(FakeJitsiApi.instances).toHaveLength(1);

    fireEvent.click(within(region).getByRole('button', { name: 'Leave' }));
    await screen.findByRole('heading', { name: 'You left the call' });
    expect(jitsi.disposed).toBe(true);
    await waitFor(() => expect(api.calls(`POST ${base}/events`)).toHaveLength(2));
    expect(api.calls(`POST ${base}/events`)[1]?.body).toEqual({ type: 'left' });
    fireEvent.click(screen.getByRole('button', { name: 'Join again' }));
    await waitFor(() => expect(FakeJitsiApi.instances).toHaveLength(2));
  });

  it('works for someone signed in too, outside the app’s frame', async () => {
    open({}, signedInAs(MEMBER));
    await screen.findByRole('heading', { level: 1, name: 'Weekly sync' });
    expect(screen.queryByRole('complementary', { name: 'Workspace' })).toBeNull();
  });

  it('enters directly when the link has no lobby', async () => {
    open({
      [`GET ${base}`]: { status: 200, body: info({ lobby: false }) },
      [`POST ${base}/join`]: {
        status: 200,
        body: { guestId: 'g_1', guestSecret: SECRET, status: 'admitted' },
      },
      [`GET ${base}/session`]: { status: 200, body: { status: 'admitted', join } },
    });
    fireEvent.change(await screen.findByLabelText('Your name'), { target: { value: 'Ada' } });
    fireEvent.click(screen.getByRole('button', { name: 'Join the call' }));
    await screen.findByRole('region', { name: 'Call: Weekly sync' });
    await waitFor(() => expect(FakeJitsiApi.instances).toHaveLength(1));
  });

  it('says a wrong passcode on its field, and joins with the right one', async () => {
    let tries = 0;
    const { api } = open({
      [`GET ${base}`]: { status: 200, body: info({ needsPasscode: true }) },
      [`POST ${base}/join`]: () =>
        ++tries === 1
          ? apiError(403, 'guest_passcode_wrong', 'Wrong passcode')
          : { status: 200, body: { guestId: 'g_1', guestSecret: SECRET, status: 'waiting' } },
    });
    fireEvent.change(await screen.findByLabelText('Your name'), { target: { value: 'Ada' } });
    fireEvent.change(screen.getByLabelText('Passcode'), { target: { value: 'nope' } });
    fireEvent.click(screen.getByRole('button', { name: 'Ask to join' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Wrong passcode');
    await screen.findByText('That passcode is not right. Check it and try again.');
    expect(screen.getByLabelText('Passcode').getAttribute('aria-invalid')).toBe('true');

    fireEvent.change(screen.getByLabelText('Passcode'), { target: { value: 'tea-time' } });
    fireEvent.click(screen.getByRole('button', { name: 'Ask to join' }));
    await screen.findByRole('heading', { name: 'Waiting to be let in' });
    expect(api.calls(`POST ${base}/join`)[1]?.body).toEqual({ name: 'Ada', passcode: 'tea-time' });
  });

  it.each([
    [404, 'guest_link_invalid', 'This link doesn’t work'],
    [410, 'guest_link_expired', 'This link has expired'],
    [409, 'guest_link_full', 'This link has been used up'],
    [403, 'guests_disabled', 'Guests can’t join this call'],
  ])('has a page of its own for a link answered %i %s', async (status, code, title) => {
    open({ [`GET ${base}`]: apiError(status, code, 'Refused') });
    await screen.findByRole('heading', { level: 1, name: title });
    expect(screen.queryByLabelText('Your name')).toBeNull();
  });

  it('says when no call is on, and checks again', async () => {
    let live = false;
    open({ [`GET ${base}`]: () => ({ status: 200, body: info({ call: live ? 'live' : 'ended' }) }) });
    await screen.findByRole('heading', { level: 1, name: 'The call isn’t on right now' });
    live = true;
    fireEvent.click(screen.getByRole('button', { name: 'Check again' }));
    await screen.findByRole('heading', { level: 1, name: 'Weekly sync' });
  });

  it('says when the call ended before the join, or the link filled up meanwhile', async () => {
    open({ [`POST ${base}/join`]: apiError(409, 'guest_link_full', 'Full') });
    await askToJoin();
    await screen.findByRole('heading', { level: 1, name: 'This link has been used up' });
  });

  it('says when the guest was turned away, and when the call ended', async () => {
    open();
    await askToJoin();
    await screen.findByRole('heading', { name: 'Waiting to be let in' });
    act(() => lastSocket().serverEmit('guest:status', { status: 'denied' }));
    await screen.findByRole('heading', { level: 1, name: 'You were not let in' });
    expect(lastSocket().disconnected).toBe(true);
    // The pass is spent: nothing more comes from that socket.
    act(() => lastSocket().serverEmit('guest:status', { status: 'admitted', join }));
    screen.getByRole('heading', { level: 1, name: 'You were not let in' });
  });

  it('takes the meeting down with a page when the call ends', async () => {
    open({ [`GET ${base}/session`]: { status: 200, body: { status: 'admitted', join } } });
    await askToJoin();
    await waitFor(() => expect(FakeJitsiApi.instances).toHaveLength(1));
    act(() => lastSocket().serverEmit('guest:status', { status: 'ended' }));
    await screen.findByRole('heading', { level: 1, name: 'The call has ended' });
    expect(FakeJitsiApi.instances[0]?.disposed).toBe(true);
  });

  it('asks again every few seconds while its socket is down, and not while it is up', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let admitted = false;
    const { api } = open({
      [`GET ${base}/session`]: () => ({
        status: 200,
        body: admitted ? { status: 'admitted', join } : { status: 'waiting' },
      }),
    });
    await askToJoin();
    await screen.findByRole('heading', { name: 'Waiting to be let in' });
    await waitFor(() => expect(api.calls(`GET ${base}/session`)).toHaveLength(1));
    await act(() => vi.advanceTimersByTimeAsync(GUEST_POLL_MS));
    await waitFor(() => expect(api.calls(`GET ${base}/session`)).toHaveLength(2));

    // Connected: pushes come on the socket; the connect itself asks once for what was missed.
    act(() => lastSocket().serverEmit('connect'));
    await waitFor(() => expect(api.calls(`GET ${base}/session`)).toHaveLength(3));
    await act(() => vi.advanceTimersByTimeAsync(GUEST_POLL_MS * 3));
    expect(api.calls(`GET ${base}/session`)).toHaveLength(3);

    act(() => lastSocket().serverEmit('disconnect'));
    admitted = true;
    await act(() => vi.advanceTimersByTimeAsync(GUEST_POLL_MS));
    await screen.findByRole('region', { name: 'Call: Weekly sync' });
  });

  it('keeps its place across a reload of the tab (the pass is kept for the tab)', async () => {
    const first = open();
    await askToJoin();
    await screen.findByRole('heading', { name: 'Waiting to be let in' });
    first.app.unmount();
    const again = open();
    await screen.findByRole('heading', { name: 'Waiting to be let in' });
    expect(again.api.calls(`POST ${base}/join`)).toHaveLength(0);
  });

  it('starts again when the pass no longer works (the link was revoked)', async () => {
    open({ [`GET ${base}/session`]: apiError(404, 'guest_link_invalid', 'No such link') });
    await askToJoin();
    await screen.findByRole('heading', { level: 1, name: 'This link doesn’t work' });
  });
});
