import type { ConsultationParticipant } from '@parley/shared';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError, instance, MEMBER, mockApi, signedInAs } from '../../test/api';
import { consultation, slotAt, useTimeZone } from '../../test/consultations';
import { lastSocket, sockets } from '../../test/fakeSocket';
import { renderApp } from '../../test/render';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

useTimeZone('Europe/Lisbon');

beforeEach(() => {
  sockets.length = 0;
});

const PROVIDER = { ...MEMBER, provider: true };
const dana = { id: 'u_guest_dana', displayName: 'Dana Doe', avatarUrl: null, guest: true };
const asProvider = {
  role: 'provider' as const,
  provider: { id: MEMBER.id, displayName: MEMBER.displayName, avatarUrl: null },
};
const LINK = 'https://parley.example.org/visit/4f9c2e';
const invite = (emailed: boolean) => ({ url: LINK, emailed, expiresAt: '2027-01-13T16:05:00.000Z' });

async function open(path: string, routes: Parameters<typeof mockApi>[0], me = PROVIDER) {
  const api = mockApi({
    'GET /api/v1/instance': instance(),
    'GET /api/v1/auth/session': signedInAs(me),
    ...routes,
  });
  const view = renderApp(path);
  const socket = await waitFor(() => lastSocket());
  act(() => socket.serverEmit('connect'));
  return { api, ...view };
}

describe('a session for someone without an account (provider)', () => {
  it('proposes one by name and e-mail, and shows the personal link to copy when it was not e-mailed', async () => {
    const time = slotAt(2, 11);
    const proposed = consultation(
      { id: 'c_guest', status: 'held', bookedBy: 'provider', client: dana, roomId: null, ...asProvider },
      time,
    );
    const { api } = await open('/consultations/dashboard', {
      'GET /api/v1/consultations': { status: 200, body: { consultations: [] } },
      [`GET /api/v1/providers/${MEMBER.id}/slots`]: {
        status: 200,
        body: { slots: [time], timezone: 'Europe/Lisbon' },
      },
      'POST /api/v1/consultations': {
        status: 201,
        body: { consultation: proposed, invite: invite(false) },
      },
    });
    await screen.findByText('No sessions today.');
    fireEvent.click(screen.getByRole('button', { name: 'Propose a session' }));
    const dialog = await screen.findByRole('dialog', { name: 'Propose a session' });
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Someone without an account' }));
    // No people search for someone without an account: their name and e-mail.
    expect(within(dialog).queryByRole('combobox')).toBeNull();
    fireEvent.change(within(dialog).getByLabelText('Their name'), { target: { value: 'Dana Doe' } });
    fireEvent.change(within(dialog).getByLabelText('Their e-mail'), {
      target: { value: 'dana@example.org' },
    });
    fireEvent.click(
      within(await within(dialog).findByRole('radiogroup', { name: /^Times on/ })).getByRole('radio'),
    );
    expect(dialog.textContent).toContain('Dana Doe,');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Send proposal' }));

    const notice = await screen.findByText('Send Dana Doe this link');
    expect(api.calls('POST /api/v1/consultations')[0]!.body).toEqual({
      guest: { name: 'Dana Doe', email: 'dana@example.org' },
      start: time.start,
    });
    const box = notice.closest('.alert') as HTMLElement;
    expect(within(box).getByRole('textbox', { name: 'Personal link for Dana Doe' })).toHaveProperty(
      'value',
      LINK,
    );
    within(box).getByRole('button', { name: 'Copy link' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('region', { name: /^Waiting for an answer/ }).textContent).toContain('Dana Doe');
  });

  it('checks name and e-mail first, and says an e-mailed link was sent', async () => {
    const proposed = consultation(
      { id: 'c_guest', status: 'held', bookedBy: 'provider', client: dana, roomId: null, ...asProvider },
      slotAt(0, 23, 55),
    );
    const { api } = await open('/consultations/dashboard', {
      'GET /api/v1/consultations': { status: 200, body: { consultations: [] } },
      [`GET /api/v1/providers/${MEMBER.id}/slots`]: { status: 200, body: { slots: [], timezone: 'UTC' } },
      'POST /api/v1/consultations': {
        status: 201,
        body: { consultation: proposed, invite: invite(true) },
      },
    });
    await screen.findByText('No sessions today.');
    fireEvent.click(screen.getByRole('button', { name: 'Propose a session' }));
    const dialog = await screen.findByRole('dialog', { name: 'Propose a session' });
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Someone without an account' }));
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Now' }));
    fireEvent.change(within(dialog).getByLabelText('Their name'), { target: { value: 'Dana Doe' } });
    fireEvent.change(within(dialog).getByLabelText('Their e-mail'), { target: { value: 'dana' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Start now' }));
    await waitFor(() =>
      expect(within(dialog).getByLabelText('Their e-mail').getAttribute('aria-invalid')).toBe('true'),
    );
    expect(api.calls('POST /api/v1/consultations')).toHaveLength(0);

    fireEvent.change(within(dialog).getByLabelText('Their e-mail'), {
      target: { value: 'dana@example.org' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Start now' }));
    await screen.findByText(/We e-mailed Dana Doe a personal link/);
    expect(api.calls('POST /api/v1/consultations')[0]!.body).toEqual({
      guest: { name: 'Dana Doe', email: 'dana@example.org' },
      start: 'now',
    });
    expect(screen.queryByRole('textbox', { name: /Personal link/ })).toBeNull();
  });

  it('sends a guest client a new link from the list, and only for guests', async () => {
    const { api } = await open('/consultations/dashboard', {
      'GET /api/v1/consultations': {
        status: 200,
        body: {
          consultations: [
            consultation({ id: 'c_guest', client: dana, ...asProvider }, slotAt(3, 9)),
            consultation(
              {
                id: 'c_member',
                client: { id: 'u_carol', displayName: 'Carol Clark', avatarUrl: null },
                ...asProvider,
              },
              slotAt(4, 9),
            ),
          ],
        },
      },
      'POST /api/v1/consultations/c_guest/guest-invite': { status: 200, body: { invite: invite(false) } },
    });
    const buttons = await screen.findAllByRole('button', { name: /Send a new link/ });
    expect(buttons).toHaveLength(1);
    expect(buttons[0]!.textContent).toBe('Send a new link to Dana Doe');
    fireEvent.click(buttons[0]!);
    const link = await screen.findByRole('textbox', { name: 'Personal link for Dana Doe' });
    expect(link).toHaveProperty('value', LINK);
    expect(api.calls('POST /api/v1/consultations/c_guest/guest-invite')).toHaveLength(1);
  });
});

const ID = '0190b7a2-0000-7000-8000-000000000001';
const path = `/api/v1/consultations/${ID}`;

function participant(over: Partial<ConsultationParticipant> = {}): ConsultationParticipant {
  return {
    id: 'p_1',
    name: 'Eve Interpreter',
    email: 'eve@example.org',
    proposedBy: 'provider',
    proposedAt: '2026-12-01T09:00:00.000Z',
    consentAt: null,
    consentBy: null,
    chat: false,
    removedAt: null,
    joinedAt: null,
    ...over,
  };
}

describe('third participants on the consultation page', () => {
  it('lets the client agree to one the provider proposed, with the chat, and shows their link', async () => {
    const c = consultation({ id: ID, participants: [participant()] }, slotAt(3, 9));
    const { api } = await open(
      `/consultations/${ID}`,
      {
        [`GET ${path}`]: { status: 200, body: { consultation: c } },
        'GET /api/v1/rooms/r_consult_1/messages': { status: 200, body: { messages: [], hasMore: false } },
        [`POST ${path}/participants/p_1/consent`]: {
          status: 200,
          body: {
            participant: participant({
              consentAt: '2026-12-02T10:00:00.000Z',
              consentBy: MEMBER.id,
              chat: true,
            }),
            invite: invite(false),
          },
        },
      },
      MEMBER,
    );
    const panel = await screen.findByRole('region', { name: /^Others taking part/ });
    within(panel).getByText('Eve Interpreter', { selector: 'p' });
    within(panel).getByText(/Proposed by your provider · waiting for your answer/);
    fireEvent.click(within(panel).getByRole('button', { name: /^Agree\s?to Eve Interpreter taking part$/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Let Eve Interpreter take part?' });
    const chat = within(dialog).getByRole('checkbox', { name: 'Let them see the chat' });
    expect(chat).toHaveProperty('checked', false);
    fireEvent.click(chat);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Agree' }));

    await within(panel).findByText(/can see the chat/);
    expect(api.calls(`POST ${path}/participants/p_1/consent`)[0]!.body).toEqual({ chat: true });
    expect(within(panel).getByRole('textbox', { name: 'Personal link for Eve Interpreter' })).toHaveProperty(
      'value',
      LINK,
    );
    expect(within(panel).queryByRole('button', { name: /^Agree/ })).toBeNull();
    // The client can still remove them.
    within(panel).getByRole('button', { name: /^Remove\s?Eve Interpreter$/ });
  });

  it('lets the provider propose someone, and remove only who the client has not agreed to', async () => {
    const agreed = participant({
      id: 'p_2',
      name: 'Frank Family',
      consentAt: '2026-12-02T10:00:00.000Z',
      consentBy: 'u_bob',
    });
    const c = consultation(
      {
        id: ID,
        ...asProvider,
        client: { id: 'u_bob', displayName: 'Bob Brown', avatarUrl: null },
        participants: [agreed],
      },
      slotAt(3, 9),
    );
    const { api } = await open(`/consultations/${ID}`, {
      [`GET ${path}`]: { status: 200, body: { consultation: c } },
      'GET /api/v1/rooms/r_consult_1/messages': { status: 200, body: { messages: [], hasMore: false } },
      [`POST ${path}/participants`]: { status: 201, body: { participant: participant() } },
      [`DELETE ${path}/participants/p_1`]: { status: 204 },
    });
    const panel = await screen.findByRole('region', { name: /^Others taking part/ });
    expect(within(panel).queryByRole('button', { name: /^Remove\s?Frank Family$/ })).toBeNull();
    fireEvent.click(within(panel).getByRole('button', { name: 'Add a participant' }));
    const form = within(panel).getByRole('form', { name: 'Add a participant' });
    fireEvent.change(within(form).getByLabelText('Their name'), { target: { value: 'Eve Interpreter' } });
    fireEvent.change(within(form).getByLabelText('Their e-mail'), { target: { value: 'eve@example.org' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Propose' }));
    await within(panel).findByText(/Eve Interpreter is proposed/);
    expect(api.calls(`POST ${path}/participants`)[0]!.body).toEqual({
      name: 'Eve Interpreter',
      email: 'eve@example.org',
    });
    within(panel).getByText('Waiting for the client’s answer');

    fireEvent.click(within(panel).getByRole('button', { name: /^Remove\s?Eve Interpreter$/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Remove Eve Interpreter?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove' }));
    await within(panel).findByText('Eve Interpreter was removed.');
    expect(api.calls(`DELETE ${path}/participants/p_1`)).toHaveLength(1);
    expect(within(panel).queryByText('Waiting for the client’s answer')).toBeNull();
  });

  it('says why a proposal was refused, and shows no panel where the server lists none', async () => {
    const c = consultation({ id: ID, participants: [] }, slotAt(3, 9));
    await open(
      `/consultations/${ID}`,
      {
        [`GET ${path}`]: { status: 200, body: { consultation: c } },
        'GET /api/v1/rooms/r_consult_1/messages': { status: 200, body: { messages: [], hasMore: false } },
        [`POST ${path}/participants`]: apiError(429, 'rate_limited', 'Too many participants proposed.'),
      },
      MEMBER,
    );
    const panel = await screen.findByRole('region', { name: /^Others taking part/ });
    within(panel).getByText('Nobody else takes part.');
    fireEvent.click(within(panel).getByRole('button', { name: 'Add a participant' }));
    fireEvent.change(within(panel).getByLabelText('Their name'), { target: { value: 'Eve' } });
    fireEvent.click(within(panel).getByRole('button', { name: 'Add' }));
    await within(panel).findByText('Too many participants proposed.');
  });
});

describe('the consultation page of a third participant', () => {
  it('is about the provider, with nothing to change and no list of participants', async () => {
    const c = consultation({ id: ID, role: 'participant', roomId: null, history: [] }, slotAt(3, 9));
    await open(
      `/consultations/${ID}`,
      { [`GET ${path}`]: { status: 200, body: { consultation: c } } },
      {
        ...MEMBER,
        guest: true,
      },
    );
    await screen.findByRole('heading', { name: 'Consultation with Bob Brown' });
    screen.getByText('Bob Brown hasn’t joined yet');
    for (const name of ['Reschedule', 'Cancel', 'Propose new time']) {
      expect(screen.queryByRole('button', { name })).toBeNull();
    }
    expect(screen.queryByRole('region', { name: /^Others taking part/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Chat with/ })).toBeNull();
  });
});
