import type { Me } from '@parley/shared';

/** Guest fixtures (issue 19): someone signed in through a personal link. */

export const GUEST: Me = {
  id: 'u_guest',
  username: 'guest-7f3a9c',
  displayName: 'Carol Visitor',
  avatarUrl: null,
  role: 'user',
  email: 'carol@example.org',
  createdAt: '2026-12-01T10:00:00.000Z',
  provider: false,
  locale: null,
  guest: true,
};

/** The guest as a consultation shows its client. */
export const guestParty = { id: GUEST.id, displayName: GUEST.displayName, avatarUrl: null, guest: true };
