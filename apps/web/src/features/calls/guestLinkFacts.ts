import type { GuestLink } from '@parley/shared';
import { t } from '../../i18n';
import { formatDate } from '../../i18n/format';

/** When a link stops working, as a short date and time in the interface's language. */
function shortDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return formatDate(date, { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * What one guest link allows, each fact a phrase of its own: until when, how many guests it took and
 * may take, whether it asks a passcode, whether guests wait to be let in.
 */
export function guestLinkFacts(
  link: Pick<GuestLink, 'expiresAt' | 'maxUses' | 'uses' | 'passcode' | 'lobby'>,
): string[] {
  return [
    t('calls.guestLinks.worksUntil', { when: shortDateTime(link.expiresAt) }),
    link.maxUses === null
      ? t('calls.guestLinks.usedNoLimit', { count: link.uses })
      : t('calls.guestLinks.usedOf', { count: link.uses, max: link.maxUses }),
    link.passcode ? t('calls.guestLinks.passcode') : t('calls.guestLinks.noPasscode'),
    link.lobby ? t('calls.guestLinks.lobby') : t('calls.guestLinks.direct'),
  ];
}

/** A link's name in lists: when it was made (links have no other name). */
export function guestLinkName(link: Pick<GuestLink, 'createdAt'>): string {
  return t('calls.guestLinks.name', { when: shortDateTime(link.createdAt) });
}

/** The same within a sentence ("Revoke link made …"), as a screen reader reads the Revoke button. */
export function guestLinkNameInSentence(link: Pick<GuestLink, 'createdAt'>): string {
  return t('calls.guestLinks.nameInSentence', { when: shortDateTime(link.createdAt) });
}
