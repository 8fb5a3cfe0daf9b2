import type { ConsultationRole, ConsultationsSettings, ConsultationStatus } from '@parley/shared';
import { DateTime } from 'luxon';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { MailMessage, Mailer } from '../../mail/mailer.js';
import type { RealtimePort } from '../../realtime/realtime.port.js';
import type { MessagesService } from '../chat/index.js';
import type { ConsultationPatch, ConsultationRow } from './consultations.repository.js';
import { presentConsultation } from './consultations.presenter.js';
import type { SessionStore } from './session.repository.js';
import { formatUtc, joinWindow, type ConsultationSessionService } from './session.service.js';

/** A consultation both parties have left finishes this long after the last one went (a reload is not the end). */
export const EMPTY_GRACE_MS = 60_000;
/** Rows looked at per kind and pass; the rest wait for the next pass. */
const BATCH = 200;
/** A claimed purge not finished within this (a node stopped) is due again. */
const PURGE_LEASE_MS = 10 * 60_000;
const DAY_MS = 86_400_000;

export interface SweeperDependencies {
  store: SessionStore;
  session: ConsultationSessionService;
  messages: MessagesService;
  settings: () => Promise<ConsultationsSettings>;
  realtime: RealtimePort;
  clock: Clock;
  /** Null without SMTP_URL: reminders only in the app. */
  mailer: Mailer | null;
  publicUrl: string;
  log: { warn(obj: object, msg: string): void };
}

/** A reminder offset handled for one start time (a rescheduled consultation is reminded afresh). */
interface SentReminder {
  offset: number;
  start: string;
}

/**
 * The consultation timers, all read from rows so a restart neither loses nor repeats them, each
 * claimed by a conditional update so two nodes never both act:
 *
 * - **No-shows** (`sweep`): `noShowMinutes` after the start (or when the join window closes, if that
 *   is sooner), a scheduled or active consultation one party never joined ends as
 *   `no_show_provider` when the provider never joined (nobody at all counts as the provider's
 *   no-show: the client cannot be expected to wait in an empty room), else `no_show_client`.
 * - **Finishing**: an active consultation ends `finished` at its end plus the grace, or a minute after
 *   both parties (who both joined) left.
 * - **Reminders**: at each of `reminderOffsetsMinutes` before the start of a scheduled consultation,
 *   `reminder` to both parties' sockets and an email to each party with an address when a mailer is
 *   configured; each offset once per start time, and none whose moment had already passed when the
 *   consultation was booked at that time. A pass that finds several due (the server was down) sends
 *   only the nearest.
 * - **Retention** (`sweepRetention`, hourly): an ended consultation's chat is purged `retentionDays`
 *   after it ended, and the purge recorded.
 */
export class ConsultationsSweeper {
  private readonly mailing = new Set<Promise<void>>();

  constructor(private readonly deps: SweeperDependencies) {}

  private nowMs(): number {
    return this.deps.clock.now().getTime();
  }

  /** No-shows, finishing and reminders: one pass. Returns how many consultations it acted on. */
  async sweep(): Promise<number> {
    const settings = await this.deps.settings();
    return (await this.endDue(settings)) + (await this.remind(settings));
  }

  /** Purges the chats whose retention ran out (and gives ended consultations their purge time). */
  async sweepRetention(): Promise<number> {
    const settings = await this.deps.settings();
    const { session } = this.deps.store;
    for (const row of await session.endedWithoutPurgeTime(BATCH)) {
      await session.setPurgeTime(row.id, purgeTime(row.ended_at!, settings));
    }
    let handled = 0;
    const nowMs = this.nowMs();
    const nowIso = new Date(nowMs).toISOString();
    for (const row of await session.duePurges(nowIso, BATCH)) {
      const lease = new Date(nowMs + PURGE_LEASE_MS).toISOString();
      if (!(await session.leasePurge(row.id, row.purge_at!, lease))) continue;
      const erased = row.room_id === null ? 0 : await this.deps.messages.purgeRoom(row.room_id);
      const done = await this.deps.store.transaction(async (tx) => {
        if (!(await tx.session.finishPurge(row.id, lease, nowIso))) return false;
        await tx.session.recordPurge({
          id: newId(nowMs),
          consultation_id: row.id,
          reason: 'retention',
          by_user_id: null,
          messages: erased,
          at: nowIso,
        });
        return true;
      });
      if (done) handled++;
    }
    return handled;
  }

  /**
   * Resolves once the emails handed to the mailer so far were delivered or failed (tests, shutdown),
   * or after `maxWaitMs` at the latest.
   */
  async mailSettled(maxWaitMs = 5_000): Promise<void> {
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

  // ——— no-shows and finishing ———

  private async endDue(settings: ConsultationsSettings): Promise<number> {
    const nowMs = this.nowMs();
    let handled = 0;
    const iso = (offsetMs: number) => new Date(nowMs - offsetMs).toISOString();
    const candidates = await this.deps.store.session.endingCandidates(
      {
        nowIso: iso(0),
        noShowBefore: iso(settings.noShowMinutes * 60_000),
        closedBefore: iso(settings.graceMinutes * 60_000),
        emptyBefore: iso(EMPTY_GRACE_MS),
      },
      BATCH,
    );
    for (const row of candidates) {
      const outcome = dueEnding(row, settings, nowMs);
      if (outcome && (await this.end(row, outcome.to, outcome.reason, settings))) handled++;
    }
    return handled;
  }

  /** Ends a consultation as read (same status and version, or nothing happens) and tells both parties. */
  private async end(
    row: ConsultationRow,
    to: ConsultationStatus,
    reason: string,
    settings: ConsultationsSettings,
  ): Promise<boolean> {
    const nowIso = new Date(this.nowMs()).toISOString();
    const patch: ConsultationPatch = {
      provider_in_call: 0,
      client_in_call: 0,
      purge_at: purgeTime(nowIso, settings),
    };
    // Whoever was still counted in has left now.
    if (Number(row.provider_in_call) === 1) patch.provider_left_at = nowIso;
    if (Number(row.client_in_call) === 1) patch.client_left_at = nowIso;
    const ended = await this.deps.store.transaction((tx) =>
      tx.consultations.transition({
        id: row.id,
        from: row.status,
        to,
        by: null,
        at: nowIso,
        reason,
        version: Number(row.version),
        patch,
      }),
    );
    if (!ended) return false;
    await this.deps.session.announce(row.id, settings, true);
    return true;
  }

  // ——— reminders ———

  private async remind(settings: ConsultationsSettings): Promise<number> {
    const offsets = [...new Set(settings.reminderOffsetsMinutes)].sort((a, b) => b - a);
    if (offsets.length === 0) return 0;
    const nowMs = this.nowMs();
    const nowIso = new Date(nowMs).toISOString();
    const rows = await this.deps.store.session.upcoming(
      nowIso,
      new Date(nowMs + offsets[0]! * 60_000).toISOString(),
      BATCH,
    );
    const due = rows
      .map((row) => {
        const startMs = Date.parse(row.start_at);
        const sent = sentFor(row);
        const pending = offsets.filter(
          (o) => startMs - o * 60_000 <= nowMs && !sent.some((s) => s.offset === o),
        );
        return { row, sent, pending };
      })
      .filter((d) => d.pending.length > 0);
    if (due.length === 0) return 0;
    const bookedAt = await this.deps.store.session.scheduledAt(due.map((d) => d.row.id));
    let handled = 0;
    for (const { row, sent, pending } of due) {
      const startMs = Date.parse(row.start_at);
      const booked = Date.parse(bookedAt.get(row.id) ?? row.created_at);
      const nearest = Math.min(...pending);
      // A moment that had passed when the consultation was booked is not reminded of.
      const fire = startMs - nearest * 60_000 >= booked ? nearest : null;
      const handledNow = [...sent, ...pending.map((offset) => ({ offset, start: row.start_at }))];
      if (
        !(await this.deps.store.session.claimReminders(
          row.id,
          Number(row.version),
          JSON.stringify(handledNow),
        ))
      ) {
        continue;
      }
      if (fire === null) continue;
      await this.sendReminder(row.id, fire, settings);
      handled++;
    }
    return handled;
  }

  private async sendReminder(id: string, offset: number, settings: ConsultationsSettings): Promise<void> {
    const detail = await this.deps.store.consultations.detail(id);
    if (!detail) return;
    const { row } = detail;
    for (const userId of new Set([row.provider_id, row.client_id])) {
      this.deps.realtime.toUser(userId, 'reminder', {
        consultation: presentConsultation(detail, userId, settings),
        startsIn: offset,
      });
    }
    const mailer = this.deps.mailer;
    if (!mailer) return;
    const contacts = new Map(
      (await this.deps.store.session.contacts([row.provider_id, row.client_id])).map((c) => [c.id, c]),
    );
    const timezone = await this.deps.store.session.providerTimezone(row.provider_id);
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
        nowMs: this.nowMs(),
        opensMs: joinWindow(row, settings).opensMs,
        link: `${this.deps.publicUrl}/consultations/${row.id}`,
        timezone: party.role === 'provider' ? timezone : null,
      });
      this.deliver(mailer, email, row.id);
    }
  }

  /** Hands an email to the mailer without holding up the timers (a slow SMTP server stalls nothing). */
  private deliver(mailer: Mailer, message: MailMessage, consultationId: string): void {
    const sending = mailer
      .send(message)
      .catch((err: unknown) =>
        this.deps.log.warn({ err, consultationId }, 'a consultation reminder email could not be sent'),
      )
      .finally(() => this.mailing.delete(sending));
    this.mailing.add(sending);
  }
}

/** What ends a started consultation now, if anything (see the class comment). */
export function dueEnding(
  row: ConsultationRow,
  settings: ConsultationsSettings,
  nowMs: number,
): { to: ConsultationStatus; reason: string } | null {
  const startMs = Date.parse(row.start_at);
  const { closesMs } = joinWindow(row, settings);
  const noShowMs = Math.min(startMs + settings.noShowMinutes * 60_000, closesMs);
  if (nowMs >= noShowMs && row.provider_joined_at === null) {
    return { to: 'no_show_provider', reason: 'no_show' };
  }
  if (nowMs >= noShowMs && row.client_joined_at === null) return { to: 'no_show_client', reason: 'no_show' };
  if (row.status !== 'active') return null;
  if (nowMs >= closesMs) return { to: 'finished', reason: 'time_up' };
  const bothGone =
    Number(row.provider_in_call) === 0 &&
    Number(row.client_in_call) === 0 &&
    row.provider_left_at !== null &&
    row.client_left_at !== null;
  if (
    bothGone &&
    nowMs >= Math.max(Date.parse(row.provider_left_at!), Date.parse(row.client_left_at!)) + EMPTY_GRACE_MS
  ) {
    return { to: 'finished', reason: 'both_left' };
  }
  return null;
}

function purgeTime(endedIso: string, settings: ConsultationsSettings): string {
  return new Date(Date.parse(endedIso) + settings.retentionDays * DAY_MS).toISOString();
}

/** The reminders already handled for the consultation's current start (bare numbers count as such). */
function sentFor(row: ConsultationRow): SentReminder[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(row.reminders_sent);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed
    .map((e: unknown): SentReminder | null =>
      typeof e === 'number'
        ? { offset: e, start: row.start_at }
        : typeof e === 'object' && e !== null && typeof (e as SentReminder).offset === 'number'
          ? { offset: (e as SentReminder).offset, start: String((e as SentReminder).start) }
          : null,
    )
    .filter((e): e is SentReminder => e !== null && e.start === row.start_at);
}

/** `15 minutes`, `1 hour`, `24 hours`, `2 days`, `1 hour 30 minutes`. */
export function formatMinutes(minutes: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (minutes < 60) return plural(Math.max(minutes, 1), 'minute');
  if (minutes >= 2 * 1440 && minutes % 1440 === 0) return plural(minutes / 1440, 'day');
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? plural(hours, 'hour') : `${plural(hours, 'hour')} ${plural(rest, 'minute')}`;
}

/**
 * A reminder email. The recipient's timezone is unknown for clients, so times are in UTC with a
 * link to the consultation (where the browser shows local time); a provider also gets their own
 * timezone's time.
 */
export function reminderEmail(input: {
  to: string;
  recipientName: string;
  otherName: string;
  startMs: number;
  endMs: number;
  nowMs: number;
  opensMs: number;
  link: string;
  timezone: string | null;
}): MailMessage {
  const left = formatMinutes(Math.round((input.startMs - input.nowMs) / 60_000));
  const local =
    input.timezone && input.timezone !== 'UTC'
      ? DateTime.fromMillis(input.startMs, { zone: input.timezone })
      : null;
  const localLine =
    local && local.isValid ? ` (${local.setLocale('en-GB').toFormat('HH:mm')} in ${input.timezone})` : '';
  const end = DateTime.fromMillis(input.endMs, { zone: 'utc' }).toFormat('HH:mm');
  return {
    to: input.to,
    subject: `Reminder: your consultation with ${input.otherName} starts in ${left}`,
    text: [
      `Hello ${input.recipientName},`,
      '',
      `Your consultation with ${input.otherName} starts in ${left}, at ${formatUtc(input.startMs)}${localLine}, and runs until ${end} UTC.`,
      '',
      `Open it in Parley: ${input.link}`,
      `You can join from ${formatUtc(input.opensMs)}.`,
      '',
      '— Parley',
      '',
    ].join('\n'),
  };
}
