/** What a refusal means to a call guest, as a page: a title and what to do next. */
export interface GuestProblem {
  title: string;
  text: string;
  /** "Check again" makes sense (the call may start later). */
  retry?: boolean;
}

const ASK = 'Ask the person who invited you for a new link.';

/** The page for each refusal the guest routes give (issue 19), and for the lobby's last words. */
export const GUEST_PROBLEMS: Record<string, GuestProblem> = {
  guest_link_invalid: {
    title: 'This link doesn’t work',
    text: `It was revoked, or it is not complete (check that you copied all of it). ${ASK}`,
  },
  guest_link_expired: { title: 'This link has expired', text: ASK },
  guest_link_full: {
    title: 'This link has been used up',
    text: `As many guests as it allows have already joined with it. ${ASK}`,
  },
  guests_disabled: {
    title: 'Guests can’t join this call',
    text: 'Guest access is turned off for this room. Ask the person who invited you.',
  },
  call_ended: {
    title: 'The call isn’t on right now',
    text: 'Nobody is in the call at the moment: it has not started yet, or it has ended. Keep this page open and check again once it starts.',
    retry: true,
  },
  denied: {
    title: 'You were not let in',
    text: 'Someone in the call declined your request to join.',
  },
  ended: { title: 'The call has ended', text: 'Thank you for joining. You can close this page.' },
  left: { title: 'You left the call', text: 'You can join again while the call goes on.' },
  rate_limited: {
    title: 'Too many tries',
    text: 'Wait a few minutes, then open the link again.',
    retry: true,
  },
};

/** The page for `code`, or null when it is not one of them (the caller shows the server's message). */
export function guestProblem(code: string): GuestProblem | null {
  return GUEST_PROBLEMS[code] ?? null;
}
