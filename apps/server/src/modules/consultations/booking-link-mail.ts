import type { Locale } from '@parley/shared';
import { formatClock, formatUtc, formatWallTime, translator } from '../../i18n/index.js';
import type { MailMessage } from '../../mail/mailer.js';

/**
 * The e-mails that carry a personal link (issue 19) for the public booking page and for third
 * participants: plain text with an HTML alternative in the recipient's language (issue 21), times in
 * the recipient's zone (when known) and in UTC, in the style of the reminders.
 */

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** `Tuesday 1 December 2026, 09:00–09:50 (Europe/Berlin)`, or null for UTC or an unknown zone. */
export function localTimes(
  startMs: number,
  endMs: number,
  zone: string | null,
  locale: Locale = 'en',
): string | null {
  if (zone === null || zone === 'UTC') return null;
  const start = formatWallTime(startMs, locale, zone);
  if (start === null) return null;
  return `${start}–${formatClock(endMs, locale, zone)} (${zone})`;
}

function message(input: {
  to: string;
  locale: Locale;
  subject: string;
  greeting: string;
  paragraphs: string[];
  link: { label: string; url: string };
  after: string[];
}): MailMessage {
  const signature = translator(input.locale).t('mail.signature', { name: 'Parley' });
  const text = [
    input.greeting,
    '',
    ...input.paragraphs.flatMap((p) => [p, '']),
    `${input.link.label}: ${input.link.url}`,
    '',
    ...input.after.flatMap((p) => [p, '']),
    signature,
    '',
  ].join('\n');
  const html = [
    `<p>${escapeHtml(input.greeting)}</p>`,
    ...input.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    `<p><a href="${escapeHtml(input.link.url)}">${escapeHtml(input.link.label)}</a></p>`,
    ...input.after.map((p) => `<p>${escapeHtml(p)}</p>`),
    `<p>${escapeHtml(signature)}</p>`,
  ].join('\n');
  return { to: input.to, subject: input.subject, text, html, language: input.locale };
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
  /** The language the visitor booked in. */
  locale: Locale;
}): MailMessage {
  const { t } = translator(input.locale);
  const local = localTimes(input.startMs, input.endMs, input.zone, input.locale);
  const utc = formatUtc(input.startMs, input.locale);
  const when = local ? t('mail.publicHold.whenLocal', { utc, local }) : t('mail.publicHold.when', { utc });
  return message({
    to: input.to,
    locale: input.locale,
    subject: t('mail.publicHold.subject', { provider: input.providerName }),
    greeting: t('mail.publicHold.greeting', { name: input.name }),
    paragraphs: [
      t('mail.publicHold.asked', { provider: input.providerName, when }),
      t('mail.publicHold.held', { until: formatUtc(input.heldUntilMs, input.locale) }),
    ],
    link: { label: t('mail.publicHold.link'), url: input.link },
    after: [t('mail.publicHold.sameLink'), t('mail.publicHold.ignore')],
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
  locale: Locale;
}): MailMessage {
  const { t } = translator(input.locale);
  return message({
    to: input.to,
    locale: input.locale,
    subject: t('mail.participantInvite.subject', { provider: input.providerName }),
    greeting: t('mail.participantInvite.greeting', { name: input.name }),
    paragraphs: [
      t('mail.participantInvite.invited', {
        client: input.clientName,
        provider: input.providerName,
        start: formatUtc(input.startMs, input.locale),
      }),
      t('mail.participantInvite.opens', { opens: formatUtc(input.opensMs, input.locale) }),
    ],
    link: { label: t('mail.participantInvite.link'), url: input.link },
    after: [t('mail.participantInvite.personal')],
  });
}
