import {
  AvailabilitySchema,
  DEFAULT_AVAILABILITY,
  type Availability,
  type HoursRange,
  type Provider,
  type ProviderProfileUpdate,
  type SlotsResponse,
} from '@parley/shared';
import { DateTime } from 'luxon';
import { Errors, type ErrorMessage } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import type { ProviderRecord, ProvidersRepository } from './providers.repository.js';
import { freeSlots, isValidZone, parseRange } from './slots.js';

/** At most this many days of slots per request. */
export const SLOTS_MAX_DAYS = 62;
/** Most providers in one answer. */
const LIST_LIMIT = 200;
/** Claims reach at most a session (240 min) plus a buffer (120 min) around a slot. */
const CLAIM_REACH_MS = 6 * 3_600_000;

const WEEKDAYS = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export interface ProvidersDependencies {
  repo: ProvidersRepository;
  /**
   * The provider's claimed 5-minute buckets in [fromIso, toIso), without lapsed holds (the
   * consultations' claims; wired in services.ts so this module does not read another's tables).
   */
  busy: (providerId: string, fromIso: string, toIso: string, nowIso: string) => Promise<string[]>;
  clock: Clock;
}

/** What booking needs of a provider. */
export interface BookableProvider {
  record: ProviderRecord;
  availability: Availability;
  /** The role held and the account active. */
  active: boolean;
  accepting: boolean;
}

const invalid = (path: string, { name, values }: ErrorMessage) => Errors.invalidField(path, name, values);

function parseList(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/** The stored availability; a row that does not parse (never written by this code) reads as the default. */
export function availabilityOf(record: ProviderRecord): Availability {
  try {
    const parsed = AvailabilitySchema.safeParse(JSON.parse(record.availability));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through
  }
  return { ...DEFAULT_AVAILABILITY, timezone: record.timezone, sessionMinutes: record.session_minutes };
}

export function presentProvider(record: ProviderRecord): Provider {
  return {
    id: record.user_id,
    username: record.username,
    displayName: record.display_name,
    avatarUrl: record.avatar_file ? `/avatars/${record.avatar_file}` : null,
    bio: record.bio,
    specialities: parseList(record.specialities),
    languages: parseList(record.languages),
    timezone: record.timezone,
    sessionMinutes: Number(record.session_minutes),
    accepting: Number(record.accepting) === 1,
  };
}

const isActive = (r: ProviderRecord) =>
  Number(r.active) === 1 && Number(r.is_provider) === 1 && Number(r.user_active) === 1;

/** Lowercase text a free-text search looks through (NFC, so composed and decomposed letters match). */
const fold = (s: string) => s.normalize('NFC').toLowerCase();

/** `de` finds `de-AT` and `de-AT` finds `de`: one tag is the other or a more specific form of it. */
function sameLanguage(a: string, b: string): boolean {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return x === y || x.startsWith(`${y}-`) || y.startsWith(`${x}-`);
}

/**
 * Sorted ranges that do not overlap (touching is fine), or a sentence naming the first overlap on
 * `where`: a weekday (1 Monday … 7 Sunday) or an exception's date.
 */
function checkRanges(ranges: HoursRange[], where: number | string): ErrorMessage | null {
  const sorted = [...ranges].sort((a, b) => a.start.localeCompare(b.start));
  for (let i = 1; i < sorted.length; i++) {
    const [prev, next] = [sorted[i - 1]!, sorted[i]!];
    if (next.start < prev.end) {
      const values = { start1: prev.start, end1: prev.end, start2: next.start, end2: next.end };
      return typeof where === 'number'
        ? { name: 'hoursOverlapWeekday', values: { ...values, weekday: WEEKDAYS[where]! } }
        : { name: 'hoursOverlapDate', values: { ...values, date: where } };
    }
  }
  return null;
}

/** Provider profiles, their availability and their free slots. */
export class ProvidersService {
  constructor(private readonly deps: ProvidersDependencies) {}

  private nowIso(): string {
    return this.deps.clock.now().toISOString();
  }

  /** Providers clients may book, by name/bio text, speciality and language. */
  async list(query: {
    q?: string | undefined;
    speciality?: string | undefined;
    language?: string | undefined;
  }) {
    const q = query.q ? fold(query.q.trim()) : '';
    const speciality = query.speciality ? fold(query.speciality.trim()) : '';
    const language = query.language?.trim() ?? '';
    // Filters on JSON lists run here, with Unicode case folding; the text search narrows in SQL first.
    const rows = await this.deps.repo.listVisible(q === '' ? undefined : q, LIST_LIMIT * 10);
    return rows
      .map(presentProvider)
      .filter((p) => speciality === '' || p.specialities.some((s) => fold(s) === speciality))
      .filter((p) => language === '' || p.languages.some((l) => sameLanguage(l, language)))
      .slice(0, LIST_LIMIT);
  }

  /** A provider's public profile; 404 for anyone who is not (or no longer) a provider. */
  async get(id: string): Promise<Provider> {
    const record = await this.deps.repo.find(id);
    if (!record || !isActive(record)) throw Errors.notFound('providerNotFound');
    return presentProvider(record);
  }

  /** My own profile (with my public booking switch); 404 when I am not a provider. */
  async me(userId: string): Promise<Provider> {
    const record = await this.mine(userId);
    return { ...presentProvider(record), publicBooking: Number(record.public_booking) === 1 };
  }

  async updateMe(userId: string, update: ProviderProfileUpdate): Promise<Provider> {
    const record = await this.mine(userId);
    // The first spelling of a speciality wins over later ones differing only in case.
    const specialities = update.specialities.filter(
      (s, i) => update.specialities.findIndex((t) => fold(t) === fold(s)) === i,
    );
    const languages = [...new Set(update.languages)];
    await this.deps.repo.updateProfile(
      userId,
      {
        bio: update.bio,
        specialities: JSON.stringify(specialities),
        languages: JSON.stringify(languages),
        search_text: fold(
          [record.display_name, record.username, ...specialities, ...languages, update.bio].join('\n'),
        ),
        accepting: update.accepting ? 1 : 0,
        ...(update.publicBooking === undefined ? {} : { public_booking: update.publicBooking ? 1 : 0 }),
      },
      this.nowIso(),
    );
    return this.me(userId);
  }

  async availability(userId: string): Promise<Availability> {
    return availabilityOf(await this.mine(userId));
  }

  /** Checks what the schema cannot (the zone exists, dates exist and appear once, no overlaps), then stores it sorted. */
  async setAvailability(userId: string, input: Availability): Promise<Availability> {
    await this.mine(userId);
    if (!isValidZone(input.timezone)) {
      throw invalid('timezone', { name: 'unknownTimezone', values: { zone: input.timezone } });
    }
    for (let day = 1; day <= 7; day++) {
      const problem = checkRanges(
        input.weekly.filter((w) => w.day === day),
        day,
      );
      if (problem) throw invalid('weekly', problem);
    }
    const seen = new Set<string>();
    for (const [i, exception] of input.exceptions.entries()) {
      if (!DateTime.fromISO(exception.date).isValid) {
        throw invalid(`exceptions.${i}.date`, { name: 'notACalendarDate', values: { date: exception.date } });
      }
      if (seen.has(exception.date)) {
        throw invalid(`exceptions.${i}.date`, { name: 'dateTwice', values: { date: exception.date } });
      }
      seen.add(exception.date);
      const problem = checkRanges(exception.hours, exception.date);
      if (problem) throw invalid(`exceptions.${i}.hours`, problem);
    }
    const byStart = (a: HoursRange, b: HoursRange) => a.start.localeCompare(b.start);
    const availability: Availability = {
      ...input,
      weekly: [...input.weekly].sort((a, b) => a.day - b.day || a.start.localeCompare(b.start)),
      exceptions: [...input.exceptions]
        .sort((a, b) => a.date.localeCompare(b.date))
        .map((e) => ({ date: e.date, hours: [...e.hours].sort(byStart) })),
    };
    await this.deps.repo.updateAvailability(
      userId,
      JSON.stringify(availability),
      availability.timezone,
      availability.sessionMinutes,
      this.nowIso(),
    );
    return availability;
  }

  /** Free slots of a provider in a range (at most SLOTS_MAX_DAYS), as UTC instants. */
  async slots(
    providerId: string,
    query: { from: string; to: string; tz?: string | undefined },
  ): Promise<SlotsResponse> {
    const record = await this.deps.repo.find(providerId);
    if (!record || !isActive(record)) throw Errors.notFound('providerNotFound');
    const range = parseRange(query.from, query.to, query.tz ?? 'UTC');
    if ('problem' in range) throw invalid(range.path, range.problem);
    if (range.toMs - range.fromMs > SLOTS_MAX_DAYS * 86_400_000) {
      throw invalid('to', { name: 'slotsRangeTooLong', values: { days: SLOTS_MAX_DAYS } });
    }
    const availability = availabilityOf(record);
    if (Number(record.accepting) !== 1) return { slots: [], timezone: availability.timezone };
    const now = this.deps.clock.now().getTime();
    const from = Math.max(range.fromMs, now);
    if (from >= range.toMs) return { slots: [], timezone: availability.timezone };
    const busy = await this.deps.busy(
      providerId,
      new Date(from - CLAIM_REACH_MS).toISOString(),
      new Date(range.toMs + CLAIM_REACH_MS).toISOString(),
      new Date(now).toISOString(),
    );
    return {
      slots: freeSlots({ availability, fromMs: from, toMs: range.toMs, nowMs: now, busy: new Set(busy) }),
      timezone: availability.timezone,
    };
  }

  /** For booking: the provider's availability and whether they take bookings; null for non-providers. */
  async bookable(providerId: string): Promise<BookableProvider | null> {
    const record = await this.deps.repo.find(providerId);
    if (!record) return null;
    return {
      record,
      availability: availabilityOf(record),
      active: isActive(record),
      accepting: Number(record.accepting) === 1,
    };
  }

  /**
   * For a public booking page (issue 19): the provider whose username is `handle`, when they are an
   * active provider who turned their page on; null otherwise (whether the admin allows public booking
   * is the caller's question).
   */
  async publicPage(handle: string): Promise<BookableProvider | null> {
    const record = await this.deps.repo.findByUsername(handle);
    if (!record || !isActive(record) || Number(record.public_booking) !== 1) return null;
    return {
      record,
      availability: availabilityOf(record),
      active: true,
      accepting: Number(record.accepting) === 1,
    };
  }

  private async mine(userId: string): Promise<ProviderRecord> {
    const record = await this.deps.repo.find(userId);
    if (!record || !isActive(record)) {
      throw Errors.notAProvider();
    }
    return record;
  }
}
