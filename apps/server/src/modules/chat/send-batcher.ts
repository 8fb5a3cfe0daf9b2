import type { UnitOfWork } from '../../db/unit-of-work.js';
import type { DomainEvent } from '../../lib/domain-events.js';
import type { ChatRepositories } from './chat.repository.js';
import type { MessageRow, NewMessage } from './messages.repository.js';

/** At most this many sends share one statement (one room's queue takes the rest next). */
const MAX_BATCH = 256;

export type BatchedSend = NewMessage & { authorId: string };
export type Placed = (row: MessageRow, emit: (event: DomainEvent) => void) => void;

interface Pending {
  message: BatchedSend;
  /** Inside the transaction, once the row is placed: emits its events. */
  placed: Placed;
  resolve(row: MessageRow | null): void;
}

/** Thrown inside the batch's transaction to roll it back: the sends go one by one instead. */
class SendOneByOne extends Error {}

/**
 * Group commit for a busy room on PostgreSQL, one statement deep: plain sends (no files, no thread)
 * arriving while the room's previous batch commits are written together by one statement
 * (`MessagesRepository.appendBatch`) in one transaction. A send holds the room's seq row lock until
 * its commit, so a room's sends are sequential whatever we do; one statement per batch instead of
 * one per send is what lets a busy room keep up. Anything unusual (an archived room, a sender no
 * longer a member, a retried clientMsgId, a failed commit) answers null: the caller then sends that
 * message alone, through the path that gives each case its own answer.
 */
export class SendBatcher {
  private readonly queues = new Map<string, Pending[]>();

  constructor(private readonly uow: UnitOfWork<ChatRepositories>) {}

  /** The stored row, or null: send it alone. `placed` runs in the transaction (emit events there). */
  append(message: BatchedSend, placed: Placed): Promise<MessageRow | null> {
    return new Promise((resolve) => {
      let queue = this.queues.get(message.roomId);
      if (!queue) {
        const fresh: Pending[] = [];
        this.queues.set(message.roomId, fresh);
        setImmediate(() => void this.flush(message.roomId, fresh));
        queue = fresh;
      }
      queue.push({ message, placed, resolve });
    });
  }

  private async flush(roomId: string, queue: Pending[]): Promise<void> {
    const batch = queue.splice(0, MAX_BATCH);
    let rows: MessageRow[] | null = null;
    try {
      rows = await this.uow.run(async (tx) => {
        const stored = await tx.messages.appendBatch(
          roomId,
          batch.map((p) => p.message),
        );
        if (!stored) throw new SendOneByOne();
        for (const [i, pending] of batch.entries()) {
          pending.placed(stored[i]!, (event) => tx.emit(event));
        }
        return stored;
      });
    } catch {
      rows = null;
    }
    for (const [i, pending] of batch.entries()) pending.resolve(rows ? rows[i]! : null);
    if (queue.length > 0) setImmediate(() => void this.flush(roomId, queue));
    else this.queues.delete(roomId);
  }
}
