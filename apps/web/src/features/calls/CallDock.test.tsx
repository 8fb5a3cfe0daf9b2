import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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

beforeEach(() => {
  sockets.length = 0;
  FakeJitsiApi.instances.length = 0;
  // jsdom lays nothing out: give the room's call slot a place on screen so the meeting docks there.
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (this: HTMLElement) {
    if (this.classList.contains('call-slot')) return new DOMRect(264, 120, 600, 560);
    return new DOMRect(0, 0, 0, 0); // what jsdom answers for everything else
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  window.localStorage.clear();
});

function groupCall(createdBy: string) {
  return call({
    id: 'c_g',
    roomId: 'r_general',
    type: 'group',
    status: 'ongoing',
    title: '',
    createdBy,
    startedAt: '2026-03-02T10:00:00.000Z',
    participants: [participant(BOB, 'joined'), participant(GRACE, 'accepted')],
    roomDisplayName: 'General',
  });
}

/** Grace in #general, whose history has the call's message; she joins it from there. */
async function joinFromMessage(createdBy = BOB.id) {
  const ongoing = groupCall(createdBy);
  const join = joinAnswer(ongoing, {
    iframe: {
      domain: 'meet.example.org',
      roomName: ongoing.roomName,
      jwt: 'header.payload.signature',
      configOverwrite: { desktopSharingChromeExtId: 'abcdefghijklmnop' },
      userInfo: {},
    },
    chromeExtensionId: 'abcdefghijklmnop',
  });
  const withMe = {
    ...ongoing,
    participants: [participant(BOB, 'joined'), participant(GRACE, 'joined')],
  };
  const { api, app, socket, card } = await openGeneralWithCall({
    'GET /api/v1/calls/c_g': { status: 200, body: { call: ongoing } },
    'POST /api/v1/calls/c_g/join': { status: 200, body: join },
    'POST /api/v1/calls/c_g/events': (request) => ({
      status: 200,
      body: {
        call:
          (request.body as { type: string }).type === 'videoConferenceLeft'
            ? { ...withMe, participants: [participant(BOB, 'joined'), participant(GRACE, 'left')] }
            : withMe,
      },
    }),
    'POST /api/v1/calls/c_g/end': {
      status: 200,
      body: { call: { ...ongoing, status: 'ended', endedAt: '2026-03-02T10:12:00.000Z' } },
    },
  });
  fireEvent.click(await within(card).findByRole('button', { name: 'Join' }));
  await waitFor(() => expect(FakeJitsiApi.instances).toHaveLength(1));
  return { api, app, socket, jitsi: FakeJitsiApi.instances[0]!, ongoing };
}

const events = (api: Awaited<ReturnType<typeof joinFromMessage>>['api']) =>
  api.calls('POST /api/v1/calls/c_g/events').map((r) => r.body);

describe('the meeting', () => {
  it('embeds Jitsi with the join answer’s options, over the room’s slot, and reports what it sees', async () => {
    const { api, jitsi, ongoing } = await joinFromMessage();
    const region = screen.getByRole('region', { name: 'Call: General' });
    await waitFor(() => expect(region.className).toContain('call-dock-docked'));
    expect(region.style.left).toBe('264px');
    expect(region.style.width).toBe('600px');
    expect(jitsi.domain).toBe('meet.example.org');
    expect(jitsi.options).toMatchObject({
      roomName: ongoing.roomName,
      jwt: 'header.payload.signature',
      configOverwrite: { desktopSharingChromeExtId: 'abcdefghijklmnop' },
      width: '100%',
      height: '100%',
    });
    expect(jitsi.options.parentNode).toBeInstanceOf(HTMLElement);
    expect(document.querySelector('.fake-jitsi')).toBeTruthy();

    act(() => jitsi.fire('videoConferenceJoined', { roomName: ongoing.roomName }));
    act(() => jitsi.fire('participantJoined', { id: 'abcd', displayName: 'Carol' }));
    act(() => jitsi.fire('participantLeft', { id: 'abcd' }));
    await waitFor(() => expect(events(api)).toHaveLength(3));
    expect(events(api)).toEqual([
      { type: 'videoConferenceJoined' },
      { type: 'participantJoined' },
      { type: 'participantLeft' },
    ]);
    // The header says who is in, from the call as the server now has it.
    const dock = screen.getByRole('region', { name: 'Call: General' });
    await waitFor(() => expect(dock.textContent).toContain('In the call: Bob Brown and Grace Hopper'));
    // Joining from the message: the card says so instead of offering Join again.
    screen.getByText('You’re in this call');
  });

  it('Leave takes the meeting down and reports the leave', async () => {
    const { api, jitsi } = await joinFromMessage();
    act(() => jitsi.fire('videoConferenceJoined', {}));
    await waitFor(() => expect(events(api)).toHaveLength(1));
    fireEvent.click(screen.getByRole('button', { name: 'Leave' }));
    await waitFor(() =>
      expect(events(api)).toEqual([{ type: 'videoConferenceJoined' }, { type: 'videoConferenceLeft' }]),
    );
    expect(jitsi.disposed).toBe(true);
    expect(jitsi.listeners.get('videoConferenceLeft')).toEqual([]);
    expect(screen.queryByRole('region', { name: /^Call:/ })).toBeNull();
  });

  it('hanging up inside Jitsi (readyToClose) leaves too', async () => {
    const { jitsi } = await joinFromMessage();
    act(() => jitsi.fire('readyToClose'));
    await waitFor(() => expect(jitsi.disposed).toBe(true));
  });

  it('End for everyone is there for the caller only, and ends the call once confirmed', async () => {
    const { api } = await joinFromMessage(GRACE.id);
    fireEvent.click(screen.getByRole('button', { name: 'End for everyone' }));
    // Asked first: Cancel (which has the focus) changes nothing.
    let dialog = await screen.findByRole('dialog', { name: 'End the call for everyone?' });
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.calls('POST /api/v1/calls/c_g/end')).toHaveLength(0);
    expect(FakeJitsiApi.instances[0]?.disposed).toBe(false);

    fireEvent.click(screen.getByRole('button', { name: 'End for everyone' }));
    dialog = await screen.findByRole('dialog', { name: 'End the call for everyone?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'End for everyone' }));
    await waitFor(() => expect(api.calls('POST /api/v1/calls/c_g/end')).toHaveLength(1));
    await waitFor(() => expect(screen.queryByRole('region', { name: /^Call:/ })).toBeNull());
    expect(FakeJitsiApi.instances[0]?.disposed).toBe(true);
  });

  it('has no End for everyone for someone who only joined', async () => {
    await joinFromMessage(BOB.id);
    expect(screen.queryByRole('button', { name: 'End for everyone' })).toBeNull();
  });

  it('closes with a notice when the call ends for everyone', async () => {
    const { socket, ongoing, jitsi, app } = await joinFromMessage();
    act(() =>
      socket.serverEmit('call:ended', { ...ongoing, status: 'ended', endedAt: '2026-03-02T10:12:00.000Z' }),
    );
    await waitFor(() => expect(screen.queryByRole('region', { name: /^Call:/ })).toBeNull());
    expect(jitsi.disposed).toBe(true);
    screen.getByText('The call has ended.');
    const card = screen.getByRole('group', { name: 'Call by Bob Brown' });
    expect(card.textContent).toContain('Call ended · 12 min');
    // The notice is the room's: it does not follow me to the next pages.
    fireEvent.click(screen.getByRole('link', { name: 'Calls' }));
    await waitFor(() => expect(app.location()).toBe('/calls'));
    expect(screen.queryByText('The call has ended.')).toBeNull();
    fireEvent.click(screen.getByRole('link', { name: 'Home' }));
    await waitFor(() => expect(app.location()).toBe('/'));
    expect(screen.queryByText('The call has ended.')).toBeNull();
  });

  it('"Open in new tab" links to the meeting and stops embedding it here', async () => {
    const { jitsi } = await joinFromMessage();
    const link = screen.getByRole('link', { name: 'Open in new tab' });
    expect(link.getAttribute('href')).toMatch(/^https:\/\/meet\.example\.org\//);
    expect(link.getAttribute('target')).toBe('_blank');
    fireEvent.click(link);
    await screen.findByText('This call is open in another tab.');
    expect(jitsi.disposed).toBe(true);
  });

  it('keeps the meeting while moving to another page, as a small window with Back to call', async () => {
    const { app, jitsi } = await joinFromMessage();
    fireEvent.click(screen.getByRole('link', { name: 'Calls' }));
    await waitFor(() => expect(app.location()).toBe('/calls'));
    expect(jitsi.disposed).toBe(false);
    await waitFor(() =>
      expect(screen.getByRole('region', { name: /^Call:/ }).className).toContain('call-dock-floating'),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Back to call' }));
    await waitFor(() => expect(app.location()).toBe('/rooms/r_general'));
    expect(FakeJitsiApi.instances).toHaveLength(1);
  });

  it('puts the small window top right, moves it between corners with the arrow keys and collapses it', async () => {
    const { app, jitsi } = await joinFromMessage();
    fireEvent.click(screen.getByRole('link', { name: 'Calls' }));
    await waitFor(() => expect(app.location()).toBe('/calls'));
    const dock = await waitFor(() => {
      const region = screen.getByRole('region', { name: /^Call:/ });
      expect(region.className).toContain('call-dock-floating');
      return region;
    });
    expect(dock.className).toContain('call-dock-top-right');

    const move = within(dock).getByRole('button', { name: 'Move the call window' });
    fireEvent.keyDown(move, { key: 'ArrowLeft' });
    expect(dock.className).toContain('call-dock-top-left');
    expect(dock.textContent).toContain('Call window moved to the top left corner.');
    fireEvent.keyDown(move, { key: 'ArrowDown' });
    expect(dock.className).toContain('call-dock-bottom-left');
    // Remembered for the next call.
    expect(window.localStorage.getItem('parley.callDock.corner')).toBe('bottom-left');
    fireEvent.keyDown(move, { key: 'ArrowUp' });
    fireEvent.keyDown(move, { key: 'ArrowRight' });
    expect(dock.className).toContain('call-dock-top-right');

    const minimise = within(dock).getByRole('button', { name: 'Minimise the call' });
    expect(minimise.getAttribute('aria-expanded')).toBe('true');
    fireEvent.click(minimise);
    expect(dock.className).toContain('call-dock-minimized');
    // The meeting goes on out of sight.
    expect(jitsi.disposed).toBe(false);
    expect(dock.querySelector('.fake-jitsi')).toBeTruthy();
    fireEvent.click(within(dock).getByRole('button', { name: 'Show the call' }));
    expect(dock.className).not.toContain('call-dock-minimized');
  });

  it('keeps a bottom corner above the composer of the room on screen', async () => {
    window.localStorage.setItem('parley.callDock.corner', 'bottom-right');
    // The room's slot has no size (another layout): the meeting floats over the room with its composer.
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (this: HTMLElement) {
      if (this.classList.contains('composer')) return new DOMRect(264, 700, 1000, 100);
      return new DOMRect(0, 0, 0, 0);
    });
    await joinFromMessage();
    const dock = await waitFor(() => {
      const region = screen.getByRole('region', { name: /^Call:/ });
      expect(region.className).toContain('call-dock-bottom-right');
      return region;
    });
    await waitFor(() => expect(dock.style.bottom).toBe(`${window.innerHeight - 700 + 12}px`));
  });
});
