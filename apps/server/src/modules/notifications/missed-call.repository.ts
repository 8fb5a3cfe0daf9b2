import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

/** Someone a call rang who never joined it, and asked to hear of it by e-mail. */
export interface MissedCallRecipient {
  email: string;
  displayName: string;
  caller: string;
  roomId: string;
  roomType: string;
  roomName: string;
  /** The recipient's language (null: the workspace default). */
  locale: string | null;
}

/** Reads what the missed-call e-mail needs (calls, participants, settings); writes nothing. */
export class MissedCallRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async recipientsOf(callId: string): Promise<MissedCallRecipient[]> {
    const rows = await this.db
      .selectFrom('call_participants as p')
      .innerJoin('calls as c', 'c.id', 'p.call_id')
      .innerJoin('users as u', 'u.id', 'p.user_id')
      .innerJoin('notification_settings as s', 's.user_id', 'p.user_id')
      .innerJoin('rooms as r', 'r.id', 'c.room_id')
      .innerJoin('room_members as rm', (j) =>
        j.onRef('rm.room_id', '=', 'c.room_id').onRef('rm.user_id', '=', 'p.user_id'),
      )
      .leftJoin('users as caller', 'caller.id', 'c.created_by')
      .leftJoin('room_members as cm', (j) =>
        j.onRef('cm.room_id', '=', 'c.room_id').onRef('cm.user_id', '=', 'c.created_by'),
      )
      .select([
        'u.email',
        'u.display_name',
        'u.locale',
        'caller.display_name as caller_name',
        'cm.alias as caller_alias',
        'c.room_id',
        'r.type',
        'r.display_name as room_name',
      ])
      .where('p.call_id', '=', callId)
      .where('p.state', '=', 'missed')
      .where('p.joined_at', 'is', null)
      .where('s.missed_calls', '=', 1)
      .where('u.active', '=', 1)
      .where('u.email', 'is not', null)
      .where('rm.notify_level', '!=', 'none')
      .where((eb) => eb.or([eb('c.created_by', 'is', null), eb('c.created_by', '!=', eb.ref('p.user_id'))]))
      .execute();
    return rows.map((r) => ({
      email: r.email!,
      displayName: r.display_name,
      caller: r.caller_alias ?? r.caller_name ?? 'Someone',
      roomId: r.room_id,
      roomType: r.type,
      roomName: r.room_name,
      locale: r.locale,
    }));
  }
}
