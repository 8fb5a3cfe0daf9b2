import type {
  ConsultationsSettings,
  GuestSettings,
  Locale,
  PublicHoldRequest,
  PublicProvider,
  SlotsResponse,
} from '@parley/shared';
import { isUniqueViolation } from '../../db/errors.js';
import type { Transaction, UnitOfWork } from '../../db/unit-of-work.js';
import { Errors } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { Mailer } from '../../mail/mailer.js';
import { createGuestAccount, newGuestToken, type GuestsRepository } from '../guests/index.js';
import {
  claimBuckets,
  describeRefusal,
  isValidZone,
  presentProvider,
  refuseStart,
  type BookableProvider,
  type ProvidersService,
} from '../providers/index.js';
import { publicHoldEmail } from './booking-link-mail.js';
import {
  ConsultationChanges,
  HOUR,
  iso,
  MINUTE,
  parseStart,
  refused,
  type BookingRepositories,
} from './consultation-changes.js';
import { consultationEvents } from './consultations.events.js';
import { expireStale } from './holds.js';
import { joinWindow } from './join-window.js';

/** Holds one e-mail address may ask for per hour (each sends an e-mail). */
export const PUBLIC_HOLDS_PER_EMAIL_PER_HOUR = 3;
/** A guest's personal link outlives the consultation's join window by this. */
export const PASS_AFTER_CLOSE_MS = 24 * HOUR;

type PublicBookingRepositories = BookingRepositories & { guests: GuestsRepository };

export interface PublicBookingDependencies {
  providers: ProvidersService;
  /** The hold, its guest account and its personal link commit together. */
  uow: UnitOfWork<PublicBookingRepositories>;
  settings: () => Promise<ConsultationsSettings>;
  guestSettings: () => Promise<GuestSettings>;
  /** Null without SMTP_URL: then nothing can be confirmed, and the page says so. */
  mailer: Mailer | null;
  /** Per-address counts (PersonalLimits.allow). */
  limits: { allow(key: string, max: number, windowMs: number): Promise<boolean> };
  clock: Clock;
  publicUrl: string;
  log: { warn(obj: object, msg: string): void };
}

/**
 * A provider's public booking page (issue 19): `/book/<username>` for people without an account.
 * Open only while the admin allows public booking and the provider turned their page on. A visitor's
 * hold is a client's hold like any other (the same claims, so the same database rule against double
 * booking), held by a new guest account made for it, and confirmed through the personal link the
 * e-mail carries (the visit page, then `POST /consultations/:id/confirm`); unconfirmed, it expires
 * as every hold does.
 */
export class PublicBookingService {
  private readonly changes: ConsultationChanges;

  constructor(private readonly deps: PublicBookingDependencies) {
    this.changes = new ConsultationChanges(deps);
  }

  /** The page's provider; 404 when public booking is off (here or for them) or they are no provider. */
  async page(handle: string): Promise<PublicProvider> {
    const provider = await this.open(handle);
    const shown = presentProvider(provider.record);
    return {
      id: shown.id,
      handle: shown.username,
      displayName: shown.displayName,
      avatarUrl: shown.avatarUrl,
      bio: shown.bio,
      specialities: shown.specialities,
      languages: shown.languages,
      timezone: provider.availability.timezone,
      sessionMinutes: provider.availability.sessionMinutes,
      bookable: this.deps.mailer !== null && provider.accepting,
    };
  }

  /** The page's free slots: the same computation as the signed-in slot list. */
  async slots(
    handle: string,
    query: { from: string; to: string; tz?: string | undefined },
  ): Promise<SlotsResponse> {
    const provider = await this.open(handle);
    return this.deps.providers.slots(provider.record.user_id, query);
  }

  /**
   * A visitor holds a slot: 202 with until when, the e-mail with the confirming link sent. 409
   * mail_not_configured without SMTP; 429 past a few holds an hour for one address.
   */
  async hold(
    providerId: string,
    request: PublicHoldRequest,
    /** The visitor's language: kept on their guest account for every later e-mail. */
    locale: Locale,
  ): Promise<{ heldUntil: string }> {
    const provider = await this.openById(providerId);
    const mailer = this.deps.mailer;
    if (mailer === null) throw Errors.mailNotConfigured();
    const name = provider.record.display_name;
    if (!provider.accepting) throw Errors.slotUnavailable('notTakingBookings', { name });
    const startMs = parseStart(request.start);
    const now = this.changes.nowMs();
    const refusal = refuseStart(provider.availability, startMs, now);
    if (refusal) throw refused(describeRefusal(refusal, provider.availability, name));
    const zone = request.timeZone !== undefined && isValidZone(request.timeZone) ? request.timeZone : null;
    const email = request.email.toLowerCase();
    if (!(await this.deps.limits.allow(`public-hold:${email}`, PUBLIC_HOLDS_PER_EMAIL_PER_HOUR, HOUR))) {
      throw Errors.rateLimited((HOUR - (now % HOUR)) / 1000);
    }
    const settings = await this.deps.settings();
    const endMs = startMs + provider.availability.sessionMinutes * MINUTE;
    const heldUntilMs = now + settings.holdMinutes * MINUTE;
    const buckets = claimBuckets(startMs, endMs, provider.availability.bufferMinutes);
    const { token, tokenHash } = newGuestToken();
    const nowIso = iso(now);
    await this.claimingTransaction(async (repos) => {
      await expireStale(repos, nowIso, providerId, settings);
      const guest = await createGuestAccount(repos, { name: request.name, email, nowMs: now, locale });
      const row = this.changes.newRow({
        providerId,
        clientId: guest.id,
        bookedBy: 'client',
        startMs,
        endMs,
        heldUntilMs,
        nickname: null,
        now,
      });
      await repos.consultations.insert(row, buckets, guest.id);
      await repos.guests.insertPass({
        id: newId(now),
        token_hash: tokenHash,
        user_id: guest.id,
        purpose: 'client',
        consultation_id: row.id,
        created_by: null,
        created_at: nowIso,
        expires_at: iso(joinWindow(row, settings).closesMs + PASS_AFTER_CLOSE_MS),
        last_used_at: null,
        revoked_at: null,
      });
      repos.emit(consultationEvents.changed(row.id, settings));
    });
    try {
      await mailer.send(
        publicHoldEmail({
          to: email,
          name: request.name,
          providerName: name,
          startMs,
          endMs,
          heldUntilMs,
          zone,
          link: `${this.deps.publicUrl}/visit/${token}`,
          locale,
        }),
      );
    } catch (err) {
      // The hold stays and expires unconfirmed, as any hold does; the visitor can book again.
      this.deps.log.warn({ err, providerId }, 'a public booking e-mail could not be sent');
    }
    return { heldUntil: iso(heldUntilMs) };
  }

  /** Like `ConsultationChanges.claimingTransaction`, with the guests' repository too. */
  private async claimingTransaction<T>(
    work: (tx: Transaction<PublicBookingRepositories>) => Promise<T>,
  ): Promise<T> {
    try {
      return await this.deps.uow.run(work);
    } catch (err) {
      if (isUniqueViolation(err)) throw Errors.slotTaken();
      throw err;
    }
  }

  private async open(handle: string): Promise<BookableProvider> {
    const provider = (await this.deps.guestSettings()).publicBooking
      ? await this.deps.providers.publicPage(handle)
      : null;
    if (!provider) throw Errors.notFound('bookingPageNotFound');
    return provider;
  }

  private async openById(providerId: string): Promise<BookableProvider> {
    const record = await this.deps.providers.bookable(providerId);
    if (!record) throw Errors.notFound('bookingPageNotFound');
    return this.open(record.record.username).then((p) => {
      if (p.record.user_id !== providerId) throw Errors.notFound('bookingPageNotFound');
      return p;
    });
  }
}
