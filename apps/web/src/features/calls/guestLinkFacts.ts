import type { GuestLink } from '@parley/shared';

/** When a link stops working, as a short local date and time. */
function shortDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * What one guest link allows, each fact a phrase of its own: until when, how many guests it took and
 * may take, whether it asks a passcode, whether guests wait to be let in.
 */
export function guestLinkFacts(
  link: Pick<GuestLink, 'expiresAt' | 'maxUses' | 'uses' | 'passcode' | 'lobby'>,
): string[] {
  const used = link.uses === 1 ? '1 guest joined' : `${link.uses} guests joined`;
  return [
    `Works until ${shortDateTime(link.expiresAt)}`,
    link.maxUses === null ? `${used}, no limit` : `${used} of ${link.maxUses}`,
    link.passcode ? 'Passcode' : 'No passcode',
    link.lobby ? 'Guests wait to be let in' : 'Guests enter directly',
  ];
}

/** A link's name in lists: when it was made (links have no other name). */
export function guestLinkName(link: Pick<GuestLink, 'createdAt'>): string {
  return `Link made ${shortDateTime(link.createdAt)}`;
}
