import type { ConsultationRole, Locale } from '@parley/shared';
import { IANAZone } from 'luxon';
import { formatClock, formatMinutes, formatUtc, recipientLocale, translator } from '../../i18n/index.js';
import type { Clock } from '../../lib/clock.js';
import type { MailMessage, Mailer } from '../../mail/mailer.js';
import type { Contact } from './consultation-session.repository.js';
import type { ConsultationDetail } from './consultations.repository.js';
import type { ConsultationTiming } from './consultations.presenter.js';
import { joinWindow } from './join-window.js';

export interface ReminderMailDependencies {
  mailer: Mailer;
  clock: Clock;
  /** Where this Parley is reached: the link to the consultation. */
  publicUrl: string;
  log: { warn(obj: object, msg: string): void };
}

/**
 * Reminder emails, one to each party with an address (after the reminder's claim committed): handed
 * to the mailer without holding up the timers, so a slow SMTP server stalls nothing.
 */
export class ReminderMail {
  private readonly mailing = new Set<Promise<void>>();

  constructor(private readonly deps: ReminderMailDependencies) {}

  send(input: {
    detail: ConsultationDetail;
    startsIn: number;
    timing: ConsultationTiming;
    contacts: Contact[];
    /** The provider's timezone, for their own copy. */
    timezone: string | null;
  }): void {
    const { detail, timing } = input;
    const { row } = detail;
    const contacts = new Map(input.contacts.map((c) => [c.id, c]));
    const clientName = row.client_nickname ?? detail.client.display_name;
    const parties: { role: ConsultationRole; userId: string; other: string }[] = [
      { role: 'provider', userId: row.provider_id, other: clientName },
      { role: 'client', userId: row.client_id, other: detail.provider.display_name },
    ];
    for (const party of parties) {
      const contact = contacts.get(party.userId);
      if (!contact?.email || Number(contact.active) !== 1) continue;
      const email = reminderEmail({
        to: contact.email,
        recipientName: contact.display_name,
        otherName: party.other,
        startMs: Date.parse(row.start_at),
        endMs: Date.parse(row.end_at),
        nowMs: this.deps.clock.now().getTime(),
        opensMs: joinWindow(row, timing).opensMs,
        // A guest has no sign-in: their personal link (never stored, only its hash) opens it.
        link: Number(contact.guest) === 1 ? null : `${this.deps.publicUrl}/consultations/${row.id}`,
        timezone: party.role === 'provider' ? input.timezone : null,
        locale: recipientLocale(contact.locale),
      });
      this.deliver(email, row.id);
    }
  }

  /**
   * Resolves once the emails handed to the mailer so far were delivered or failed (tests, shutdown),
   * or after `maxWaitMs` at the latest.
   */
  async settled(maxWaitMs = 5_000): Promise<void> {
    // Real elapsed time (a bound on waiting for I/O), not the injected clock: a test's clock stands still.
    const deadline = performance.now() + maxWaitMs;
    while (this.mailing.size > 0 && performance.now() < deadline) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...this.mailing]),
        new Promise((resolve) => (timer = setTimeout(resolve, deadline - performance.now()))),
      ]);
      clearTimeout(timer);
    }
  }

  private deliver(message: MailMessage, consultationId: string): void {
    const sending = this.deps.mailer
      .send(message)
      .catch((err: unknown) =>
        this.deps.log.warn({ err, consultationId }, 'a consultation reminder email could not be sent'),
      )
      .finally(() => this.mailing.delete(sending));
    this.mailing.add(sending);
  }
}

/**
 * A reminder email in the recipient's language (issue 21). The recipient's timezone is unknown for
 * clients, so times are in UTC with a link to the consultation (where the browser shows local time);
 * a provider also gets their own timezone's time.
 */
export function reminderEmail(input: {
  to: string;
  recipientName: string;
  otherName: string;
  startMs: number;
  endMs: number;
  nowMs: number;
  opensMs: number;
  /** Null for a guest client (issue 19), who opens it with the personal link of their invitation. */
  link: string | null;
  timezone: string | null;
  locale: Locale;
}): MailMessage {
  const { locale } = input;
  const { t } = translator(locale);
  const left = formatMinutes(Math.round((input.startMs - input.nowMs) / 60_000), locale);
  const zone =
    input.timezone && input.timezone !== 'UTC' && IANAZone.isValidZone(input.timezone)
      ? input.timezone
      : null;
  const local = zone
    ? t('mail.reminder.localTime', { time: formatClock(input.startMs, locale, zone), zone })
    : '';
  const other = input.otherName;
  return {
    to: input.to,
    subject: t('mail.reminder.subject', { other, left }),
    text: [
      t('mail.reminder.greeting', { name: input.recipientName }),
      '',
      t('mail.reminder.body', {
        other,
        left,
        start: formatUtc(input.startMs, locale),
        local,
        end: formatClock(input.endMs, locale, 'UTC'),
      }),
      '',
      input.link === null
        ? t('mail.reminder.guestLink', { other })
        : t('mail.reminder.link', { link: input.link }),
      t('mail.reminder.opens', { opens: formatUtc(input.opensMs, locale) }),
      '',
      t('mail.signature', { name: 'Parley' }),
      '',
    ].join('\n'),
    language: locale,
  };
}
