import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ADMIN, MEMBER, apiError, instance, mockApi, signedInAs } from '../../test/api';
import { renderApp } from '../../test/render';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

const adminRow = { ...ADMIN, active: true };
const memberRow = { ...MEMBER, active: true };

const setup = (routes: Record<string, unknown> = {}) =>
  mockApi({
    'GET /api/v1/instance': instance(),
    'GET /api/v1/auth/session': signedInAs(ADMIN),
    'GET /api/v1/admin/users': { status: 200, body: { users: [adminRow, memberRow] } },
    ...(routes as Record<string, never>),
  });

const rowOf = async (name: string) => {
  await screen.findByRole('table');
  const row = screen
    .getAllByText(name)
    .map((el) => el.closest('tr'))
    .find(Boolean);
  if (!row) throw new Error(`no row for ${name}`);
  return row;
};

describe('Administration → People', () => {
  it('shows role and status in the same words as everywhere, and changes a role', async () => {
    const api = setup({
      [`PATCH /api/v1/admin/users/${MEMBER.id}`]: {
        status: 200,
        body: { user: { ...memberRow, role: 'admin' } },
      },
    });
    renderApp('/admin/people');
    const row = await rowOf('Grace Hopper');
    expect(row.textContent).toContain('Member');
    expect(row.textContent).toContain('Active');
    fireEvent.click(within(row).getByRole('button', { name: /Make administrator/ }));
    // Asked first: nothing changes until confirmed.
    const dialog = await screen.findByRole('dialog', { name: 'Make Grace Hopper an administrator?' });
    expect(dialog.textContent).toContain('change every workspace setting');
    expect(api.calls(`PATCH /api/v1/admin/users/${MEMBER.id}`)).toHaveLength(0);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Make administrator' }));
    await within(row).findByText('Administrator');
    expect(api.calls(`PATCH /api/v1/admin/users/${MEMBER.id}`)[0]!.body).toEqual({ role: 'admin' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    // No deactivate button on your own row.
    expect(within(await rowOf('Ada Lovelace')).queryByRole('button', { name: /Deactivate/ })).toBeNull();
  });

  it('asks before deactivating, says what happens, and shows the new status', async () => {
    const api = setup({
      [`PATCH /api/v1/admin/users/${MEMBER.id}`]: {
        status: 200,
        body: { user: { ...memberRow, active: false } },
      },
    });
    renderApp('/admin/people');
    const row = await rowOf('Grace Hopper');
    fireEvent.click(within(row).getByRole('button', { name: /Deactivate/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Deactivate Grace Hopper?' });
    expect(dialog.textContent).toContain('API tokens are revoked');
    expect(dialog.textContent).toContain('Their messages stay');
    expect(api.calls(`PATCH /api/v1/admin/users/${MEMBER.id}`)).toHaveLength(0);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Deactivate' }));
    await within(row).findByText('Deactivated');
    expect(api.calls(`PATCH /api/v1/admin/users/${MEMBER.id}`)[0]!.body).toEqual({ active: false });
    within(row).getByRole('button', { name: /Reactivate/ });
    // The row shows the new status a moment before the confirmation closes and focus moves.
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    // The pressed button is gone; focus stays on the row's actions rather than falling to the page.
    await waitFor(() => expect(row.contains(document.activeElement)).toBe(true));
  });

  it('closes the confirmation with Escape without changing anything, and focus goes back', async () => {
    const api = setup();
    renderApp('/admin/people');
    const row = await rowOf('Grace Hopper');
    const deactivate = within(row).getByRole('button', { name: /Deactivate/ });
    deactivate.focus();
    fireEvent.click(deactivate);
    const dialog = await screen.findByRole('dialog', { name: 'Deactivate Grace Hopper?' });
    fireEvent(dialog, new Event('cancel', { cancelable: true }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(deactivate);
    expect(api.calls(`PATCH /api/v1/admin/users/${MEMBER.id}`)).toHaveLength(0);
  });

  it('says a taken username once, on the field, when adding a person', async () => {
    const api = setup({
      'POST /api/v1/admin/users': apiError(409, 'username_taken', 'The username "grace" is taken'),
    });
    renderApp('/admin/people');
    await rowOf('Grace Hopper');
    const form = within(screen.getByRole('region', { name: 'Add a person' }));
    fireEvent.change(form.getByLabelText('Username'), { target: { value: 'grace' } });
    fireEvent.change(form.getByLabelText('Display name'), { target: { value: 'Grace' } });
    fireEvent.change(form.getByLabelText('Password'), { target: { value: 'a long enough password' } });
    // The role select uses the same words as the table.
    form.getByRole('option', { name: 'Member' });
    form.getByRole('option', { name: 'Administrator' });
    fireEvent.click(form.getByRole('button', { name: 'Create user' }));

    await form.findByText(/The username "grace" is taken/);
    expect(screen.getAllByText(/The username "grace" is taken/)).toHaveLength(1);
    expect(form.getByLabelText('Username').getAttribute('aria-invalid')).toBe('true');
    expect(api.calls('POST /api/v1/admin/users')).toHaveLength(1);
  });

  it('does not offer the last administrator to become a member; offers it once there is another', async () => {
    const api = setup({
      [`PATCH /api/v1/admin/users/${MEMBER.id}`]: {
        status: 200,
        body: { user: { ...memberRow, role: 'admin' } },
      },
    });
    renderApp('/admin/people');
    const ada = await rowOf('Ada Lovelace');
    expect(within(ada).queryByRole('button', { name: /Make member/ })).toBeNull();
    const grace = await rowOf('Grace Hopper');
    fireEvent.click(within(grace).getByRole('button', { name: /Make administrator/ }));
    fireEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', { name: 'Make administrator' }),
    );
    await waitFor(() => within(ada).getByRole('button', { name: /Make member/ }));
    within(grace).getByRole('button', { name: /Make member/ });
    expect(api.calls(`PATCH /api/v1/admin/users/${ADMIN.id}`)).toHaveLength(0);
  });

  it('shows the server’s reason when a change is refused, until the list changes', async () => {
    const linus = {
      ...memberRow,
      id: 'u_linus',
      username: 'linus',
      displayName: 'Linus Torvalds',
      role: 'admin' as const,
    };
    setup({
      'GET /api/v1/admin/users': { status: 200, body: { users: [adminRow, memberRow, linus] } },
      // Linus was made a member in another tab meanwhile: the server refuses.
      [`PATCH /api/v1/admin/users/${ADMIN.id}`]: apiError(
        409,
        'conflict',
        'This is the last active administrator; make someone else an administrator first',
      ),
      [`PATCH /api/v1/admin/users/${MEMBER.id}`]: {
        status: 200,
        body: { user: { ...memberRow, role: 'admin' } },
      },
    });
    renderApp('/admin/people');
    const row = await rowOf('Ada Lovelace');
    fireEvent.click(within(row).getByRole('button', { name: /Make member/ }));
    expect((await within(row).findByRole('alert')).textContent).toContain('last active administrator');
    // Another administrator now exists: the old error no longer holds and goes.
    const grace = await rowOf('Grace Hopper');
    fireEvent.click(within(grace).getByRole('button', { name: /Make administrator/ }));
    fireEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', { name: 'Make administrator' }),
    );
    await waitFor(() => expect(within(row).queryByRole('alert')).toBeNull());
  });

  it('finds people by name, username or email, and breaks an email address only at @ and dots', async () => {
    setup();
    renderApp('/admin/people');
    const ada = await rowOf('Ada Lovelace');
    const email = ada.querySelector<HTMLElement>('.person-email')!;
    expect(email.textContent).toBe('ada@example.org');
    expect(email.getAttribute('title')).toBe('ada@example.org');
    // Break chances before "@" and after the dot only: "ada" | "@example." | "org".
    expect(email.innerHTML).toBe('ada<wbr>@example.<wbr>org');

    const search = screen.getByRole('searchbox', { name: 'Search people' });
    const names = () =>
      within(screen.getByRole('table'))
        .getAllByRole('row')
        .slice(1)
        .map((r) => r.querySelector('.person-name')!.textContent);
    fireEvent.change(search, { target: { value: 'grace' } });
    expect(names()).toEqual(['Grace Hopper']);
    screen.getByText('1 person matches.');
    fireEvent.change(search, { target: { value: 'ADA@EXAMPLE' } });
    expect(names()).toEqual(['Ada LovelaceYou']);
    fireEvent.change(search, { target: { value: '@grac' } });
    expect(names()).toEqual(['Grace Hopper']);
    fireEvent.change(search, { target: { value: 'nobody' } });
    screen.getByText('Nobody matches “nobody”');
    expect(screen.queryByRole('table')).toBeNull();
    fireEvent.change(search, { target: { value: '' } });
    expect(within(screen.getByRole('table')).getAllByRole('row')).toHaveLength(3);
  });

  it('makes a password-reset link and shows it once with a copy button', async () => {
    setup({
      [`POST /api/v1/admin/users/${MEMBER.id}/password-reset`]: {
        status: 201,
        body: {
          resetUrl: 'http://localhost:3000/reset-password#token=abc',
          expiresAt: '2026-11-24T10:00:00.000Z',
        },
      },
    });
    renderApp('/admin/people');
    const row = await rowOf('Grace Hopper');
    fireEvent.click(within(row).getByRole('button', { name: /Reset password/ }));
    const dialog = await screen.findByRole('dialog', { name: /Password reset link for Grace Hopper/ });
    expect(within(dialog).getByLabelText<HTMLInputElement>('Reset link').value).toBe(
      'http://localhost:3000/reset-password#token=abc',
    );
    within(dialog).getByRole('button', { name: 'Copy link' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Done' }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
