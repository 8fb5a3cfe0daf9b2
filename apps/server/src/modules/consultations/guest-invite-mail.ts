import { DateTime } from 'luxon';
import type { MailMessage } from '../../mail/mailer.js';
import { buildIcs } from './ics.js';
import { formatUtc } from './join-window.js';

const escapeHtml = (value: string): string =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** `Tuesday 1 December 2026, 10:00` in `zone`, or null when the zone is unknown. */
function wallTime(ms: number, zone: string): string | null {
  const time = DateTime.fromMillis(ms, { zone });
  return time.isValid ? time.setLocale('en-GB').toFormat('cccc d LLLL yyyy, HH:mm') : null;
}

/**
 * The e-mail a guest client gets with their personal link (issue 19), in the style of the reminders:
 * plain text and the same words as HTML, the time in the provider's zone and in UTC (the link's page
 * shows it in the guest's own), and the calendar file attached.
 */
export function guestInviteEmail(input: {
  to: string;
  guestName: string;
  providerName: string;
  workspaceName: string;
  consultationId: string;
  /** The calendar event's version: how many times the consultation moved. */
  sequence: number;
  startMs: number;
  endMs: number;
  /** The provider's IANA zone. */
  timezone: string;
  /** Whether the guest still has to accept (a proposal) or it is already booked. */
  proposed: boolean;
  link: string;
  expiresMs: number;
  nowMs: number;
}): MailMessage {
  const local = input.timezone !== 'UTC' ? wallTime(input.startMs, input.timezone) : null;
  const when = local
    ? `${local} (${input.timezone} time), that is ${formatUtc(input.startMs)}`
    : formatUtc(input.startMs);
  const minutes = Math.round((input.endMs - input.startMs) / 60_000);
  const paragraphs = {
    greeting: `Hello ${input.guestName},`,
    what: input.proposed
      ? `${input.providerName} proposes a consultation with you (${minutes} minutes) on ${when}.`
      : `Your consultation with ${input.providerName} (${minutes} minutes) is on ${when}.`,
    how: input.proposed
      ? 'Open your personal link to accept or decline it, see the time in your own time zone, and join the video call on the day. You do not need an account:'
      : 'Open your personal link to see the time in your own time zone and join the video call on the day. You do not need an account:',
    personal: `The link is yours alone: whoever has it can act as you in this consultation. It works until ${formatUtc(input.expiresMs)}.`,
    calendar: 'The attached calendar file puts the consultation in your calendar.',
    ignore: `If you do not know ${input.providerName}, you can ignore this e-mail.`,
  };
  const text = [
    paragraphs.greeting,
    '',
    paragraphs.what,
    '',
    paragraphs.how,
    input.link,
    '',
    paragraphs.personal,
    paragraphs.calendar,
    '',
    paragraphs.ignore,
    '',
    `— ${input.workspaceName}`,
    '',
  ].join('\n');
  const p = (value: string) => `<p>${escapeHtml(value)}</p>`;
  const html = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><title>Your consultation</title></head>',
    '<body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1a1a1a">',
    p(paragraphs.greeting),
    p(paragraphs.what),
    p(paragraphs.how),
    `<p><a href="${escapeHtml(input.link)}" style="display: inline-block; padding: 0.6em 1.2em; background: #1d4ed8; color: #ffffff; border-radius: 6px; text-decoration: none">Open my consultation</a></p>`,
    `<p style="font-size: 0.9em">Or copy this address into your browser: ${escapeHtml(input.link)}</p>`,
    p(paragraphs.personal),
    p(paragraphs.calendar),
    p(paragraphs.ignore),
    p(`— ${input.workspaceName}`),
    '</body></html>',
    '',
  ].join('\n');
  const ics = buildIcs({
    id: input.consultationId,
    sequence: input.sequence,
    start: new Date(input.startMs).toISOString(),
    end: new Date(input.endMs).toISOString(),
    stamp: new Date(input.nowMs).toISOString(),
    summary: `Consultation with ${input.providerName}`,
    description: `Your consultation with ${input.providerName}. Open it with your personal link: ${input.link}`,
    url: input.link,
    status: input.proposed ? 'TENTATIVE' : 'CONFIRMED',
  });
  return {
    to: input.to,
    subject: input.proposed
      ? `${input.providerName} proposes a consultation on ${formatUtc(input.startMs).replace(/^.* UTC on /, '')}`
      : `Your consultation with ${input.providerName}`,
    text,
    html,
    attachments: [
      {
        filename: 'consultation.ics',
        content: ics,
        contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
      },
    ],
  };
}
