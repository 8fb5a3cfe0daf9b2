import { DateTime } from 'luxon';
import type { MailMessage } from '../../mail/mailer.js';
import { formatUtc } from './join-window.js';

/**
 * The e-mails that carry a personal link (issue 19) for the public booking page and for third
 * participants: plain text with an HTML alternative, times in the recipient's zone (when known) and
 * in UTC, in the style of the reminders.
 */

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** `Tuesday 1 December 2026, 09:00–09:50 (Europe/Berlin)`, or null for UTC or an unknown zone. */
export function localTimes(startMs: number, endMs: number, zone: string | null): string | null {
  if (zone === null || zone === 'UTC') return null;
  const start = DateTime.fromMillis(startMs, { zone });
  const end = DateTime.fromMillis(endMs, { zone });
  if (!start.isValid || !end.isValid) return null;
  return `${start.setLocale('en-GB').toFormat('cccc d LLLL yyyy, HH:mm')}–${end.toFormat('HH:mm')} (${zone})`;
}

function message(input: {
  to: string;
  subject: string;
  greeting: string;
  paragraphs: string[];
  link: { label: string; url: string };
  after: string[];
}): MailMessage {
  const text = [
    input.greeting,
    '',
    ...input.paragraphs.flatMap((p) => [p, '']),
    `${input.link.label}: ${input.link.url}`,
    '',
    ...input.after.flatMap((p) => [p, '']),
    '— Parley',
    '',
  ].join('\n');
  const html = [
    `<p>${escapeHtml(input.greeting)}</p>`,
    ...input.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    `<p><a href="${escapeHtml(input.link.url)}">${escapeHtml(input.link.label)}</a></p>`,
    ...input.after.map((p) => `<p>${escapeHtml(p)}</p>`),
    '<p>— Parley</p>',
  ].join('\n');
  return { to: input.to, subject: input.subject, text, html };
}

/** A public booking page's hold: the link confirms it before `heldUntilMs`. */
export function publicHoldEmail(input: {
  to: string;
  name: string;
  providerName: string;
  startMs: number;
  endMs: number;
  heldUntilMs: number;
  zone: string | null;
  link: string;
}): MailMessage {
  const local = localTimes(input.startMs, input.endMs, input.zone);
  const when = `${formatUtc(input.startMs)}${local ? `, that is ${local} for you` : ''}`;
  return message({
    to: input.to,
    subject: `Confirm your consultation with ${input.providerName}`,
    greeting: `Hello ${input.name},`,
    paragraphs: [
      `You asked for a consultation with ${input.providerName} at ${when}.`,
      `The time is held for you until ${formatUtc(input.heldUntilMs)}. Open the link below and confirm it before then; otherwise the time is released.`,
    ],
    link: { label: 'Confirm your consultation', url: input.link },
    after: [
      'The same link brings you to the consultation on the day. Keep it to yourself: whoever has it can join as you.',
      'If you did not ask for this, ignore this e-mail.',
    ],
  });
}

/** A third participant's personal link into a consultation the client let them join. */
export function participantInviteEmail(input: {
  to: string;
  name: string;
  providerName: string;
  clientName: string;
  startMs: number;
  endMs: number;
  opensMs: number;
  link: string;
}): MailMessage {
  return message({
    to: input.to,
    subject: `You are invited to a consultation with ${input.providerName}`,
    greeting: `Hello ${input.name},`,
    paragraphs: [
      `${input.clientName} invited you to join their consultation with ${input.providerName} at ${formatUtc(input.startMs)} (the link shows the time in your own zone).`,
      `You can join from ${formatUtc(input.opensMs)}.`,
    ],
    link: { label: 'Open the consultation', url: input.link },
    after: ['This link is personal: whoever has it can join as you.'],
  });
}
