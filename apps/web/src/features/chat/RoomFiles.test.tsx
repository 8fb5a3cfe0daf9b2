import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { MAX_ATTACHMENTS as SHARED_MAX, type Attachment, type Message } from '@parley/shared';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { instance, MEMBER, mockApi, signedInAs } from '../../test/api';
import { BOB, GRACE, member, message, room } from '../../test/chat';
import { lastSocket, sockets } from '../../test/fakeSocket';
import { stubXhr } from '../../test/fakeXhr';
import { renderApp } from '../../test/render';
import { MAX_ATTACHMENTS } from './useComposerFiles';
import { resetCommandsCache } from './useCommands';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

beforeEach(() => {
  sockets.length = 0;
  resetCommandsCache();
});

const RANDOM = room({ id: 'r_random', name: 'random', displayName: 'Random' });

async function openGeneral(messages: Message[]) {
  const lastSeq = messages.at(-1)?.seq ?? 0;
  const xhr = stubXhr();
  mockApi({
    'GET /api/v1/instance': instance(),
    'GET /api/v1/auth/session': signedInAs(MEMBER),
    'GET /api/v1/rooms': {
      status: 200,
      body: { rooms: [room({ lastSeq, lastReadSeq: lastSeq }), RANDOM] },
    },
    'GET /api/v1/rooms/r_random/messages': { status: 200, body: { messages: [], hasMore: false } },
    'GET /api/v1/rooms/r_random/members': { status: 200, body: { members: [member(GRACE)] } },
    'GET /api/v1/rooms/r_general/messages': { status: 200, body: { messages, hasMore: false } },
    'GET /api/v1/rooms/r_general/members': { status: 200, body: { members: [member(GRACE), member(BOB)] } },
    'POST /api/v1/rooms/r_general/read': { status: 200, body: { roomId: 'r_general', seq: lastSeq } },
    'GET /api/v1/commands': { status: 200, body: { commands: [] } },
  });
  renderApp('/rooms/r_general');
  await screen.findByRole('heading', { name: /General/, level: 1 });
  const socket = await waitFor(() => lastSocket());
  socket.respond('presence:get', () => ({ ok: true, data: {} }));
  act(() => socket.serverEmit('connect'));
  await screen.findByRole('log');
  return { socket, xhr };
}

const composer = () => screen.getByRole('textbox', { name: /^Message / });
const sendButton = () => screen.getByRole('button', { name: 'Send' });
const fileInput = () => document.querySelector<HTMLInputElement>('input[type="file"]')!;
const png = (name = 'beach.png') =>
  new File([new Uint8Array([137, 80, 78, 71])], name, { type: 'image/png' });

function pick(...files: File[]) {
  fireEvent.change(fileInput(), { target: { files } });
}

function uploaded(id: string, name: string, over: Partial<Attachment> = {}) {
  return { upload: { id, name, size: 2048, type: 'image/png', width: 800, height: 600, ...over } };
}

const attachment = (over: Partial<Attachment>): Attachment => ({
  id: 'up_1',
  name: 'beach.png',
  size: 120_000,
  type: 'image/png',
  url: '/api/v1/files/up_1',
  thumbnailUrl: '/api/v1/files/up_1?thumbnail=1',
  width: 1600,
  height: 1200,
  ...over,
});

describe('attachments in the composer', () => {
  it('keeps the web’s limit equal to the server’s', () => {
    expect(MAX_ATTACHMENTS).toBe(SHARED_MAX);
  });

  it('uploads a picked file with progress, then sends it with an empty caption', async () => {
    const { socket, xhr } = await openGeneral([message(1)]);
    fireEvent.click(screen.getByRole('button', { name: 'Attach files' }));
    pick(png());
    const request = xhr.all[0]!;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/api/v1/rooms/r_general/uploads');
    expect(request.file().name).toBe('beach.png');
    act(() => request.progress(50, 100));
    const bar = screen.getByRole('progressbar', { name: 'Uploading beach.png' });
    expect(bar).toHaveProperty('value', 50);
    // Send while the file is uploading: the send waits for it.
    fireEvent.click(sendButton());
    expect(socket.sent('message:send')).toHaveLength(0);
    socket.respond('message:send', (payload) => ({
      ok: true,
      data: message(2, {
        author: GRACE,
        text: '',
        clientMsgId: (payload as { clientMsgId: string }).clientMsgId,
        attachments: [attachment({ id: 'up_9', url: '/api/v1/files/up_9' })],
      }),
    }));
    act(() => request.respond(201, uploaded('up_9', 'beach.png')));
    await waitFor(() => expect(socket.sent('message:send')).toHaveLength(1));
    expect(socket.sent('message:send')[0]).toMatchObject({
      roomId: 'r_general',
      text: '',
      attachments: ['up_9'],
    });
    await waitFor(() => expect(screen.queryByRole('list', { name: 'Files to send' })).toBeNull());
    within(screen.getByRole('log')).getByRole('button', { name: 'Open beach.png' });
  });

  it('shows the server’s refusal on the file and sends nothing until it is removed', async () => {
    const { socket, xhr } = await openGeneral([message(1)]);
    pick(new File(['<html>'], 'page.html', { type: 'text/html' }));
    act(() =>
      xhr.all[0]!.respond(415, {
        error: {
          code: 'file_type_not_allowed',
          message: 'Files of this type (text/html) cannot be uploaded here.',
        },
      }),
    );
    await screen.findByText('Files of this type (text/html) cannot be uploaded here.');
    fireEvent.change(composer(), { target: { value: 'see this', selectionStart: 8 } });
    fireEvent.click(sendButton());
    await screen.findByText('Remove the files that could not be uploaded to send the message.');
    expect(socket.sent('message:send')).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Remove page.html' }));
    socket.respond('message:send', () => undefined);
    fireEvent.click(sendButton());
    await waitFor(() => expect(socket.sent('message:send')).toHaveLength(1));
    expect(socket.sent('message:send')[0]).not.toHaveProperty('attachments');
  });

  it('keeps picked files, still uploading, while I look at another room', async () => {
    const { xhr } = await openGeneral([message(1)]);
    pick(png('plan.png'));
    fireEvent.change(composer(), { target: { value: 'the plan', selectionStart: 8 } });
    fireEvent.click(screen.getByRole('link', { name: /Random/ }));
    await screen.findByRole('heading', { name: /Random/, level: 1 });
    expect(screen.queryByText('plan.png')).toBeNull();
    // The upload goes on in the background.
    expect(xhr.all[0]!.aborted).toBe(false);
    act(() => xhr.all[0]!.respond(201, uploaded('up_7', 'plan.png')));
    fireEvent.click(screen.getByRole('link', { name: /General/ }));
    await screen.findByRole('heading', { name: /General/, level: 1 });
    const toSend = screen.getByRole('list', { name: 'Files to send' });
    within(toSend).getByText('plan.png');
    expect(within(toSend).queryByRole('progressbar')).toBeNull();
    expect(composer()).toHaveProperty('value', 'the plan');
  });

  it('cancels an upload in flight', async () => {
    const { xhr } = await openGeneral([message(1)]);
    pick(png('big.png'));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel the upload of big.png' }));
    expect(xhr.all[0]!.aborted).toBe(true);
    expect(screen.queryByText('big.png')).toBeNull();
  });

  it('takes files pasted into the composer or dropped on the room, at most ten', async () => {
    const { xhr } = await openGeneral([message(1)]);
    fireEvent.paste(composer(), { clipboardData: { files: [png('screenshot.png')], types: ['Files'] } });
    expect(xhr.all).toHaveLength(1);
    screen.getByText('screenshot.png');
    const main = document.querySelector('.room-main')!;
    const files = Array.from({ length: 10 }, (_, i) => png(`photo-${i}.png`));
    fireEvent.dragEnter(main, { dataTransfer: { types: ['Files'], files } });
    screen.getByText(/Drop files to send them to/);
    fireEvent.drop(main, { dataTransfer: { types: ['Files'], files } });
    expect(screen.queryByText(/Drop files to send them to/)).toBeNull();
    // One was there already: nine more fit.
    expect(xhr.all).toHaveLength(10);
    screen.getByText(/A message can have at most 10 files/);
    expect(within(screen.getByRole('list', { name: 'Files to send' })).getAllByRole('listitem')).toHaveLength(
      10,
    );
  });

  it('ignores text dragged over the room', async () => {
    const { xhr } = await openGeneral([message(1)]);
    const main = document.querySelector('.room-main')!;
    fireEvent.dragEnter(main, { dataTransfer: { types: ['text/plain'], files: [] } });
    expect(screen.queryByText(/Drop files/)).toBeNull();
    expect(xhr.all).toHaveLength(0);
  });
});

describe('attachments in messages', () => {
  const files = [
    attachment({}),
    attachment({
      id: 'up_2',
      name: 'dunes.jpg',
      type: 'image/jpeg',
      url: '/api/v1/files/up_2',
      thumbnailUrl: '/api/v1/files/up_2?thumbnail=1',
    }),
    attachment({
      id: 'up_3',
      name: 'report.pdf',
      type: 'application/pdf',
      url: '/api/v1/files/up_3',
      size: 2_400_000,
      thumbnailUrl: undefined,
    }),
    attachment({
      id: 'up_4',
      name: 'notes.txt',
      type: 'text/plain',
      url: '/api/v1/files/up_4',
      size: 830,
      thumbnailUrl: undefined,
    }),
  ];

  it('shows thumbnails that open a lightbox (arrows move, Escape closes)', async () => {
    await openGeneral([message(1, { text: 'Holiday', attachments: files })]);
    const thumb = screen.getByRole('button', { name: 'Open beach.png' }).querySelector('img')!;
    expect(thumb.getAttribute('src')).toBe('/api/v1/files/up_1?thumbnail=1');
    expect(thumb.getAttribute('width')).toBe('320');
    fireEvent.click(screen.getByRole('button', { name: 'Open beach.png' }));
    const dialog = screen.getByRole('dialog', { name: /beach\.png/ });
    expect(within(dialog).getByRole('img', { name: 'beach.png' }).getAttribute('src')).toBe(
      '/api/v1/files/up_1',
    );
    within(dialog).getByText('(1 of 2)');
    fireEvent.keyDown(dialog, { key: 'ArrowRight' });
    within(dialog).getByRole('img', { name: 'dunes.jpg' });
    expect(within(dialog).getByRole('link', { name: 'Download dunes.jpg' }).getAttribute('href')).toBe(
      '/api/v1/files/up_2?download=1',
    );
    fireEvent(dialog, new Event('cancel', { cancelable: true }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('shows a PDF with a preview on demand and other files as a card to download', async () => {
    await openGeneral([message(1, { text: 'Docs', attachments: files })]);
    screen.getByText('PDF · 2.4 MB');
    fireEvent.click(screen.getByRole('button', { name: 'Preview of report.pdf' }));
    expect(screen.getByTitle('Preview of report.pdf').getAttribute('src')).toBe('/api/v1/files/up_3');
    fireEvent.click(screen.getByRole('button', { name: 'Hide preview of report.pdf' }));
    expect(screen.queryByTitle('Preview of report.pdf')).toBeNull();
    screen.getByText('Text file · 830 bytes');
    expect(screen.getByRole('link', { name: 'Download notes.txt' }).getAttribute('href')).toBe(
      '/api/v1/files/up_4?download=1',
    );
    // Never an inline preview of something that is not a PDF.
    expect(screen.queryByRole('button', { name: /Preview of notes/ })).toBeNull();
  });
});
