import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ADMIN, MEMBER, apiError, instance, mockApi, signedInAs } from '../../test/api';
import { renderApp } from '../../test/render';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

const queries = (calls: { url: string }[]) =>
  calls.map((c) => new URL(c.url, 'http://parley.test').searchParams.get('q'));

describe('PeoplePage', () => {
  it('lists everyone, then searches once typing pauses', async () => {
    const api = mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedInAs(MEMBER),
      'GET /api/v1/users': (request) => {
        const q = new URL(request.url, 'http://parley.test').searchParams.get('q') ?? '';
        const everyone = [ADMIN, MEMBER];
        return {
          status: 200,
          body: { users: everyone.filter((u) => u.displayName.toLowerCase().includes(q)) },
        };
      },
    });
    renderApp('/people');
    await screen.findByText('Ada Lovelace');
    screen.getByText('@grace');

    const search = screen.getByRole('searchbox', { name: 'Search people' });
    fireEvent.change(search, { target: { value: 'z' } });
    await act(() => new Promise((resolve) => setTimeout(resolve, 80)));
    fireEvent.change(search, { target: { value: 'zz' } });

    await screen.findByText('No one matches your search');
    screen.getByText(/matches “zz”/);
    // Debounced: the half-typed "z" never reached the server.
    expect(queries(api.calls('GET /api/v1/users'))).toEqual(['', 'zz']);
  });

  it('shows an error with a retry that works', async () => {
    let fail = true;
    mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedInAs(MEMBER),
      'GET /api/v1/users': () =>
        fail
          ? apiError(500, 'internal_error', 'The directory is unavailable.')
          : { status: 200, body: { users: [MEMBER] } },
    });
    renderApp('/people');
    expect((await screen.findByRole('alert')).textContent).toContain('The directory is unavailable.');
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => screen.getByText('@grace'));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
