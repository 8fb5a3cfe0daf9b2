import { t } from '../../i18n';

/** What a refusal means to a call guest, as a page: a title and what to do next. */
export interface GuestProblem {
  title: string;
  text: string;
  /** "Check again" makes sense (the call may start later). */
  retry?: boolean;
}

/**
 * The page for each refusal the guest routes give (issue 19), and for the lobby's last words: its
 * messages in the `guests.problems.<key>` catalogue entries (`title`, `text`).
 */
const GUEST_PROBLEMS: Record<string, { key: string; retry?: boolean }> = {
  guest_link_invalid: { key: 'linkInvalid' },
  guest_link_expired: { key: 'linkExpired' },
  guest_link_full: { key: 'linkFull' },
  guests_disabled: { key: 'guestsDisabled' },
  call_ended: { key: 'callEnded', retry: true },
  denied: { key: 'denied' },
  ended: { key: 'ended' },
  left: { key: 'left' },
  rate_limited: { key: 'rateLimited', retry: true },
};

/**
 * The page for `code`, in the interface language of the moment it is called (so call it while
 * rendering), or null when it is not one of them (the caller shows the server's message).
 */
export function guestProblem(code: string): GuestProblem | null {
  const known = Object.hasOwn(GUEST_PROBLEMS, code) ? GUEST_PROBLEMS[code] : undefined;
  if (!known) return null;
  const ask = t('guests.problems.ask');
  return {
    title: t(`guests.problems.${known.key}.title`),
    text: t(`guests.problems.${known.key}.text`, { ask }),
    ...(known.retry ? { retry: true } : {}),
  };
}
