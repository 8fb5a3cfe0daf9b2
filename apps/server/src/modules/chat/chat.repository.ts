import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { MessagesRepository, type MessageRow, type NewMessage } from './messages.repository.js';
import { RoomsRepository } from './rooms.repository.js';

export interface ChatRepositories {
  rooms: RoomsRepository;
  messages: MessagesRepository;
}

interface QueuedSend {
  message: NewMessage;
  resolve(row: MessageRow): void;
  reject(err: unknown): void;
}

/** At most this many sends share one SQLite commit. */
const MAX_BATCH = 256;

/**
 * The chat tables, plus a unit of work: what must commit together (a membership change and its
 * system message, a seq and its message) runs in `transaction`, so nothing is half-written.
 */
export class ChatStore implements ChatRepositories {
  readonly rooms: RoomsRepository;
  readonly messages: MessagesRepository;
  private queue: QueuedSend[] = [];
  private flushing = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly kind: 'sqlite' | 'postgres' = 'sqlite',
  ) {
    this.rooms = new RoomsRepository(db);
    this.messages = new MessagesRepository(db);
  }

  transaction<T>(work: (tx: ChatRepositories) => Promise<T>): Promise<T> {
    return this.db
      .transaction()
      .execute((trx) => work({ rooms: new RoomsRepository(trx), messages: new MessagesRepository(trx) }));
  }

  /**
   * Stores a user's message (next seq, and the sender's read marker moved to it); resolves after the
   * commit. On SQLite, sends that arrive while a commit is being written share the next one (group
   * commit): with `synchronous=FULL` each commit waits for the disk, and one fsync for many messages
   * is what lets a single SQLite file keep up with a busy workspace. Each send runs in its own
   * savepoint, so one that fails (a retried clientMsgId) fails alone. PostgreSQL groups commits
   * itself; there each send is its own transaction.
   */
  appendUserMessage(message: NewMessage): Promise<MessageRow> {
    if (this.kind === 'postgres') return this.transaction((tx) => appendAndRead(tx, message));
    return new Promise((resolve, reject) => {
      this.queue.push({ message, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queue.splice(0, MAX_BATCH);
    const outcomes: ({ ok: true; row: MessageRow } | { ok: false; err: unknown })[] = [];
    try {
      await this.db.transaction().execute(async (trx) => {
        const tx = { rooms: new RoomsRepository(trx), messages: new MessagesRepository(trx) };
        for (const { message } of batch) {
          await sql`savepoint parley_send`.execute(trx);
          try {
            outcomes.push({ ok: true, row: await appendAndRead(tx, message) });
            await sql`release savepoint parley_send`.execute(trx);
          } catch (err) {
            await sql`rollback to savepoint parley_send`.execute(trx);
            await sql`release savepoint parley_send`.execute(trx);
            outcomes.push({ ok: false, err });
          }
        }
      });
      batch.forEach((item, i) => {
        const outcome = outcomes[i]!;
        if (outcome.ok) item.resolve(outcome.row);
        else item.reject(outcome.err);
      });
    } catch (err) {
      // The commit itself failed: nothing of this batch is stored.
      for (const item of batch) item.reject(err);
    }
    if (this.queue.length > 0) setImmediate(() => void this.flush());
    else this.flushing = false;
  }
}

/** Why a send was refused at write time (the service turns it into the catalogue's error). */
export class SendRefused extends Error {
  constructor(readonly reason: 'archived' | 'not_member') {
    super(`send refused: ${reason}`);
  }
}

/**
 * The seq bump takes the room's row lock first; membership and the archive flag are then read under
 * it, so a removal or an archive that committed first always wins over a racing send.
 */
async function appendAndRead(tx: ChatRepositories, message: NewMessage): Promise<MessageRow> {
  const row = await tx.messages.append(message, { unlessArchived: true });
  if (!row) throw new SendRefused('archived');
  // Sending reads the room up to one's own message, as in every chat app; no row: not a member.
  if (message.authorId && !(await tx.rooms.markSentRead(message.roomId, message.authorId, row.seq))) {
    throw new SendRefused('not_member');
  }
  return row;
}
