import { act, screen, waitFor } from '@testing-library/react';
import { instance, MEMBER, mockApi, signedInAs } from './api';
import { BOB, message, room } from './chat';
import { lastSocket } from './fakeSocket';
import { renderApp } from './render';

/**
 * Grace (MEMBER) in #general, whose history has the message of Bob's call `c_g` (its text `text`), with
 * the socket connected; the call's card. `routes` answer the call's own requests (its GET, join,
 * events, …). Needs the socket.io-client mock of test/fakeSocket. Kept out of test/calls.ts: that file
 * is what the specs' `vi.mock('./jitsi')` factories import, and this one imports the whole app.
 */
export async function openGeneralWithCall(routes: Parameters<typeof mockApi>[0], text = 'started a call') {
  const api = mockApi({
    'GET /api/v1/instance': instance(),
    'GET /api/v1/auth/session': signedInAs(MEMBER),
    'GET /api/v1/rooms': { status: 200, body: { rooms: [room({ lastSeq: 1, lastReadSeq: 1 })] } },
    'GET /api/v1/rooms/r_general/messages': {
      status: 200,
      body: {
        messages: [message(1, { kind: 'system', author: BOB, text, callId: 'c_g' })],
        hasMore: false,
      },
    },
    ...routes,
  });
  const app = renderApp('/rooms/r_general');
  const socket = await waitFor(() => lastSocket());
  socket.respond('presence:get', () => ({ ok: true, data: {} }));
  act(() => socket.serverEmit('connect'));
  const card = await screen.findByRole('group', { name: 'Call by Bob Brown' });
  return { api, app, socket, card };
}
