import type { ConsultationsSettings, ConsultationStatus } from '@parley/shared';
import type { UnitOfWork } from '../../db/unit-of-work.js';
import type { SessionRepositories } from './session-presence.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { purgeRoom } from '../chat/index.js';
import type { ConsultationPatch, ConsultationRow } from './consultations.repository.js';
import { consultationEvents } from './consultations.events.js';
import { expireOne, SWEEP_BATCH } from './holds.js';
import { joinWindow } from './join-window.js';
import type { ReminderMail } from './reminder-mail.js';

/** A consultation both parties have left finishes this long after the last one went (a reload is not the end). */
export const EMPTY_GRACE_MS = 60_000;
/** Rows looked at per kind and pass; the rest wait for the next pass. */
const BATCH = 200;
/** A claimed purge not finished within this (a node stopped) is due again. */
const PURGE_LEASE_MS = 10 * 60_000;
const DAY_MS = 86_400_000;

export interface SweeperDependencies {
  uow: UnitOfWork<SessionRepositories>;
  settings: () => Promise<ConsultationsSettings>;
  clock: Clock;
  /** Null without SMTP_URL: reminders only in the app (the emails go out from the events' handler). */
  reminderMail: ReminderMail | null;
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
 * - **Holds** (`expireHolds`): holds and provider proposals past their time expire (their claims
 *   released), lapsed proposed new times are dropped.
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
  constructor(private readonly deps: SweeperDependencies) {}

  private nowMs(): number {
    return this.deps.clock.now().getTime();
  }

  /** No-shows, finishing and reminders: one pass. Returns how many consultations it acted on. */
  async sweep(): Promise<number> {
    const settings = await this.deps.settings();
    return (await this.endDue(settings)) + (await this.remind(settings));
  }

  /**
   * Holds and provider proposals past their time expire, lapsed proposed new times are dropped (every
   * 5 s). Each in its own transaction, claimed by the conditional update, so two nodes or a repeated
   * pass act once. Returns how many changed.
   */
  async expireHolds(): Promise<number> {
    const nowIso = new Date(this.nowMs()).toISOString();
    const stale = await this.deps.uow.repos.consultations.stale(nowIso, SWEEP_BATCH);
    if (stale.length === 0) return 0;
    const timing = await this.deps.settings();
    let changed = 0;
    for (const row of stale) {
      if (await this.deps.uow.run((tx) => expireOne(tx, row, nowIso, timing))) changed++;
    }
    return changed;
  }

  /** Purges the chats whose retention ran out (and gives ended consultations their purge time). */
  async sweepRetention(): Promise<number> {
    const settings = await this.deps.settings();
    const sessions = this.deps.uow.repos.consultationSessions;
    for (const row of await sessions.endedWithoutPurgeTime(BATCH)) {
      await sessions.setPurgeTime(row.id, purgeTime(row.ended_at!, settings));
    }
    let handled = 0;
    const nowMs = this.nowMs();
    const nowIso = new Date(nowMs).toISOString();
    for (const row of await sessions.duePurges(nowIso, BATCH)) {
      const lease = new Date(nowMs + PURGE_LEASE_MS).toISOString();
      if (!(await sessions.leasePurge(row.id, row.purge_at!, lease))) continue;
      // The purge, its record and the end of the lease commit together (or not at all).
      const done = await this.deps.uow.run(async (tx) => {
        if (!(await tx.consultationSessions.finishPurge(row.id, lease, nowIso))) return false;
        const erased = row.room_id === null ? 0 : await purgeRoom(tx, row.room_id);
        await tx.consultationSessions.recordPurge({
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
   * Resolves once the reminder emails handed to the mailer so far were delivered or failed (tests,
   * shutdown), or after `maxWaitMs` at the latest.
   */
  async mailSettled(maxWaitMs = 5_000): Promise<void> {
    await this.deps.reminderMail?.settled(maxWaitMs);
  }

  // ——— no-shows and finishing ———

  private async endDue(settings: ConsultationsSettings): Promise<number> {
    const nowMs = this.nowMs();
    let handled = 0;
    const iso = (offsetMs: number) => new Date(nowMs - offsetMs).toISOString();
    const candidates = await this.deps.uow.repos.consultationSessions.endingCandidates(
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
    return this.deps.uow.run(async (tx) => {
      const ended = await tx.consultations.transition({
        id: row.id,
        from: row.status,
        to,
        by: null,
        at: nowIso,
        reason,
        version: Number(row.version),
        patch,
      });
      if (ended) tx.emit(consultationEvents.changed(row.id, settings, true));
      return ended;
    });
  }

  // ——— reminders ———

  private async remind(settings: ConsultationsSettings): Promise<number> {
    const offsets = [...new Set(settings.reminderOffsetsMinutes)].sort((a, b) => b - a);
    if (offsets.length === 0) return 0;
    const nowMs = this.nowMs();
    const nowIso = new Date(nowMs).toISOString();
    const sessions = this.deps.uow.repos.consultationSessions;
    const rows = await sessions.upcoming(nowIso, new Date(nowMs + offsets[0]! * 60_000).toISOString(), BATCH);
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
    const bookedAt = await sessions.scheduledAt(due.map((d) => d.row.id));
    let handled = 0;
    for (const { row, sent, pending } of due) {
      const startMs = Date.parse(row.start_at);
      const booked = Date.parse(bookedAt.get(row.id) ?? row.created_at);
      const nearest = Math.min(...pending);
      // A moment that had passed when the consultation was booked is not reminded of.
      const fire = startMs - nearest * 60_000 >= booked ? nearest : null;
      const handledNow = [...sent, ...pending.map((offset) => ({ offset, start: row.start_at }))];
      // The reminder (sockets, and emails after the commit) goes out only from the pass that claimed it.
      const claimed = await this.deps.uow.run(async (tx) => {
        const won = await tx.consultationSessions.claimReminders(
          row.id,
          Number(row.version),
          JSON.stringify(handledNow),
        );
        if (won && fire !== null) tx.emit(consultationEvents.reminder(row.id, fire, settings));
        return won;
      });
      if (claimed && fire !== null) handled++;
    }
    return handled;
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
