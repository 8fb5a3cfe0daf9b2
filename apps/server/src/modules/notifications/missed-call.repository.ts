import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

/** Someone a call rang who never joined it, and asked to hear of it by e-mail. */
export interface MissedCallRecipient {
  email: string;
  displayName: string;
  /** Null when the caller's account is gone. */
  caller: string | null;
  roomId: string;
  roomType: string;
  roomName: string;
  /** The recipient's language (null: the workspace default). */
  locale: string | null;
}

/** One e-mail of the outbox the sweeper claimed. */
export interface MissedCallMail {
  callId: string;
  userId: string;
  attempts: number;
}

/**
 * The missed-call e-mail's outbox (`missed_call_mails`, its only SQL) and what the e-mail needs:
 * reads calls, participants and settings, never writes them.
 */
export class MissedCallRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** A call ended: a row for each person it rang who never joined and asked for the e-mail. */
  async queue(callId: string, dueAt: string): Promise<number> {
    const userIds = (await this.recipients(callId)).map((r) => r.user_id);
    if (userIds.length === 0) return 0;
    await this.db
      .insertInto('missed_call_mails')
      .values(userIds.map((userId) => ({ call_id: callId, user_id: userId, due_at: dueAt })))
      .onConflict((oc) => oc.columns(['call_id', 'user_id']).doNothing())
      .execute();
    return userIds.length;
  }

  /** Claims the e-mails due at `nowIso` (deleted as they are read, so one node sends each). */
  async claimDue(nowIso: string, limit = 100): Promise<MissedCallMail[]> {
    const due = await this.db
      .selectFrom('missed_call_mails')
      .select(['call_id', 'user_id'])
      .where('due_at', '<=', nowIso)
      .orderBy('due_at')
      .limit(limit)
      .execute();
    const claimed: MissedCallMail[] = [];
    for (const row of due) {
      const deleted = await this.db
        .deleteFrom('missed_call_mails')
        .where('call_id', '=', row.call_id)
        .where('user_id', '=', row.user_id)
        .returning(['attempts'])
        .executeTakeFirst();
      if (deleted) claimed.push({ callId: row.call_id, userId: row.user_id, attempts: deleted.attempts });
    }
    return claimed;
  }

  /** A send failed: the row again, due later. */
  async retry(mail: MissedCallMail, dueAt: string): Promise<void> {
    await this.db
      .insertInto('missed_call_mails')
      .values({ call_id: mail.callId, user_id: mail.userId, due_at: dueAt, attempts: mail.attempts + 1 })
      .onConflict((oc) => oc.columns(['call_id', 'user_id']).doNothing())
      .execute();
  }

  /** What the e-mail to `userId` says, if they still want it (they may have changed their mind). */
  async recipientOf(callId: string, userId: string): Promise<MissedCallRecipient | undefined> {
    return (await this.recipients(callId, userId)).map(toRecipient)[0];
  }

  private recipients(callId: string, userId?: string) {
    return this.db
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
        'p.user_id',
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
      .$if(userId !== undefined, (q) => q.where('p.user_id', '=', userId!))
      .execute();
  }
}

function toRecipient(r: {
  email: string | null;
  display_name: string;
  caller_name: string | null;
  caller_alias: string | null;
  room_id: string;
  type: string;
  room_name: string;
  locale: string | null;
}): MissedCallRecipient {
  return {
    email: r.email!,
    displayName: r.display_name,
    caller: r.caller_alias ?? r.caller_name,
    roomId: r.room_id,
    roomType: r.type,
    roomName: r.room_name,
    locale: r.locale,
  };
}
