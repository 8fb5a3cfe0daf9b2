import type { FeedbackEntry } from '@parley/shared';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ADMIN, MEMBER, apiError, instance, mockApi, signedInAs, type RecordedRequest } from '../../test/api';
import { BOB } from '../../test/chat';
import { renderApp } from '../../test/render';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

const query = (request: RecordedRequest) => new URL(request.url, 'http://parley.test').searchParams;
const URL_ = 'GET /api/v1/admin/consultations/feedback';

const entry = (over: Partial<FeedbackEntry>): FeedbackEntry => ({
  consultationId: '0190b7a2-0000-7000-8000-000000000001',
  start: '2026-03-02T10:00:00.000Z',
  provider: { id: BOB.id, displayName: 'Bob Brown', avatarUrl: null },
  clientNickname: 'Blue Heron',
  by: 'client',
  rating: 4,
  needsAddressed: 'partly',
  comment: 'Helpful, but too short.',
  at: '2026-03-02T11:00:00.000Z',
  ...over,
});

describe('Administration → Feedback', () => {
  it('lists feedback with the client only under their nickname, per provider, and pages on', async () => {
    const api = mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedInAs(ADMIN),
      'GET /api/v1/users': { status: 200, body: { users: [BOB] } },
      [URL_]: (request) => {
        const q = query(request);
        if (q.get('before')) {
          return {
            status: 200,
            body: {
              entries: [entry({ consultationId: 'c3', clientNickname: null, rating: 2, comment: null })],
              summary: { count: 3, averageRating: 3.3 },
              nextBefore: null,
            },
          };
        }
        return {
          status: 200,
          body: {
            entries: [entry({}), entry({ consultationId: 'c2', rating: 4, needsAddressed: 'yes' })],
            summary: { count: 3, averageRating: 3.3 },
            nextBefore: 'cursor-1',
          },
        };
      },
    });
    renderApp('/admin/feedback');
    const list = await screen.findByRole('list', { name: 'Feedback' });
    const items = within(list).getAllByRole('listitem');
    expect(items[0]!.textContent).toContain('Rated 4 out of 5');
    // The client's answer to “Were your needs addressed?”
    expect(items[0]!.textContent).toContain('Needs were partly addressed');
    expect(items[1]!.textContent).toContain('Needs were addressed');
    expect(items[0]!.textContent).toContain('Helpful, but too short.');
    expect(items[0]!.textContent).toContain('From “Blue Heron”');
    expect(screen.getByTestId('feedback-summary').textContent).toBe('3 answers, on average 3.3 out of 5');

    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(3));
    expect(query(api.calls(URL_).at(-1)!).get('before')).toBe('cursor-1');
    expect(within(list).getAllByRole('listitem')[2]!.textContent).toContain(
      'From a client without a nickname',
    );

    // Per provider, chosen by name.
    const picker = screen.getByLabelText('Provider').closest<HTMLElement>('.people-picker')!;
    fireEvent.click(await within(picker).findByRole('button', { name: /Bob Brown/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Show' }));
    await waitFor(() => expect(query(api.calls(URL_).at(-1)!).get('providerId')).toBe(BOB.id));
    await screen.findByRole('heading', { name: 'Feedback on Bob Brown' });

    // By the admin's calendar days; an end before the start is said and not asked for.
    const asked = api.calls(URL_).length;
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-03-05' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-03-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show' }));
    await screen.findByText('The end date is before the start date.');
    expect(api.calls(URL_)).toHaveLength(asked);
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-03-06' } });
    expect(screen.queryByText('The end date is before the start date.')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Show' }));
    await waitFor(() => expect(api.calls(URL_)).toHaveLength(asked + 1));
    const q = query(api.calls(URL_).at(-1)!);
    expect(q.get('providerId')).toBe(BOB.id);
    expect(q.get('from')).toBe(new Date(2026, 2, 5).toISOString());
    expect(q.get('to')).toBe(new Date(2026, 2, 7).toISOString());

    // Show everything clears the provider and the days.
    fireEvent.click(screen.getByRole('button', { name: 'Show everything' }));
    await waitFor(() => expect(api.calls(URL_)).toHaveLength(asked + 2));
    expect([...query(api.calls(URL_).at(-1)!).keys()]).toEqual(['limit']);
    expect(screen.getByLabelText<HTMLInputElement>('From').value).toBe('');
    expect(screen.queryByRole('button', { name: 'Show everything' })).toBeNull();
  });

  it('has an empty state, an error state, and is in the admin sections', async () => {
    let fail = true;
    mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedInAs(ADMIN),
      'GET /api/v1/users': { status: 200, body: { users: [] } },
      [URL_]: () =>
        fail
          ? apiError(500, 'internal_error', 'Broken')
          : {
              status: 200,
              body: { entries: [], summary: { count: 0, averageRating: null }, nextBefore: null },
            },
    });
    renderApp('/admin/feedback');
    await screen.findByText('Feedback couldn’t be loaded');
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await screen.findByText('No feedback yet');
    const nav = screen.getByRole('navigation', { name: 'Administration sections' });
    expect(within(nav).getByRole('link', { name: 'Feedback' }).getAttribute('aria-current')).toBe('page');
  });

  it('is not for members', async () => {
    mockApi({ 'GET /api/v1/instance': instance(), 'GET /api/v1/auth/session': signedInAs(MEMBER) });
    renderApp('/admin/feedback');
    await screen.findByText('Only administrators can open this page');
  });
});
