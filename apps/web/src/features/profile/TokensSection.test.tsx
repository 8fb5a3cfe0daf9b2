import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import {
  ADMIN,
  MEMBER,
  TOTP_FACTOR,
  afterStepUp,
  apiError,
  instance,
  mfaState,
  mockApi,
  signedInAs,
} from '../../test/api';
import { renderApp } from '../../test/render';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

const TOKEN = {
  id: 'tok_1',
  name: 'Deploy script',
  scopes: ['read', 'write'],
  createdAt: '2025-03-01T09:00:00.000Z',
  lastUsedAt: null,
  expiresAt: '2025-05-30T09:00:00.000Z',
};

describe('API tokens on the profile page', () => {
  it('shows a new token’s secret once, with a copy button, and adds it to the list', async () => {
    const api = mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedInAs(MEMBER),
      'GET /api/v1/me/tokens': { status: 200, body: { tokens: [] } },
      'POST /api/v1/me/tokens': { status: 201, body: { token: TOKEN, secret: 'pk_live_secret_value' } },
    });
    renderApp('/profile');
    await screen.findByText('No API tokens');

    fireEvent.change(screen.getByLabelText('Token name'), { target: { value: 'Deploy script' } });
    fireEvent.change(screen.getByLabelText('Expires after'), { target: { value: '90' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create token' }));

    const secretBox = await screen.findByRole('region', { name: /Token “Deploy script” created/ });
    expect(within(secretBox).getByLabelText<HTMLInputElement>('New token').value).toBe(
      'pk_live_secret_value',
    );
    expect(secretBox.textContent).toContain('you won’t see this token again');
    within(secretBox).getByRole('button', { name: 'Copy token' });
    expect(api.calls('POST /api/v1/me/tokens')[0]?.body).toEqual({
      name: 'Deploy script',
      scopes: ['read', 'write'],
      expiresInDays: 90,
    });
    expect(screen.getByRole('list', { name: 'Your API tokens' }).textContent).toContain('Deploy script');

    fireEvent.click(within(secretBox).getByRole('button', { name: 'I’ve saved it' }));
    expect(screen.queryByDisplayValue('pk_live_secret_value')).toBeNull();
  });

  it('asks for confirmation before revoking a token', async () => {
    const api = mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedInAs(MEMBER),
      'GET /api/v1/me/tokens': { status: 200, body: { tokens: [TOKEN] } },
      'DELETE /api/v1/me/tokens/tok_1': { status: 204 },
    });
    renderApp('/profile');
    fireEvent.click(await screen.findByRole('button', { name: 'Revoke Deploy script' }));
    expect(api.calls('DELETE /api/v1/me/tokens/tok_1')).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Revoke “Deploy script”' }));
    await screen.findByText('No API tokens');
    expect(api.calls('DELETE /api/v1/me/tokens/tok_1')).toHaveLength(1);
  });

  it('creates tokens with the chosen scopes and shows them; only administrators are offered Administer', async () => {
    const api = mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedInAs(MEMBER),
      'GET /api/v1/me/tokens': { status: 200, body: { tokens: [] } },
      'POST /api/v1/me/tokens': {
        status: 201,
        body: { token: { ...TOKEN, name: 'Dashboard', scopes: ['read'] }, secret: 'prl_x' },
      },
    });
    renderApp('/profile');
    await screen.findByText('No API tokens');
    expect(screen.queryByLabelText('Administer')).toBeNull();
    expect(screen.getByLabelText<HTMLInputElement>('Read').checked).toBe(true);
    expect(screen.getByLabelText<HTMLInputElement>('Write').checked).toBe(true);
    fireEvent.click(screen.getByLabelText('Write'));
    fireEvent.change(screen.getByLabelText('Token name'), { target: { value: 'Dashboard' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create token' }));
    await screen.findByLabelText('Scopes: Read');
    expect(api.calls('POST /api/v1/me/tokens')[0]!.body).toMatchObject({
      name: 'Dashboard',
      scopes: ['read'],
    });
  });

  it('offers Administer to administrators and shows a refusal from the server on the form', async () => {
    const api = mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedInAs(ADMIN),
      'GET /api/v1/me/tokens': { status: 200, body: { tokens: [] } },
      'POST /api/v1/me/tokens': apiError(403, 'forbidden', 'Only administrators can create admin tokens'),
    });
    renderApp('/profile');
    await screen.findByText('No API tokens');
    const administer = screen.getByLabelText<HTMLInputElement>('Administer');
    expect(administer.checked).toBe(false);
    fireEvent.click(administer);
    fireEvent.change(screen.getByLabelText('Token name'), { target: { value: 'Provisioning' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create token' }));
    await screen.findByText('Only administrators can create admin tokens');
    expect(api.calls('POST /api/v1/me/tokens')[0]!.body).toMatchObject({
      scopes: ['read', 'write', 'admin'],
    });
    screen.getByText('No API tokens');
  });

  it('refuses a token with no scope before sending it', async () => {
    const api = mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedInAs(MEMBER),
      'GET /api/v1/me/tokens': { status: 200, body: { tokens: [] } },
    });
    renderApp('/profile');
    await screen.findByText('No API tokens');
    fireEvent.click(screen.getByLabelText('Read'));
    fireEvent.click(screen.getByLabelText('Write'));
    fireEvent.change(screen.getByLabelText('Token name'), { target: { value: 'Nothing' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create token' }));
    await screen.findByRole('group', { name: 'What the token may do' });
    expect(document.getElementById('token-scopes-error')).toBeTruthy();
    expect(api.calls('POST /api/v1/me/tokens')).toHaveLength(0);
  });

  it('asks for the second factor again when the server wants a recent one, then creates the token', async () => {
    const api = mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedInAs(MEMBER),
      'GET /api/v1/me/tokens': { status: 200, body: { tokens: [] } },
      'GET /api/v1/me/mfa': mfaState([TOTP_FACTOR]),
      'POST /api/v1/me/mfa/verify': { status: 204 },
      'POST /api/v1/me/tokens': afterStepUp({
        status: 201,
        body: { token: TOKEN, secret: 'prl_after_step_up' },
      }),
    });
    renderApp('/profile');
    await screen.findByText('No API tokens');
    fireEvent.change(screen.getByLabelText('Token name'), { target: { value: 'Deploy script' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create token' }));
    const stepUp = await screen.findByRole('dialog', { name: 'Confirm it is you' });
    fireEvent.change(within(stepUp).getByLabelText('Code'), { target: { value: '123456' } });
    fireEvent.click(within(stepUp).getByRole('button', { name: 'Confirm' }));
    await screen.findByDisplayValue('prl_after_step_up');
    expect(api.calls('POST /api/v1/me/tokens')).toHaveLength(2);
  });
});
