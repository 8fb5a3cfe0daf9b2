import type { Kysely, Selectable } from 'kysely';
import type { Database, NotificationSettingsTable } from '../../db/schema.js';

export type NotificationSettingsRow = Selectable<NotificationSettingsTable>;
export type NotifyLevel = 'all' | 'mentions' | 'none';

/** A member's notification columns of one room (`room_members.notify_level`, `mute_until`). */
export interface RoomNotifyRow {
  notify_level: NotifyLevel;
  mute_until: string | null;
}

/**
 * Notification preferences: the only SQL on `notification_settings`, and on the two notification
 * columns of `room_members` (issue 21 added them for this module; chat only reads them for badges).
 */
export class NotificationsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  settingsOf(userId: string): Promise<NotificationSettingsRow | undefined> {
    return this.db
      .selectFrom('notification_settings')
      .selectAll()
      .where('user_id', '=', userId)
      .executeTakeFirst();
  }

  /** Writes the whole row in one statement (insert, or replace the existing one). */
  async saveSettings(row: NotificationSettingsRow): Promise<void> {
    const { user_id: _userId, ...rest } = row;
    await this.db
      .insertInto('notification_settings')
      .values(row)
      .onConflict((oc) => oc.column('user_id').doUpdateSet(rest))
      .execute();
  }

  /** The member's row of a room, or undefined when they are not in it (or it does not exist). */
  roomNotifyOf(roomId: string, userId: string): Promise<RoomNotifyRow | undefined> {
    return this.db
      .selectFrom('room_members')
      .select(['notify_level', 'mute_until'])
      .where('room_id', '=', roomId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
  }

  /** Sets a member's level and mute; false when they are not in the room. */
  async setRoomNotify(roomId: string, userId: string, value: RoomNotifyRow): Promise<boolean> {
    const result = await this.db
      .updateTable('room_members')
      .set(value)
      .where('room_id', '=', roomId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
