import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import {
  ADMIN,
  MEMBER,
  afterStepUp,
  apiError,
  instance,
  mfaState,
  mockApi,
  signedInAs,
  TOTP_FACTOR,
} from '../../test/api';
import { renderApp } from '../../test/render';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

const setup = (routes: Parameters<typeof mockApi>[0]) =>
  mockApi({
    'GET /api/v1/instance': instance(),
    'GET /api/v1/auth/session': signedInAs(ADMIN),
    'GET /api/v1/admin/users': {
      status: 200,
      body: {
        users: [
          { ...ADMIN, active: true },
          { ...MEMBER, active: true },
        ],
      },
    },
    'GET /api/v1/me/mfa': mfaState([TOTP_FACTOR]),
    ...routes,
  });

const graceRow = async () => {
  await screen.findByRole('table');
  const row = screen
    .getAllByText('Grace Hopper')
    .map((el) => el.closest('tr'))
    .find(Boolean);
  if (!row) throw new Error('no row for Grace Hopper');
  return row;
};

describe('Administration → People: reset second factor', () => {
  it('asks first, confirms it is the administrator, then resets', async () => {
    const api = setup({
      [`POST /api/v1/admin/users/${MEMBER.id}/mfa/reset`]: afterStepUp({ status: 204 }),
      'POST /api/v1/me/mfa/verify': { status: 204 },
    });
    renderApp('/admin/people');
    const row = await graceRow();
    fireEvent.click(within(row).getByRole('button', { name: /Reset second factor/ }));
    const dialog = screen.getByRole('dialog', { name: 'Reset Grace Hopper’s second factor?' });
    expect(dialog.textContent).toContain('signed out everywhere');
    expect(api.calls(`POST /api/v1/admin/users/${MEMBER.id}/mfa/reset`)).toHaveLength(0);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Reset second factor' }));
    const stepUp = await screen.findByRole('dialog', { name: 'Confirm it is you' });
    fireEvent.change(within(stepUp).getByLabelText('Code'), { target: { value: 'abcde-fghij' } });
    fireEvent.click(within(stepUp).getByRole('button', { name: 'Confirm' }));
    await within(row).findByText('Second factor reset: they set up a new one at their next sign-in.');
    expect(api.calls(`POST /api/v1/admin/users/${MEMBER.id}/mfa/reset`)).toHaveLength(2);
    expect(api.calls('POST /api/v1/me/mfa/verify')[0]!.body).toEqual({ code: 'abcde-fghij' });
  });

  it('shows a refusal on the row', async () => {
    setup({
      [`POST /api/v1/admin/users/${MEMBER.id}/mfa/reset`]: apiError(404, 'not_found', 'No such person.'),
    });
    renderApp('/admin/people');
    const row = await graceRow();
    fireEvent.click(within(row).getByRole('button', { name: /Reset second factor/ }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Reset second factor' }));
    await within(row).findByText('No such person.');
  });

  it('is not offered on your own row', async () => {
    setup({});
    renderApp('/admin/people');
    await graceRow();
    const mine = screen
      .getAllByText('Ada Lovelace')
      .map((el) => el.closest('tr'))
      .find(Boolean)!;
    expect(within(mine).queryByRole('button', { name: /Reset second factor/ })).toBeNull();
  });
});
