import type { Consultation } from '@parley/shared';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError, instance, MEMBER, mockApi, signedInAs } from '../../test/api';
import { FakeJitsiApi } from '../../test/calls';
import { BOB, message } from '../../test/chat';
import { consultation, joinAnswer, liveConsultation, slotAt, useTimeZone } from '../../test/consultations';
import { lastSocket, sockets } from '../../test/fakeSocket';
import { stubXhr } from '../../test/fakeXhr';
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

beforeEach(() => {
  sockets.length = 0;
  FakeJitsiApi.instances.length = 0;
});

const ID = '0190b7a2-0000-7000-8000-000000000001';
const path = `/api/v1/consultations/${ID}`;

async function open(c: Consultation, routes: Parameters<typeof mockApi>[0] = {}, me = MEMBER) {
  const api = mockApi({
    'GET /api/v1/instance': instance(),
    'GET /api/v1/auth/session': signedInAs(me),
    [`GET ${path}`]: { status: 200, body: { consultation: c } },
    [`POST ${path}/join`]: { status: 200, body: joinAnswer({ ...c, status: 'active' }) },
    [`POST ${path}/events`]: { status: 200, body: { consultation: c } },
    'GET /api/v1/rooms/r_consult_1/messages': {
      status: 200,
      body: {
        messages: [
          message(1, { roomId: 'r_consult_1', author: BOB, text: 'Hello Grace, see you soon.' }),
          message(2, {
            roomId: 'r_consult_1',
            kind: 'system',
            author: BOB,
            text: 'Bob Brown joined the call',
          }),
        ],
        hasMore: false,
      },
    },
    ...routes,
  });
  renderApp(`/consultations/${ID}`);
  const socket = await waitFor(() => lastSocket());
  act(() => socket.serverEmit('connect'));
  await screen.findByRole('heading', { level: 1 });
  return { api, socket };
}

const events = (api: Awaited<ReturnType<typeof open>>['api']) =>
  api.calls(`POST ${path}/events`).map((r) => (r.body as { type: string }).type);

async function joinWithVideo() {
  fireEvent.click(await screen.findByRole('button', { name: 'Join with video' }));
  await waitFor(() => expect(FakeJitsiApi.instances).toHaveLength(1));
  const jitsi = FakeJitsiApi.instances[0]!;
  await screen.findByRole('toolbar', { name: 'Call controls' });
  return jitsi;
}

describe('the consultation page, as the client', () => {
  it('embeds the meeting with the join answer and my choices, and waits for the provider until they are in', async () => {
    const { api, socket } = await open(liveConsultation());
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Consultation with Bob Brown');
    screen.getByText('Bob Brown hasn’t joined yet');
    // Microphone off before joining: the meeting starts muted.
    fireEvent.click(screen.getByRole('button', { name: /Microphone on/ }));
    const jitsi = await joinWithVideo();
    // jsdom cannot encrypt media (no encoded transforms), and says so.
    expect(api.calls(`POST ${path}/join`)[0]!.body).toEqual({
      audioMuted: true,
      videoMuted: false,
      e2eeSupported: false,
    });
    expect(jitsi.domain).toBe('meet.example.org');
    expect(jitsi.options).toMatchObject({
      roomName: ID,
      jwt: 'header.payload.signature',
      width: '100%',
      height: '100%',
      configOverwrite: { startWithAudioMuted: true, startWithVideoMuted: false, prejoinPageEnabled: false },
      userInfo: { displayName: 'Grace Hopper' },
    });

    act(() => jitsi.fire('videoConferenceJoined', { roomName: ID }));
    await waitFor(() => expect(events(api)).toEqual(['joined']));
    screen.getByText('Waiting for your provider…');

    // The server says the provider is in (their browser or Jitsi told it).
    act(() =>
      socket.serverEmit('consultation:presence', {
        consultationId: ID,
        providerInCall: true,
        clientInCall: true,
      }),
    );
    expect(screen.queryByText('Waiting for your provider…')).toBeNull();
    screen.getByText('Bob Brown is in the consultation');
    // Presence of another consultation changes nothing here.
    act(() =>
      socket.serverEmit('consultation:presence', {
        consultationId: 'other',
        providerInCall: false,
        clientInCall: true,
      }),
    );
    expect(screen.queryByText('Waiting for your provider…')).toBeNull();

    // Jitsi itself sees them leave and come back; each is reported.
    act(() => jitsi.fire('participantLeft', { id: 'abc' }));
    screen.getByText('Waiting for your provider…');
    act(() => jitsi.fire('participantJoined', { id: 'abc', displayName: 'Bob Brown' }));
    expect(screen.queryByText('Waiting for your provider…')).toBeNull();
    await waitFor(() => expect(events(api)).toEqual(['joined', 'other_left', 'other_joined']));
  });

  it('starts from who the join answer says is in, and follows the presence in answers to reports', async () => {
    const c = liveConsultation();
    const { api } = await open(c, {
      [`POST ${path}/join`]: {
        status: 200,
        body: {
          ...joinAnswer(c),
          presence: { consultationId: ID, providerInCall: true, clientInCall: false },
        },
      },
      [`POST ${path}/events`]: {
        status: 200,
        body: {
          consultation: c,
          presence: { consultationId: ID, providerInCall: false, clientInCall: true },
        },
      },
    });
    const jitsi = await joinWithVideo();
    expect(screen.queryByText('Waiting for your provider…')).toBeNull();
    screen.getByText('Bob Brown is in the consultation');
    act(() => jitsi.fire('videoConferenceJoined', {}));
    await waitFor(() => expect(api.calls(`POST ${path}/events`)).toHaveLength(1));
    await screen.findByText('Waiting for your provider…');
  });

  it('sends Jitsi commands from the controls and follows its mute events, reporting each change once', async () => {
    const { api } = await open(liveConsultation({ providerJoinedAt: new Date().toISOString() }));
    const jitsi = await joinWithVideo();
    act(() => jitsi.fire('videoConferenceJoined', {}));
    const controls = screen.getByRole('toolbar', { name: 'Call controls' });

    fireEvent.click(within(controls).getByRole('button', { name: /^Mute/ }));
    expect(jitsi.executeCommand).toHaveBeenLastCalledWith('toggleAudio');
    // The button follows Jitsi, not the click.
    within(controls).getByRole('button', { name: /^Mute/ });
    act(() => jitsi.fire('audioMuteStatusChanged', { muted: true }));
    within(controls).getByRole('button', { name: /^Unmute/ });
    act(() => jitsi.fire('audioMuteStatusChanged', { muted: true }));

    fireEvent.click(within(controls).getByRole('button', { name: 'Stop camera' }));
    expect(jitsi.executeCommand).toHaveBeenLastCalledWith('toggleVideo');
    act(() => jitsi.fire('videoMuteStatusChanged', { muted: true }));
    within(controls).getByRole('button', { name: 'Start camera' });
    act(() => jitsi.fire('audioMuteStatusChanged', { muted: false }));
    within(controls).getByRole('button', { name: /^Mute/ });

    // The chat panel beside the call is toggled from the controls.
    const chatToggle = within(controls).getByRole('button', { name: 'Chat' });
    expect(chatToggle.getAttribute('aria-pressed')).toBe('true');
    expect(chatToggle.getAttribute('aria-controls')).toBe('consultation-chat');
    fireEvent.click(chatToggle);
    expect(screen.queryByRole('complementary', { name: 'Chat with Bob Brown' })).toBeNull();
    // It controls the panel only while the panel is there (a missing target is invalid ARIA).
    expect(chatToggle.hasAttribute('aria-controls')).toBe(false);
    fireEvent.click(chatToggle);
    expect(screen.getByRole('complementary', { name: 'Chat with Bob Brown' }).id).toBe(
      chatToggle.getAttribute('aria-controls'),
    );

    fireEvent.click(within(controls).getByRole('button', { name: 'Leave' }));
    expect(jitsi.executeCommand).toHaveBeenLastCalledWith('hangup');
    act(() => jitsi.fire('videoConferenceLeft', { roomName: ID }));
    await waitFor(() =>
      expect(events(api)).toEqual(['joined', 'microphone_off', 'camera_off', 'microphone_on', 'left']),
    );
    expect(jitsi.disposed).toBe(true);
    await screen.findByText('How was your session with Bob Brown?');
  });

  it('asks for feedback after leaving and sends it', async () => {
    const { api } = await open(liveConsultation({ providerJoinedAt: new Date().toISOString() }), {
      [`POST ${path}/feedback`]: { status: 204 },
    });
    const jitsi = await joinWithVideo();
    act(() => jitsi.fire('videoConferenceJoined', {}));
    act(() => jitsi.fire('readyToClose'));
    const form = (await screen.findByText('How was your session with Bob Brown?')).closest('form')!;
    fireEvent.click(within(form).getByRole('button', { name: 'Send feedback' }));
    await within(form).findByText('Choose a rating from 1 to 5.');
    expect(api.calls(`POST ${path}/feedback`)).toHaveLength(0);

    fireEvent.click(within(form).getByRole('radio', { name: /4\s*Good/ }));
    fireEvent.click(within(form).getByRole('radio', { name: 'Partly' }));
    fireEvent.change(within(form).getByLabelText('Anything else? (optional)'), {
      target: { value: '  Helpful, but too short.  ' },
    });
    fireEvent.click(within(form).getByRole('button', { name: 'Send feedback' }));
    await screen.findByText('Thank you for your feedback.');
    expect(api.calls(`POST ${path}/feedback`)[0]!.body).toEqual({
      rating: 4,
      needsAddressed: 'partly',
      comment: 'Helpful, but too short.',
    });
    screen.getByRole('button', { name: 'Rejoin' });
  });

  it('does not ask for feedback when I leave before the session took place (the provider never came)', async () => {
    const { api } = await open(liveConsultation({ providerJoinedAt: null }));
    const jitsi = await joinWithVideo();
    act(() => jitsi.fire('videoConferenceJoined', {}));
    act(() => jitsi.fire('readyToClose'));
    await screen.findByRole('heading', { name: 'You left the consultation' });
    expect(screen.queryByText('How was your session with Bob Brown?')).toBeNull();
    expect(api.calls(`POST ${path}/feedback`)).toHaveLength(0);
  });

  it('does not ask for feedback on a consultation whose provider did not show up', async () => {
    await open(
      liveConsultation(
        {
          status: 'no_show_provider',
          providerJoinedAt: null,
          clientJoinedAt: new Date(Date.now() - 120 * 60_000).toISOString(),
        },
        180,
      ),
    );
    await screen.findByText('The provider didn’t join this consultation.');
    expect(screen.queryByText('How was your session with Bob Brown?')).toBeNull();
  });

  it('says when it opens outside the join window, and refuses joining until then', async () => {
    await open(consultation({}, slotAt(1, 15)));
    await screen.findByText(/Opens tomorrow at 02:50\s*PM \(10 minutes before the start\)/);
    expect(screen.getByRole('button', { name: 'Join with video' })).toHaveProperty('disabled', true);
    expect(screen.getByRole('button', { name: 'Chat only' })).toHaveProperty('disabled', true);
    // Planning ahead is possible from here.
    expect(screen.getByRole('link', { name: 'Add to calendar' }).getAttribute('href')).toBe(
      `${path}/calendar.ics`,
    );
    screen.getByRole('button', { name: 'Reschedule' });
  });

  it('shows the consultation’s chat beside the call: its messages, typing, and sending into the room', async () => {
    const { socket } = await open(liveConsultation());
    socket.respond('message:send', (payload) => ({
      ok: true,
      data: message(3, {
        roomId: 'r_consult_1',
        author: BOB,
        text: (payload as { text: string }).text,
        clientMsgId: (payload as { clientMsgId: string }).clientMsgId,
      }),
    }));
    const chat = screen.getByRole('complementary', { name: 'Chat with Bob Brown' });
    await within(chat).findByText('Hello Grace, see you soon.');
    within(chat).getByText('Bob Brown joined the call');
    act(() => socket.serverEmit('typing', { roomId: 'r_consult_1', userId: BOB.id, typing: true }));
    within(chat).getByText(/Bob Brown is typing/);
    const box = within(chat).getByRole('textbox', { name: /^Message / });
    fireEvent.change(box, { target: { value: 'On my way' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(socket.sent('message:send')).toHaveLength(1));
    expect(socket.sent('message:send')[0]).toMatchObject({ roomId: 'r_consult_1', text: 'On my way' });
    expect(socket.sent('typing')[0]).toEqual({ roomId: 'r_consult_1', typing: true });
  });

  it('attaches a file in the consultation’s chat: uploaded into its room, then sent with the caption', async () => {
    const xhr = stubXhr();
    const { socket } = await open(liveConsultation());
    socket.respond('message:send', (payload) => ({
      ok: true,
      data: message(3, {
        roomId: 'r_consult_1',
        text: (payload as { text: string }).text,
        clientMsgId: (payload as { clientMsgId: string }).clientMsgId,
      }),
    }));
    const chat = screen.getByRole('complementary', { name: 'Chat with Bob Brown' });
    await within(chat).findByText('Hello Grace, see you soon.');
    const input = chat.querySelector<HTMLInputElement>('input[type="file"]')!;
    fireEvent.change(input, {
      target: { files: [new File(['%PDF-1.4'], 'referral.pdf', { type: 'application/pdf' })] },
    });
    const upload = xhr.all[0]!;
    expect(upload.url).toBe('/api/v1/rooms/r_consult_1/uploads');
    act(() =>
      upload.respond(201, { upload: { id: 'up_7', name: 'referral.pdf', size: 8, type: 'application/pdf' } }),
    );
    const box = within(chat).getByRole('textbox', { name: /^Message / });
    fireEvent.change(box, { target: { value: 'The referral' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(socket.sent('message:send')).toHaveLength(1));
    expect(socket.sent('message:send')[0]).toMatchObject({
      roomId: 'r_consult_1',
      text: 'The referral',
      attachments: ['up_7'],
    });
  });

  it('lets the client erase the chat history after confirming', async () => {
    let erased = false;
    const { api } = await open(liveConsultation(), {
      [`DELETE ${path}/messages`]: () => {
        erased = true;
        return { status: 204 };
      },
      'GET /api/v1/rooms/r_consult_1/messages': () => ({
        status: 200,
        body: {
          messages: erased
            ? []
            : [message(1, { roomId: 'r_consult_1', author: BOB, text: 'Hello Grace, see you soon.' })],
          hasMore: false,
        },
      }),
    });
    const chat = screen.getByRole('complementary', { name: 'Chat with Bob Brown' });
    await within(chat).findByText('Hello Grace, see you soon.');
    fireEvent.click(within(chat).getByRole('button', { name: 'Erase chat history' }));
    const dialog = await screen.findByRole('dialog', { name: 'Erase the chat history?' });
    expect(api.calls(`DELETE ${path}/messages`)).toHaveLength(0);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Erase for both of us' }));
    await waitFor(() => expect(api.calls(`DELETE ${path}/messages`)).toHaveLength(1));
    await waitFor(() => expect(within(chat).queryByText('Hello Grace, see you soon.')).toBeNull());
    await within(chat).findByText('No messages yet');
  });

  it('drops the chat’s messages when the server says they were purged, and loads what is left', async () => {
    let purged = false;
    const { socket } = await open(liveConsultation(), {
      'GET /api/v1/rooms/r_consult_1/messages': () => ({
        status: 200,
        body: {
          messages: purged
            ? [
                message(3, {
                  roomId: 'r_consult_1',
                  kind: 'system',
                  author: null,
                  text: 'The chat history was erased',
                }),
              ]
            : [message(1, { roomId: 'r_consult_1', author: BOB, text: 'Hello Grace, see you soon.' })],
          hasMore: false,
        },
      }),
    });
    const chat = screen.getByRole('complementary', { name: 'Chat with Bob Brown' });
    await within(chat).findByText('Hello Grace, see you soon.');
    purged = true;
    act(() => socket.serverEmit('messages:purged', { roomId: 'r_consult_1' }));
    await within(chat).findByText('The chat history was erased');
    expect(within(chat).queryByText('Hello Grace, see you soon.')).toBeNull();
  });

  it('joins by chat only without the meeting, and says when joining is refused', async () => {
    const { api } = await open(liveConsultation(), {
      [`POST ${path}/join`]: apiError(
        409,
        'join_window_closed',
        'This consultation can be joined from 14:50',
      ),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Join with video' }));
    await screen.findByText('This consultation can be joined from 14:50.');
    expect(FakeJitsiApi.instances).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Chat only' }));
    await screen.findByText('You’re in the consultation by chat');
    await waitFor(() => expect(events(api)).toEqual(['joined']));
    fireEvent.click(screen.getByRole('button', { name: 'Leave' }));
    await waitFor(() => expect(events(api)).toEqual(['joined', 'left']));
    expect(FakeJitsiApi.instances).toHaveLength(0);
  });

  it('says the same for a consultation that is not mine as for one that does not exist', async () => {
    mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedInAs(MEMBER),
      [`GET ${path}`]: apiError(404, 'not_found', 'Not found'),
    });
    renderApp(`/consultations/${ID}`);
    await screen.findByRole('heading', { name: 'Consultation not found' });
  });
});

describe('the consultation page, as the provider', () => {
  it('shows a client with a nickname under it in the chat, as the server presents them', async () => {
    const c = liveConsultation({
      role: 'provider',
      client: { id: 'u_client', displayName: 'Blue Heron', avatarUrl: null },
    });
    const { socket } = await open(c, {
      'GET /api/v1/rooms/r_consult_1/messages': {
        status: 200,
        body: {
          messages: [
            message(1, {
              roomId: 'r_consult_1',
              // The server sends the nickname in place of the account (issue 10).
              author: {
                id: 'u_client',
                username: 'client',
                displayName: 'Blue Heron',
                avatarUrl: null,
                role: 'user',
              },
              text: 'Hi, it is me',
            }),
          ],
          hasMore: false,
        },
      },
    });
    const chat = screen.getByRole('complementary', { name: 'Chat with Blue Heron' });
    const text = await within(chat).findByText('Hi, it is me');
    expect(text.closest('article')!.textContent).toContain('Blue Heron');
    expect(chat.textContent).not.toContain('Grace Hopper');
    act(() => socket.serverEmit('typing', { roomId: 'r_consult_1', userId: 'u_client', typing: true }));
    within(chat).getByText(/Blue Heron is typing/);
  });

  it('shows whether the client is in, and waits for them in the call', async () => {
    const c = liveConsultation({ role: 'provider' });
    const { socket } = await open(c, {}, { ...MEMBER, provider: true });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Session with Grace Hopper');
    screen.getByText('Grace Hopper hasn’t joined yet');
    const jitsi = await joinWithVideo();
    act(() => jitsi.fire('videoConferenceJoined', {}));
    screen.getByText('Waiting for Grace Hopper…');
    act(() =>
      socket.serverEmit('consultation:presence', {
        consultationId: ID,
        providerInCall: true,
        clientInCall: true,
      }),
    );
    screen.getByText('Grace Hopper is in the consultation');
    expect(screen.queryByText('Waiting for Grace Hopper…')).toBeNull();
    // No feedback form for the provider, and no erasing the client's chat.
    expect(screen.queryByRole('button', { name: 'Erase chat history' })).toBeNull();
  });
});
