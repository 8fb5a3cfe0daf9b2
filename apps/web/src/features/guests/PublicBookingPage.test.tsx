import type { PublicProvider } from '@parley/shared';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, instance, mockApi, signedOut, type RecordedRequest } from '../../test/api';
import { BOB } from '../../test/chat';
import { slotAt, useTimeZone } from '../../test/consultations';
import { renderApp } from '../../test/render';

useTimeZone('Europe/Lisbon');

const query = (request: RecordedRequest) => new URL(request.url, 'http://parley.test').searchParams;
const nine = slotAt(1, 9);
const ten = slotAt(1, 10);

function publicProvider(over: Partial<PublicProvider> = {}): PublicProvider {
  return {
    id: BOB.id,
    handle: 'bob',
    displayName: 'Bob Brown',
    avatarUrl: null,
    bio: 'Counsellor for stress and sleep.',
    specialities: ['Stress', 'Sleep'],
    languages: ['en'],
    timezone: 'Europe/Berlin',
    sessionMinutes: 50,
    bookable: true,
    ...over,
  };
}

function open(routes: Parameters<typeof mockApi>[0]) {
  const api = mockApi({
    'GET /api/v1/instance': instance(),
    'GET /api/v1/auth/session': signedOut,
    'GET /api/v1/book/bob': { status: 200, body: { provider: publicProvider() } },
    'GET /api/v1/book/bob/slots': { status: 200, body: { slots: [nine, ten], timezone: 'Europe/Berlin' } },
    ...routes,
  });
  return { api, ...renderApp('/book/bob') };
}

describe('a provider’s public booking page (/book/:handle)', () => {
  it('shows free times in the visitor’s zone, holds one by name and e-mail, and asks to confirm by e-mail', async () => {
    const { api } = open({
      [`POST /api/v1/providers/${BOB.id}/public-holds`]: {
        status: 202,
        body: { heldUntil: new Date(Date.now() + 15 * 60_000 + 20_000).toISOString() },
      },
    });
    await screen.findByRole('heading', { name: 'Book Bob Brown' });
    screen.getByText('Counsellor for stress and sleep.');
    // The public slots route, by the visitor's zone's dates; signed out, no signed-in route is asked.
    await waitFor(() => expect(api.calls('GET /api/v1/book/bob/slots')).not.toHaveLength(0));
    expect(query(api.calls('GET /api/v1/book/bob/slots')[0]!).get('tz')).toBe('Europe/Lisbon');
    expect(api.calls(`GET /api/v1/providers/${BOB.id}/slots`)).toHaveLength(0);

    const times = await screen.findByRole('radiogroup', { name: /^Times on/ });
    fireEvent.click(within(times).getAllByRole('radio')[1]!);
    const form = await screen.findByRole('region', { name: 'Your details' });
    expect(form.textContent).toContain('your time, Europe/Lisbon');
    fireEvent.change(within(form).getByLabelText('Your name'), { target: { value: 'Dana Doe' } });
    fireEvent.change(within(form).getByLabelText('Your e-mail'), { target: { value: 'dana@example.org' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Book this time' }));

    await screen.findByText('Check your e-mail');
    expect(api.calls(`POST /api/v1/providers/${BOB.id}/public-holds`)[0]!.body).toEqual({
      start: ten.start,
      name: 'Dana Doe',
      email: 'dana@example.org',
      timeZone: 'Europe/Lisbon',
    });
    screen.getByText(/We sent a link to dana@example.org. Open it within 15 minutes/);
    expect(screen.queryByRole('button', { name: 'Book this time' })).toBeNull();
  });

  it('checks name and e-mail before sending, and picks again when the time was just taken', async () => {
    const { api } = open({
      [`POST /api/v1/providers/${BOB.id}/public-holds`]: apiError(409, 'slot_taken', 'Taken'),
    });
    const times = await screen.findByRole('radiogroup', { name: /^Times on/ });
    fireEvent.click(within(times).getAllByRole('radio')[0]!);
    const form = await screen.findByRole('region', { name: 'Your details' });
    fireEvent.change(within(form).getByLabelText('Your e-mail'), { target: { value: 'not an address' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Book this time' }));
    await waitFor(() =>
      expect(within(form).getByLabelText('Your e-mail').getAttribute('aria-invalid')).toBe('true'),
    );
    expect(within(form).getByLabelText('Your name').getAttribute('aria-invalid')).toBe('true');
    expect(api.calls(`POST /api/v1/providers/${BOB.id}/public-holds`)).toHaveLength(0);

    fireEvent.change(within(form).getByLabelText('Your name'), { target: { value: 'Dana Doe' } });
    fireEvent.change(within(form).getByLabelText('Your e-mail'), { target: { value: 'dana@example.org' } });
    const asked = api.calls('GET /api/v1/book/bob/slots').length;
    fireEvent.click(within(form).getByRole('button', { name: 'Book this time' }));
    await screen.findByText(/That time was just taken/);
    // The free times are fetched again and nothing is chosen.
    await waitFor(() => expect(api.calls('GET /api/v1/book/bob/slots').length).toBeGreaterThan(asked));
    expect(screen.queryByRole('region', { name: 'Your details' })).toBeNull();
  });

  it('says when the page cannot take bookings, and when it is not there', async () => {
    const first = open({
      'GET /api/v1/book/bob': { status: 200, body: { provider: publicProvider({ bookable: false }) } },
    });
    await screen.findByText('Booking here isn’t possible right now');
    expect(screen.queryByRole('radiogroup')).toBeNull();
    expect(first.api.calls('GET /api/v1/book/bob/slots')).toHaveLength(0);
    first.unmount();

    open({ 'GET /api/v1/book/bob': apiError(404, 'not_found', 'Not found') });
    await screen.findByRole('heading', { name: 'This booking page isn’t available' });
  });

  it('turns unbookable when the server says e-mail is not configured', async () => {
    open({
      [`POST /api/v1/providers/${BOB.id}/public-holds`]: apiError(
        409,
        'mail_not_configured',
        'E-mail is not configured',
      ),
    });
    const times = await screen.findByRole('radiogroup', { name: /^Times on/ });
    fireEvent.click(within(times).getAllByRole('radio')[0]!);
    const form = await screen.findByRole('region', { name: 'Your details' });
    fireEvent.change(within(form).getByLabelText('Your name'), { target: { value: 'Dana Doe' } });
    fireEvent.change(within(form).getByLabelText('Your e-mail'), { target: { value: 'dana@example.org' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Book this time' }));
    await screen.findByText('Booking here isn’t possible right now');
    expect(screen.queryByRole('radiogroup')).toBeNull();
  });
});
