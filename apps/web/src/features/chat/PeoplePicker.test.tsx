import type { PublicUser } from '@parley/shared';
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ADMIN, MEMBER, mockApi } from '../../test/api';
import { PeoplePicker } from './PeoplePicker';

const person = (u: typeof ADMIN): PublicUser => ({
  role: u.role,
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  avatarUrl: u.avatarUrl,
});

describe('PeoplePicker', () => {
  it('keeps the last results in place while the next search loads, so nothing under the list jumps', async () => {
    let release: () => void = () => undefined;
    const api = mockApi({
      'GET /api/v1/users': async (request) => {
        const q = new URL(request.url, 'http://parley.test').searchParams.get('q') ?? '';
        // The second search (what was typed) answers only when the test says so.
        if (q) await new Promise<void>((resolve) => (release = resolve));
        const everyone = [ADMIN, MEMBER].map(person);
        return {
          status: 200,
          body: { users: everyone.filter((u) => u.displayName.toLowerCase().includes(q)) },
        };
      },
    });
    const onChange = vi.fn();
    render(<PeoplePicker label="People" selected={[]} onChange={onChange} />);
    await screen.findByRole('button', { name: /Grace Hopper/ });

    fireEvent.change(screen.getByRole('searchbox', { name: 'People' }), { target: { value: 'grace' } });
    await vi.waitFor(() => expect(api.calls('GET /api/v1/users')).toHaveLength(2));
    // Loading "grace": the earlier list stays (no "Searching…" line in its place) and can be clicked.
    expect(screen.queryByText('Searching…')).toBeNull();
    screen.getByRole('button', { name: /Ada Lovelace/ });
    fireEvent.click(screen.getByRole('button', { name: /Grace Hopper/ }));
    expect(onChange).toHaveBeenCalledWith([person(MEMBER)]);

    release();
    await vi.waitFor(() => expect(screen.queryByRole('button', { name: /Ada Lovelace/ })).toBeNull());
    screen.getByRole('button', { name: /Grace Hopper/ });
  });

  it('says it is searching when there is nothing to show yet', async () => {
    mockApi({ 'GET /api/v1/users': () => new Promise(() => undefined) });
    render(<PeoplePicker label="People" selected={[]} onChange={() => undefined} />);
    await screen.findByText('Searching…');
  });
});
