import type { ConsultationParticipant, ConsultationsSettings, GuestInvite } from '@parley/shared';
import type { Transaction, UnitOfWork } from '../../db/unit-of-work.js';
import { Errors } from '../../errors.js';
import { recipientLocale } from '../../i18n/index.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { Mailer } from '../../mail/mailer.js';
import { addOwnedRoomMember, removeOwnedRoomMember, type ChatRepositories } from '../chat/index.js';
import { createGuestAccount, newGuestToken, type GuestsRepository } from '../guests/index.js';
import { participantInviteEmail } from './booking-link-mail.js';
import type { ConsultationRow, ConsultationsRepository } from './consultations.repository.js';
import { consultationEvents } from './consultations.events.js';
import { presentParticipant } from './consultations.presenter.js';
import { joinWindow, LIVE_STATUSES } from './join-window.js';
import { forParty, partyName } from './party.js';
import type { ConsultationParticipantsRepository, ParticipantRow } from './participants.repository.js';

/** At most this many third participants (proposed or admitted) in one consultation. */
export const MAX_PARTICIPANTS = 4;
/** A participant's personal link outlives the consultation's join window by this. */
const PASS_AFTER_CLOSE_MS = 24 * 3_600_000;

type ParticipantsRepositories = ChatRepositories & {
  consultations: ConsultationsRepository;
  consultationParticipants: ConsultationParticipantsRepository;
  guests: GuestsRepository;
};
type ParticipantsTransaction = Transaction<ParticipantsRepositories>;

export interface ParticipantsDependencies {
  /** A consent commits with the guest account, its link and its chat membership. */
  uow: UnitOfWork<ParticipantsRepositories>;
  settings: () => Promise<ConsultationsSettings>;
  /** Null without SMTP_URL: links are then handed to the client to pass on. */
  mailer: Mailer | null;
  clock: Clock;
  publicUrl: string;
  /** Ends every session (and socket) of an account: a removed participant's visit sessions. */
  endSessions: (userId: string) => Promise<void>;
  log: { warn(obj: object, msg: string): void };
}

export interface ParticipantAnswer {
  participant: ConsultationParticipant;
  invite?: GuestInvite;
}

/** A new link, made in the transaction and sent (or handed back) after the commit. */
interface PendingInvite {
  token: string;
  expiresAt: string;
  to: string | null;
  name: string;
}

/**
 * Third participants in a consultation (issue 19): an interpreter or a family member, proposed by
 * either party by name (and e-mail). Nobody gets in before the client consents (when and by whom is
 * recorded; a client's own proposal is their consent): then the participant gets a guest account and
 * a personal link (e-mailed when possible, else handed to the client), joins inside the window as a
 * non-moderator, and reads the chat only if the client said so. The client can always remove them;
 * the provider only withdraw their own proposal before consent.
 */
export class ParticipantsService {
  constructor(private readonly deps: ParticipantsDependencies) {}

  private nowMs(): number {
    return this.deps.clock.now().getTime();
  }

  async list(actor: { id: string }, id: string): Promise<ConsultationParticipant[]> {
    const { row } = await forParty(this.deps.uow.repos.consultations, actor, id);
    const detail = await this.deps.uow.repos.consultations.detail(row.id);
    return (detail?.participants ?? []).map(presentParticipant);
  }

  /** Either party proposes someone; the client's proposal is consented at once (without the chat). */
  async propose(
    actor: { id: string },
    id: string,
    input: { name: string; email?: string | undefined },
  ): Promise<ParticipantAnswer> {
    const { row, role } = await forParty(this.deps.uow.repos.consultations, actor, id);
    this.requireLive(row, 'add');
    const nowMs = this.nowMs();
    const nowIso = new Date(nowMs).toISOString();
    const pid = newId(nowMs);
    const settings = await this.deps.settings();
    const pending = await this.deps.uow.run(async (tx) => {
      await this.lockLive(tx, row, 'add');
      if ((await tx.consultationParticipants.countPresent(row.id)) >= MAX_PARTICIPANTS) {
        throw Errors.conflict('tooManyParticipants', { max: MAX_PARTICIPANTS });
      }
      await tx.consultationParticipants.insert({
        id: pid,
        consultation_id: row.id,
        user_id: null,
        name: input.name,
        email: input.email?.toLowerCase() ?? null,
        proposed_by: role,
        proposed_at: nowIso,
        consent_at: null,
        consent_by: null,
        chat: 0,
        removed_at: null,
        removed_by: null,
        joined_at: null,
      });
      const proposed = (await tx.consultationParticipants.get(row.id, pid))!;
      const invite =
        role === 'client' ? await this.admit(tx, row, proposed, actor.id, false, settings) : null;
      tx.emit(consultationEvents.changed(row.id, settings));
      return invite;
    });
    return this.answer(row, pid, pending);
  }

  /**
   * The client consents (`chat`: whether they read the chat): their guest account and personal link
   * are made. Consenting again changes `chat` and replaces the link with a fresh one.
   */
  async consent(
    actor: { id: string },
    id: string,
    pid: string,
    input: { chat?: boolean | undefined },
  ): Promise<ParticipantAnswer> {
    const { row, role } = await forParty(this.deps.uow.repos.consultations, actor, id);
    if (role !== 'client') {
      throw Errors.forbidden('clientDecidesParticipants');
    }
    const participant = await this.present(row.id, pid);
    if (participant.removed_at !== null) {
      throw Errors.consultationState('participantRemoved');
    }
    this.requireLive(row, 'letIn');
    const settings = await this.deps.settings();
    const pending = await this.deps.uow.run(async (tx) => {
      await this.lockLive(tx, row, 'letIn');
      const current = await tx.consultationParticipants.get(row.id, pid);
      if (!current || current.removed_at !== null) throw this.changedMeanwhile();
      const invite = await this.admit(tx, row, current, actor.id, input.chat ?? false, settings);
      tx.emit(consultationEvents.changed(row.id, settings));
      return invite;
    });
    return this.answer(row, pid, pending);
  }

  /** The client removes anyone; the provider only someone not yet consented to. Their sessions end. */
  async remove(actor: { id: string }, id: string, pid: string): Promise<ParticipantAnswer> {
    const { row, role } = await forParty(this.deps.uow.repos.consultations, actor, id);
    const participant = await this.present(row.id, pid);
    if (role === 'provider' && participant.consent_at !== null) {
      throw Errors.forbidden('clientRemovesParticipants');
    }
    if (participant.removed_at === null) {
      const settings = await this.deps.settings();
      const nowIso = new Date(this.nowMs()).toISOString();
      await this.deps.uow.run(async (tx) => {
        if (!(await tx.consultationParticipants.remove(pid, nowIso, actor.id))) throw this.changedMeanwhile();
        if (participant.user_id !== null) {
          await tx.guests.revokePasses(participant.user_id, row.id, nowIso);
          const fresh = await tx.consultations.get(row.id);
          if (fresh?.room_id) {
            await removeOwnedRoomMember(tx, { roomId: fresh.room_id, userId: participant.user_id });
          }
        }
        tx.emit(consultationEvents.changed(row.id, settings));
      });
      // Their visit sessions (and sockets) end: the account reaches nothing else.
      if (participant.user_id !== null) await this.deps.endSessions(participant.user_id);
    }
    return { participant: presentParticipant(await this.present(row.id, pid)) };
  }

  // ——— steps ———

  /** Inside the transaction: consent (first time) or a new choice, a fresh link, the chat as chosen. */
  private async admit(
    tx: ParticipantsTransaction,
    row: ConsultationRow,
    participant: ParticipantRow,
    clientId: string,
    chat: boolean,
    settings: ConsultationsSettings,
  ): Promise<PendingInvite> {
    const nowMs = this.nowMs();
    const nowIso = new Date(nowMs).toISOString();
    let userId = participant.user_id;
    if (userId === null) {
      const guest = await createGuestAccount(tx, {
        name: participant.name,
        email: participant.email,
        nowMs,
      });
      userId = guest.id;
      const consent = { user_id: userId, consent_at: nowIso, consent_by: clientId, chat: chat ? 1 : 0 };
      if (!(await tx.consultationParticipants.consent(participant.id, consent))) {
        throw this.changedMeanwhile();
      }
    } else {
      if (!(await tx.consultationParticipants.setChat(participant.id, chat ? 1 : 0))) {
        throw this.changedMeanwhile();
      }
      await tx.guests.revokePasses(userId, row.id, nowIso);
    }
    const fresh = await tx.consultations.get(row.id);
    if (fresh?.room_id) {
      if (chat) {
        await addOwnedRoomMember(tx, { roomId: fresh.room_id, userId, alias: participant.name, nowIso });
      } else {
        await removeOwnedRoomMember(tx, { roomId: fresh.room_id, userId });
      }
    }
    const { token, tokenHash } = newGuestToken();
    const expiresAt = new Date(joinWindow(row, settings).closesMs + PASS_AFTER_CLOSE_MS).toISOString();
    await tx.guests.insertPass({
      id: newId(nowMs),
      token_hash: tokenHash,
      user_id: userId,
      purpose: 'participant',
      consultation_id: row.id,
      created_by: clientId,
      created_at: nowIso,
      expires_at: expiresAt,
      last_used_at: null,
      revoked_at: null,
    });
    return { token, expiresAt, to: participant.email, name: participant.name };
  }

  /** After the commit: the participant as it is now, and the link (e-mailed when possible). */
  private async answer(
    row: ConsultationRow,
    pid: string,
    pending: PendingInvite | null,
  ): Promise<ParticipantAnswer> {
    const participant = presentParticipant(await this.present(row.id, pid));
    if (pending === null) return { participant };
    const url = `${this.deps.publicUrl}/visit/${pending.token}`;
    let emailed = false;
    if (pending.to !== null && this.deps.mailer !== null) {
      const detail = await this.deps.uow.repos.consultations.detail(row.id);
      const settings = await this.deps.settings();
      try {
        await this.deps.mailer.send(
          participantInviteEmail({
            to: pending.to,
            name: pending.name,
            providerName: detail ? partyName(detail, 'provider') : 'your provider',
            clientName: detail ? partyName(detail, 'client') : 'The client',
            startMs: Date.parse(row.start_at),
            endMs: Date.parse(row.end_at),
            opensMs: joinWindow(row, settings).opensMs,
            link: url,
            // In the language of the client who let them in (who knows them).
            locale: recipientLocale(detail?.client.locale),
          }),
        );
        emailed = true;
      } catch (err) {
        this.deps.log.warn({ err, consultationId: row.id }, 'a participant invitation could not be sent');
      }
    }
    return { participant, invite: { url, emailed, expiresAt: pending.expiresAt } };
  }

  private async present(consultationId: string, pid: string): Promise<ParticipantRow> {
    const row = await this.deps.uow.repos.consultationParticipants.get(consultationId, pid);
    if (!row) throw Errors.notFound('participantNotFound');
    return row;
  }

  /** Only a consultation still to come or going on takes new people. */
  private requireLive(row: ConsultationRow, action: 'add' | 'letIn'): void {
    if (!LIVE_STATUSES.includes(row.status)) {
      throw Errors.consultationState(row.status === 'held' ? 'notConfirmedCannot' : 'endedCannot', {
        action,
      });
    }
  }

  /** Read again inside the transaction: still to come or going on. */
  private async lockLive(
    tx: ParticipantsTransaction,
    row: ConsultationRow,
    action: 'add' | 'letIn',
  ): Promise<void> {
    const locked = await tx.consultations.get(row.id);
    if (!locked) throw Errors.consultationNotFound();
    this.requireLive(locked, action);
  }

  private changedMeanwhile() {
    return Errors.consultationState('participantChangedMeanwhile');
  }
}
