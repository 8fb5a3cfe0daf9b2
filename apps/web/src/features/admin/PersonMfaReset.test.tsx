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

  it('shows the security record: who changed which second factor, newest first, and an empty record', async () => {
    setup({
      [`GET /api/v1/admin/users/${MEMBER.id}/security-events`]: {
        status: 200,
        body: {
          events: [
            {
              id: 'ev2',
              kind: 'mfa_reset',
              userId: MEMBER.id,
              actor: { id: ADMIN.id, username: ADMIN.username, displayName: ADMIN.displayName },
              createdAt: '2026-12-07T10:05:00.000Z',
            },
            {
              id: 'ev1',
              kind: 'factor_added',
              userId: MEMBER.id,
              actor: { id: MEMBER.id, username: MEMBER.username, displayName: MEMBER.displayName },
              createdAt: '2026-12-07T09:00:00.000Z',
            },
          ],
        },
      },
      [`GET /api/v1/admin/users/${ADMIN.id}/security-events`]: { status: 200, body: { events: [] } },
    });
    renderApp('/admin/people');
    const row = await graceRow();
    fireEvent.click(within(row).getByRole('button', { name: /Security record/ }));
    const dialog = screen.getByRole('dialog', { name: 'Security record of Grace Hopper' });
    const items = await within(dialog).findAllByRole('listitem');
    expect(items.map((li) => li.textContent?.split(' · ')[0])).toEqual([
      `${ADMIN.displayName} (@${ADMIN.username}) reset every second factor`,
      'Grace Hopper added a second factor',
    ]);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();

    const own = screen
      .getAllByText(ADMIN.displayName)
      .map((el) => el.closest('tr'))
      .find(Boolean)!;
    fireEvent.click(within(own).getByRole('button', { name: /Security record/ }));
    expect(
      await screen.findByText('Nothing recorded yet: no second factor was added, removed or reset.'),
    ).toBeDefined();
  });

  it('says so when the security record cannot be loaded', async () => {
    setup({
      [`GET /api/v1/admin/users/${MEMBER.id}/security-events`]: apiError(500, 'internal_error', 'Boom'),
    });
    renderApp('/admin/people');
    fireEvent.click(within(await graceRow()).getByRole('button', { name: /Security record/ }));
    expect(await screen.findByText('The security record couldn’t be loaded')).toBeDefined();
  });
});
