import type { Locale } from '@parley/shared';
import { formatUtc, formatWallTime, translator } from '../../i18n/index.js';
import type { MailMessage } from '../../mail/mailer.js';
import { buildIcs } from './ics.js';

const escapeHtml = (value: string): string =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/**
 * The e-mail a guest client gets with their personal link (issue 19), in the style of the reminders
 * and in the guest's language (issue 21): plain text and the same words as HTML, the time in the
 * provider's zone and in UTC (the link's page shows it in the guest's own), and the calendar file
 * attached, its summary and description in the same language.
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
  locale: Locale;
}): MailMessage {
  const { locale } = input;
  const { t } = translator(locale);
  const local = input.timezone !== 'UTC' ? formatWallTime(input.startMs, locale, input.timezone) : null;
  const utc = formatUtc(input.startMs, locale);
  const when = local ? t('mail.guestInvite.whenLocal', { local, zone: input.timezone, utc }) : utc;
  const minutes = Math.round((input.endMs - input.startMs) / 60_000);
  const provider = input.providerName;
  const paragraphs = {
    greeting: t('mail.guestInvite.greeting', { name: input.guestName }),
    what: input.proposed
      ? t('mail.guestInvite.proposed', { provider, minutes, when })
      : t('mail.guestInvite.booked', { provider, minutes, when }),
    how: t(input.proposed ? 'mail.guestInvite.howProposed' : 'mail.guestInvite.howBooked'),
    personal: t('mail.guestInvite.personal', { until: formatUtc(input.expiresMs, locale) }),
    calendar: t('mail.guestInvite.calendar'),
    ignore: t('mail.guestInvite.ignore', { provider }),
  };
  const signature = t('mail.signature', { name: input.workspaceName });
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
    signature,
    '',
  ].join('\n');
  const p = (value: string) => `<p>${escapeHtml(value)}</p>`;
  const html = [
    '<!doctype html>',
    `<html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(t('mail.guestInvite.title'))}</title></head>`,
    '<body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1a1a1a">',
    p(paragraphs.greeting),
    p(paragraphs.what),
    p(paragraphs.how),
    `<p><a href="${escapeHtml(input.link)}" style="display: inline-block; padding: 0.6em 1.2em; background: #1d4ed8; color: #ffffff; border-radius: 6px; text-decoration: none">${escapeHtml(t('mail.guestInvite.button'))}</a></p>`,
    `<p style="font-size: 0.9em">${escapeHtml(t('mail.copyLink', { link: input.link }))}</p>`,
    p(paragraphs.personal),
    p(paragraphs.calendar),
    p(paragraphs.ignore),
    p(signature),
    '</body></html>',
    '',
  ].join('\n');
  const ics = buildIcs({
    id: input.consultationId,
    sequence: input.sequence,
    start: new Date(input.startMs).toISOString(),
    end: new Date(input.endMs).toISOString(),
    stamp: new Date(input.nowMs).toISOString(),
    summary: t('ics.summary', { other: provider }),
    description: t('ics.descriptionGuest', { provider, link: input.link }),
    url: input.link,
    status: input.proposed ? 'TENTATIVE' : 'CONFIRMED',
    language: locale,
  });
  // The date alone: `1 December 2026`, `1 грудня 2026 р.`, `1. Dezember 2026`.
  const date = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(input.startMs);
  return {
    to: input.to,
    subject: input.proposed
      ? t('mail.guestInvite.subjectProposed', { provider, date })
      : t('mail.guestInvite.subjectBooked', { provider }),
    text,
    html,
    language: locale,
    attachments: [
      {
        filename: 'consultation.ics',
        content: ics,
        contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
      },
    ],
  };
}
