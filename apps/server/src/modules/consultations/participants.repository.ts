import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { ConsultationParticipantsTable, Database } from '../../db/schema.js';

export type ParticipantRow = Selectable<ConsultationParticipantsTable>;

const num = (n: bigint | number | undefined): number => Number(n ?? 0);

/**
 * Third participants in consultations (issue 19): the only SQL on `consultation_participants`
 * (reading them with a consultation is `ConsultationsRepository.details`'). Changes are conditional
 * updates: false when the row had moved on (consented, removed) meanwhile.
 */
export class ConsultationParticipantsRepository {
  constructor(private readonly db: Kysely<Database> | Transaction<Database>) {}

  async insert(row: Insertable<ConsultationParticipantsTable>): Promise<void> {
    await this.db.insertInto('consultation_participants').values(row).execute();
  }

  get(consultationId: string, id: string): Promise<ParticipantRow | undefined> {
    return this.db
      .selectFrom('consultation_participants')
      .selectAll()
      .where('consultation_id', '=', consultationId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** `userId`'s place in a consultation as a participant the client let in (not removed), if any. */
  admitted(consultationId: string, userId: string): Promise<ParticipantRow | undefined> {
    return this.db
      .selectFrom('consultation_participants')
      .selectAll()
      .where('consultation_id', '=', consultationId)
      .where('user_id', '=', userId)
      .where('consent_at', 'is not', null)
      .where('removed_at', 'is', null)
      .executeTakeFirst();
  }

  /** Proposed or consented, not removed: what counts towards a consultation's maximum. */
  async countPresent(consultationId: string): Promise<number> {
    const row = await this.db
      .selectFrom('consultation_participants')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('consultation_id', '=', consultationId)
      .where('removed_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** The client's consent: their guest account, when, by whom and whether they see the chat. */
  async consent(
    id: string,
    change: { user_id: string; consent_at: string; consent_by: string; chat: number },
  ): Promise<boolean> {
    const res = await this.db
      .updateTable('consultation_participants')
      .set(change)
      .where('id', '=', id)
      .where('consent_at', 'is', null)
      .where('removed_at', 'is', null)
      .executeTakeFirst();
    return num(res.numUpdatedRows) === 1;
  }

  /** The client changes whether an admitted participant sees the chat. */
  async setChat(id: string, chat: number): Promise<boolean> {
    const res = await this.db
      .updateTable('consultation_participants')
      .set({ chat })
      .where('id', '=', id)
      .where('removed_at', 'is', null)
      .executeTakeFirst();
    return num(res.numUpdatedRows) === 1;
  }

  async remove(id: string, removedAt: string, removedBy: string): Promise<boolean> {
    const res = await this.db
      .updateTable('consultation_participants')
      .set({ removed_at: removedAt, removed_by: removedBy })
      .where('id', '=', id)
      .where('removed_at', 'is', null)
      .executeTakeFirst();
    return num(res.numUpdatedRows) === 1;
  }

  /** The first time they entered the meeting. */
  async markJoined(id: string, at: string): Promise<void> {
    await this.db
      .updateTable('consultation_participants')
      .set({ joined_at: at })
      .where('id', '=', id)
      .where('joined_at', 'is', null)
      .execute();
  }
}
