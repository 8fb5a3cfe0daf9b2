import type { Selectable } from 'kysely';
import type { Database, UploadsTable } from '../../db/schema.js';
import type { Kysely, Transaction } from 'kysely';

export type UploadRow = Selectable<UploadsTable>;
type Executor = Kysely<Database> | Transaction<Database>;

const num = (v: string | number | bigint | null | undefined) => Number(v ?? 0);

/** Which rows an attach may take: the sender's own uploads into this room, not yet on a message. */
export interface AttachTarget {
  ownerId: string;
  roomId: string;
  messageId: string;
  nowIso: string;
}

/** The only SQL on `uploads`. */
export class UploadsRepository {
  constructor(private readonly db: Executor) {}

  async insert(row: UploadRow): Promise<void> {
    await this.db.insertInto('uploads').values(row).execute();
  }

  async findById(id: string): Promise<UploadRow | undefined> {
    const row = await this.db.selectFrom('uploads').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? normalise(row) : undefined;
  }

  /**
   * Puts these uploads on a message, in this order. False (nothing should commit) unless every one
   * is the sender's, into this room, and on no message yet.
   */
  async attach(ids: readonly string[], target: AttachTarget): Promise<boolean> {
    for (const [position, id] of ids.entries()) {
      const res = await this.db
        .updateTable('uploads')
        .set({ message_id: target.messageId, position, attached_at: target.nowIso })
        .where('id', '=', id)
        .where('owner_id', '=', target.ownerId)
        .where('room_id', '=', target.roomId)
        .where('message_id', 'is', null)
        .executeTakeFirst();
      if (num(res.numUpdatedRows) !== 1) return false;
    }
    return true;
  }

  /** The files of these messages, in their order on each message. */
  async forMessages(messageIds: readonly string[]): Promise<UploadRow[]> {
    if (messageIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('uploads')
      .selectAll()
      .where('message_id', 'in', messageIds)
      .orderBy('message_id')
      .orderBy('position')
      .execute();
    return rows.map(normalise);
  }

  /** Deletes a message's uploads; the object keys to delete once this commits. */
  async removeForMessage(messageId: string): Promise<string[]> {
    const rows = await this.db
      .deleteFrom('uploads')
      .where('message_id', '=', messageId)
      .returning(['object_key', 'thumbnail_key'])
      .execute();
    return keysOf(rows);
  }

  /** Deletes every upload of a room (attached or not); the object keys to delete once this commits. */
  async removeForRoom(roomId: string): Promise<string[]> {
    const rows = await this.db
      .deleteFrom('uploads')
      .where('room_id', '=', roomId)
      .returning(['object_key', 'thumbnail_key'])
      .execute();
    return keysOf(rows);
  }

  /** Deletes uploads never put on a message that were made before `beforeIso`; their object keys. */
  async removeUnattachedBefore(beforeIso: string, limit = 500): Promise<string[]> {
    const ids = await this.db
      .selectFrom('uploads')
      .select('id')
      .where('message_id', 'is', null)
      .where('created_at', '<', beforeIso)
      .orderBy('created_at')
      .limit(limit)
      .execute();
    if (ids.length === 0) return [];
    const rows = await this.db
      .deleteFrom('uploads')
      .where(
        'id',
        'in',
        ids.map((r) => r.id),
      )
      .where('message_id', 'is', null)
      .returning(['object_key', 'thumbnail_key'])
      .execute();
    return keysOf(rows);
  }

  /** Which of these object keys a row names (as its file or its thumbnail). */
  async referencedKeys(keys: readonly string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('uploads')
      .select(['object_key', 'thumbnail_key'])
      .where((eb) => eb.or([eb('object_key', 'in', keys), eb('thumbnail_key', 'in', keys)]))
      .execute();
    return new Set(keysOf(rows));
  }

  /** Bytes the person's files take (their quota counts these). */
  async usage(ownerId: string): Promise<number> {
    const row = await this.db
      .selectFrom('uploads')
      .select((eb) => eb.fn.sum<string | number | null>('size').as('total'))
      .where('owner_id', '=', ownerId)
      .executeTakeFirst();
    return num(row?.total);
  }
}

function keysOf(rows: readonly { object_key: string; thumbnail_key: string | null }[]): string[] {
  return rows.flatMap((r) => (r.thumbnail_key ? [r.object_key, r.thumbnail_key] : [r.object_key]));
}

function normalise(row: UploadRow): UploadRow {
  return {
    ...row,
    size: num(row.size),
    position: num(row.position),
    width: row.width === null ? null : num(row.width),
    height: row.height === null ? null : num(row.height),
  };
}
