import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { MEMBER, apiError, instance, mockApi, signedInAs, signedOut } from '../../test/api';
import { renderApp } from '../../test/render';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

const profileRoutes = {
  'GET /api/v1/instance': instance(),
  'GET /api/v1/me/tokens': { status: 200, body: { tokens: [] } },
};

async function openLanguageSection() {
  renderApp('/profile');
  return within(await screen.findByRole('region', { name: 'Language' }));
}

describe('Profile → Language', () => {
  it('switches the interface at once and saves the choice with PATCH /me', async () => {
    const api = mockApi({
      ...profileRoutes,
      'GET /api/v1/auth/session': signedInAs(MEMBER),
      'PATCH /api/v1/me': { status: 200, body: { user: { ...MEMBER, locale: 'uk' } } },
    });
    const section = await openLanguageSection();
    const select = section.getByLabelText<HTMLSelectElement>('Language');
    expect(select.value).toBe('');
    expect([...select.options].map((o) => o.textContent)).toEqual([
      'Use my browser’s language',
      'English',
      'Українська',
      'Deutsch',
    ]);

    fireEvent.change(select, { target: { value: 'uk' } });

    await screen.findByRole('heading', { name: 'Ваші дані' });
    await screen.findByText('Мову збережено.');
    expect(document.documentElement.lang).toBe('uk');
    expect(api.calls('PATCH /api/v1/me')[0]?.body).toEqual({ locale: 'uk' });
    expect(api.calls('PATCH /api/v1/me')[0]?.headers.get('accept-language')).toBe('uk');
  });

  it("follows the person's saved language when they sign in, and 'browser' saves null", async () => {
    const api = mockApi({
      ...profileRoutes,
      'GET /api/v1/auth/session': signedInAs({ ...MEMBER, locale: 'de' }),
      'PATCH /api/v1/me': { status: 200, body: { user: { ...MEMBER, locale: null } } },
    });
    renderApp('/profile');
    const section = within(await screen.findByRole('region', { name: 'Sprache' }));
    expect(document.documentElement.lang).toBe('de');

    fireEvent.change(section.getByLabelText('Sprache'), { target: { value: '' } });

    // jsdom's browser speaks English.
    await screen.findByRole('heading', { name: 'Your details' });
    await waitFor(() => expect(api.calls('PATCH /api/v1/me')[0]?.body).toEqual({ locale: null }));
  });

  it('goes back to the language it had when saving fails, and says why', async () => {
    mockApi({
      ...profileRoutes,
      'GET /api/v1/auth/session': signedInAs(MEMBER),
      'PATCH /api/v1/me': apiError(429, 'rate_limited', 'Slow down.'),
    });
    const section = await openLanguageSection();

    fireEvent.change(section.getByLabelText('Language'), { target: { value: 'de' } });

    expect((await screen.findByRole('alert')).textContent).toContain('Slow down.');
    expect(document.documentElement.lang).toBe('en');
    screen.getByRole('heading', { name: 'Your details' });
  });
});

describe('Sign-in page language picker', () => {
  it('changes only this browser’s interface, and remembers it', async () => {
    const api = mockApi({ 'GET /api/v1/instance': instance(), 'GET /api/v1/auth/session': signedOut });
    renderApp('/login');
    await screen.findByRole('heading', { name: 'Sign in' });

    fireEvent.change(screen.getByLabelText('Language'), { target: { value: 'de' } });

    await screen.findByRole('heading', { name: 'Anmelden' });
    expect(localStorage.getItem('parley.locale')).toBe('de');
    expect(document.documentElement.lang).toBe('de');
    expect(api.calls('PATCH /api/v1/me')).toEqual([]);
  });
});
