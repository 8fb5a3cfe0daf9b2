import type {
  Consultation,
  ConsultationsSettings,
  CreateConsultationRequest,
  GuestInvite,
  Locale,
} from '@parley/shared';
import { isUniqueViolation } from '../../db/errors.js';
import type { Transaction, UnitOfWork } from '../../db/unit-of-work.js';
import { Errors } from '../../errors.js';
import { recipientLocale } from '../../i18n/index.js';
import { newId } from '../../lib/ids.js';
import type { PersonalLimits } from '../../lib/personal-limits.js';
import type { Mailer } from '../../mail/mailer.js';
import { createGuestAccount, newGuestToken, type GuestsRepository } from '../guests/index.js';
import { claimBuckets } from '../providers/index.js';
import {
  ConsultationChanges,
  iso,
  type BookingActor,
  type BookingDependencies,
  type BookingRepositories,
} from './consultation-changes.js';
import type { ConsultationRow } from './consultations.repository.js';
import { consultationEvents } from './consultations.events.js';
import { guestInviteEmail } from './guest-invite-mail.js';
import { expireStale } from './holds.js';
import { joinWindow } from './join-window.js';
import type { ProposalsService } from './proposals.service.js';

const DAY = 24 * 3_600_000;
/** Invitations e-mailed to one address per hour at most (new links included); past it, the provider copies. */
export const INVITE_MAILS_PER_HOUR = 5;

type GuestClientsRepositories = BookingRepositories & { guests: GuestsRepository };
type GuestClientsTransaction = Transaction<GuestClientsRepositories>;

export interface GuestClientsDependencies extends Omit<BookingDependencies, 'uow'> {
  /** The consultation, the guest account and the link commit together. */
  uow: UnitOfWork<GuestClientsRepositories>;
  proposals: ProposalsService;
  /** Null without SMTP_URL: the provider copies the link. */
  mailer: Mailer | null;
  limits: PersonalLimits;
  workspaceName: () => Promise<string>;
  log: { warn(obj: object, msg: string): void };
}

/** A link made in a transaction, to mail and answer after the commit. */
interface IssuedLink {
  token: string;
  expiresMs: number;
}

/**
 * Consultations with clients who have no account (issue 19): a provider proposes a session to a
 * person by name and e-mail, who becomes a guest account with a personal link (`/visit/<token>`),
 * e-mailed after the commit when SMTP is set; the provider can send a new link, which replaces the old.
 */
export class GuestClientsService {
  private readonly changes: ConsultationChanges;

  constructor(private readonly deps: GuestClientsDependencies) {
    this.changes = new ConsultationChanges(deps);
  }

  /** `POST /consultations { guest, start }` by a provider: held for the guest's answer, like `clientId`. */
  async offer(
    actor: BookingActor,
    request: CreateConsultationRequest,
  ): Promise<{ consultation: Consultation; invite: GuestInvite }> {
    const contact = request.guest!;
    if (request.clientId !== undefined) {
      throw Errors.invalidField('guest', 'clientOrGuest');
    }
    const plan = await this.deps.proposals.plan(actor, request);
    const timing = await this.deps.settings();
    const nowMs = this.changes.nowMs();
    const { row, link } = await this.claiming(async (tx) => {
      await expireStale(tx, iso(nowMs), actor.id, timing);
      const guest = await createGuestAccount(tx, {
        name: contact.name,
        email: contact.email,
        nowMs,
        // The provider's language until the guest books in their own.
        locale: actor.locale ?? null,
      });
      const row = plan.row(guest.id);
      const buckets = claimBuckets(
        Date.parse(row.start_at),
        Date.parse(row.end_at),
        plan.provider.availability.bufferMinutes,
      );
      await tx.consultations.insert(row, buckets, actor.id);
      const link = await this.issue(tx, row, actor.id, nowMs, timing);
      tx.emit(consultationEvents.changed(row.id, timing));
      return { row, link };
    });
    const consultation = await this.changes.present(row.id, actor.id);
    return {
      consultation,
      invite: await this.invite(consultation, contact.email, link, nowMs, recipientLocale(actor.locale)),
    };
  }

  /**
   * `POST /consultations/:id/guest-invite`: the provider sends the guest client a fresh link (e-mailed
   * again when possible); the old one stops working. 404 for anyone but its parties, 403 for the
   * client, 409 when the client has an account (they sign in).
   */
  async reinvite(actor: BookingActor, id: string): Promise<GuestInvite> {
    const row = await this.changes.partyRow(actor, id);
    if (this.changes.roleOf(row, actor) !== 'provider') {
      throw Errors.forbidden('providerSendsLink');
    }
    const client = await this.deps.uow.repos.guests.findGuest(row.client_id);
    if (!client) {
      throw Errors.conflict('clientHasAccount');
    }
    const nowMs = this.changes.nowMs();
    const timing = await this.deps.settings();
    const link = await this.deps.uow.run((tx) => this.issue(tx, row, actor.id, nowMs, timing));
    const consultation = await this.changes.present(row.id, actor.id);
    return this.invite(consultation, client.email, link, nowMs, recipientLocale(client.locale));
  }

  /** A transaction whose claims may collide with someone else's: a unique violation is 409 slot_taken. */
  private async claiming<T>(work: (tx: GuestClientsTransaction) => Promise<T>): Promise<T> {
    try {
      return await this.deps.uow.run(work);
    } catch (err) {
      if (isUniqueViolation(err)) throw Errors.slotTaken();
      throw err;
    }
  }

  /**
   * A new personal link for the consultation's client, replacing any earlier one: it works until a day
   * after the join window closes (a day from now for a consultation already over). Inside the
   * transaction: reads nothing outside it (SQLite has one connection).
   */
  private async issue(
    tx: { guests: GuestsRepository },
    row: Pick<ConsultationRow, 'id' | 'client_id' | 'start_at' | 'end_at'>,
    createdBy: string,
    nowMs: number,
    timing: ConsultationsSettings,
  ): Promise<IssuedLink> {
    const expiresMs = Math.max(joinWindow(row, timing).closesMs, nowMs) + DAY;
    await tx.guests.revokePasses(row.client_id, row.id, iso(nowMs));
    const { token, tokenHash } = newGuestToken();
    await tx.guests.insertPass({
      id: newId(nowMs),
      token_hash: tokenHash,
      user_id: row.client_id,
      purpose: 'client',
      consultation_id: row.id,
      created_by: createdBy,
      created_at: iso(nowMs),
      expires_at: iso(expiresMs),
      last_used_at: null,
      revoked_at: null,
    });
    return { token, expiresMs };
  }

  /** E-mails the link after the commit when SMTP is set (and the address has had few today). */
  private async invite(
    consultation: Consultation,
    email: string | null,
    link: IssuedLink,
    nowMs: number,
    /** The guest's language. */
    locale: Locale,
  ): Promise<GuestInvite> {
    const url = `${this.deps.publicUrl}/visit/${link.token}`;
    const expiresAt = iso(link.expiresMs);
    const { mailer } = this.deps;
    if (!mailer || !email) return { url, emailed: false, expiresAt };
    if (
      !(await this.deps.limits.allow(`guest-invite:${email.toLowerCase()}`, INVITE_MAILS_PER_HOUR, 3_600_000))
    ) {
      return { url, emailed: false, expiresAt };
    }
    const provider = await this.deps.providers.bookable(consultation.provider.id);
    const message = guestInviteEmail({
      to: email,
      guestName: consultation.client.displayName,
      providerName: consultation.provider.displayName,
      workspaceName: await this.deps.workspaceName(),
      consultationId: consultation.id,
      sequence: consultation.history.filter((h) => h.previousStart !== null).length,
      startMs: Date.parse(consultation.start),
      endMs: Date.parse(consultation.end),
      timezone: provider?.availability.timezone ?? 'UTC',
      proposed: consultation.status === 'held',
      link: url,
      expiresMs: link.expiresMs,
      nowMs,
      locale,
    });
    try {
      await mailer.send(message);
      return { url, emailed: true, expiresAt };
    } catch (err) {
      this.deps.log.warn(
        { err, consultationId: consultation.id },
        'a guest invitation could not be e-mailed',
      );
      return { url, emailed: false, expiresAt };
    }
  }
}
