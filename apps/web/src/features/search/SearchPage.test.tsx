import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { SearchResult } from '@parley/shared';
import { describe, expect, it, vi } from 'vitest';
import { apiError, instance, MEMBER, mockApi, signedInAs, type RecordedRequest } from '../../test/api';
import { BOB, GRACE, member, message, room } from '../../test/chat';
import { lastSocket } from '../../test/fakeSocket';
import { renderApp } from '../../test/render';
import { segments } from './Highlighted';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

const query = (request: RecordedRequest) => new URL(request.url, 'http://parley.test').searchParams;

function result(seq: number, snippet: string, highlights: [number, number][]): SearchResult {
  return {
    message: message(seq, { text: snippet }),
    room: { id: 'r_general', type: 'channel', displayName: 'General', consultationId: null },
    snippet,
    highlights,
  };
}

const GENERAL = room({ lastSeq: 300, lastReadSeq: 300 });

function app(path: string, routes: Parameters<typeof mockApi>[0]) {
  const api = mockApi({
    'GET /api/v1/instance': instance(),
    'GET /api/v1/auth/session': signedInAs(MEMBER),
    'GET /api/v1/rooms': { status: 200, body: { rooms: [GENERAL] } },
    'GET /api/v1/commands': { status: 200, body: { commands: [] } },
    ...routes,
  });
  renderApp(path);
  return api;
}

describe('highlight segments', () => {
  it('cuts the snippet at the offsets, clamped and merged, never past the text', () => {
    expect(segments('the budget for q3', [[4, 10]])).toEqual([
      { text: 'the ', match: false },
      { text: 'budget', match: true },
      { text: ' for q3', match: false },
    ]);
    expect(
      segments('abcdef', [
        [3, 99],
        [-2, 1],
        [2, 4],
        [5, 5],
      ]).map((p) => [p.text, p.match]),
    ).toEqual([
      ['a', true],
      ['b', false],
      ['cdef', true],
    ]);
  });
});

describe('the search page', () => {
  it('shows results with marked matches (as text), then more with the cursor', async () => {
    const api = app('/search?q=budget', {
      'GET /api/v1/search': (request) =>
        query(request).get('cursor') === 'c2'
          ? { status: 200, body: { results: [result(5, 'old budget', [[4, 10]])], nextCursor: null } }
          : {
              status: 200,
              body: {
                results: [result(120, 'the <b>budget</b> for Q3', [[7, 13]])],
                nextCursor: 'c2',
              },
            },
    });
    const list = await screen.findByRole('list', { name: 'Search results' });
    const mark = within(list).getByText('budget');
    expect(mark.tagName).toBe('MARK');
    // Markup in a message is text here.
    expect(document.querySelector('.search-result-snippet b')).toBeNull();
    const link = screen.getByRole('link', { name: /Bob Brown/ });
    expect(link.getAttribute('href')).toBe('/rooms/r_general?message=m_r_general_120&seq=120');
    fireEvent.click(screen.getByRole('button', { name: 'Show more results' }));
    await screen.findByText('old');
    expect(screen.queryByRole('button', { name: 'Show more results' })).toBeNull();
    const calls = api.calls('GET /api/v1/search');
    expect(query(calls[0]!).get('q')).toBe('budget');
    expect(query(calls[1]!).get('cursor')).toBe('c2');
  });

  it('sends the filters, shows them as chips and drops one when removed', async () => {
    const api = app('/search?q=plan&from=bob&has=file&after=2026-11-01&roomId=r_general', {
      'GET /api/v1/search': { status: 200, body: { results: [], nextCursor: null } },
    });
    await screen.findByText('No messages match');
    const chips = screen.getByRole('list', { name: 'Filters' });
    within(chips).getByText('From: @bob');
    within(chips).getByText('Has a file');
    within(chips).getByText('In: General');
    within(chips).getByText('After: 2026-11-01');
    const first = query(api.calls('GET /api/v1/search')[0]!);
    expect(Object.fromEntries(first)).toEqual({
      q: 'plan',
      from: 'bob',
      has: 'file',
      after: '2026-11-01',
      roomId: 'r_general',
    });
    fireEvent.click(screen.getByRole('button', { name: 'Remove the filter Has a file' }));
    await waitFor(() => expect(api.calls('GET /api/v1/search')).toHaveLength(2));
    expect(query(api.calls('GET /api/v1/search')[1]!).get('has')).toBeNull();
  });

  it('shows the server’s error with Try again', async () => {
    let fail = true;
    app('/search?q=x', {
      'GET /api/v1/search': () =>
        fail
          ? apiError(429, 'rate_limited', 'Too many searches. Wait a minute.')
          : { status: 200, body: { results: [], nextCursor: null } },
    });
    await screen.findByText('Too many searches. Wait a minute.');
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await screen.findByText('No messages match');
  });

  it('focuses the top bar’s box with Ctrl+K or "/", and Enter opens the results', async () => {
    const api = app('/', {
      'GET /api/v1/search': { status: 200, body: { results: [], nextCursor: null } },
    });
    // Once the page is in (a page arriving later takes the focus, as navigation should).
    await screen.findByRole('heading', { name: /^Welcome/, level: 1 });
    const box = screen.getByRole('searchbox', { name: 'Search messages' });
    fireEvent.keyDown(document.body, { key: 'k', ctrlKey: true });
    expect(document.activeElement).toBe(box);
    act(() => box.blur());
    fireEvent.keyDown(document.body, { key: '/' });
    expect(document.activeElement).toBe(box);
    fireEvent.change(box, { target: { value: 'roadmap' } });
    fireEvent.submit(box.closest('form')!);
    await screen.findByRole('heading', { name: 'Search: roadmap', level: 1 });
    await waitFor(() => expect(api.calls('GET /api/v1/search')).toHaveLength(1));
  });
});

describe('opening a result', () => {
  it('loads the room around the message, highlights it, and pages newer messages as one scrolls', async () => {
    const around = Array.from({ length: 50 }, (_, i) => message(96 + i, { author: i % 2 ? BOB : GRACE }));
    const api = app('/rooms/r_general?message=m_r_general_120&seq=120', {
      'GET /api/v1/rooms/r_general/messages': (request) =>
        query(request).get('around') === '120'
          ? { status: 200, body: { messages: around, hasMore: true } }
          : { status: 200, body: { messages: [message(146)], hasMore: false } },
      'GET /api/v1/rooms/r_general/members': { status: 200, body: { members: [member(GRACE), member(BOB)] } },
      'POST /api/v1/rooms/r_general/read': { status: 200, body: { roomId: 'r_general', seq: 300 } },
    });
    await screen.findByRole('heading', { name: /General/, level: 1 });
    const socket = await waitFor(() => lastSocket());
    socket.respond('presence:get', () => ({ ok: true, data: {} }));
    act(() => socket.serverEmit('connect'));
    await waitFor(() =>
      expect(document.querySelector('[data-seq="120"]')?.classList).toContain('msg-highlight'),
    );
    expect(document.activeElement?.getAttribute('data-seq')).toBe('120');
    const loads = api.calls('GET /api/v1/rooms/r_general/messages');
    expect(loads.map((r) => query(r).get('around'))).toEqual(['120']);
    // Newer history is still to come: a live message waits for paging instead of leaving a gap.
    act(() => socket.serverEmit('message:new', message(301)));
    expect(document.querySelector('[data-seq="301"]')).toBeNull();
    // Scrolling down pages newer messages in (after the last one held).
    const list = screen.getByRole('log');
    Object.defineProperty(list, 'scrollHeight', { value: 5000, configurable: true });
    Object.defineProperty(list, 'clientHeight', { value: 500, configurable: true });
    list.scrollTop = 4300;
    fireEvent.scroll(list);
    await waitFor(() => expect(api.calls('GET /api/v1/rooms/r_general/messages')).toHaveLength(2));
    expect(query(api.calls('GET /api/v1/rooms/r_general/messages')[1]!).get('after')).toBe('145');
    await waitFor(() => expect(document.querySelector('[data-seq="146"]')).not.toBeNull());
    // That page reached the newest message: live ones join the timeline again.
    act(() => socket.serverEmit('message:new', message(147)));
    await waitFor(() => expect(document.querySelector('[data-seq="147"]')).not.toBeNull());
  });
});
