import { sql, type Kysely } from 'kysely';
import type { DomainEvent, DomainEvents } from '../lib/domain-events.js';
import type { DatabaseKind } from './database.js';
import type { Database } from './schema.js';

/** A module's repositories bound to one transaction, plus the events that change will announce. */
export type Transaction<R> = R & {
  /** Queued until the commit; dropped if the work throws (nothing announced for what never happened). */
  emit(event: DomainEvent): void;
};

/**
 * The only way services write more than one row: everything `work` does through `tx` commits
 * together, and the events it emitted are published after the commit (and awaited, so a caller that
 * answers after `run` has its sockets subscribed and its clients told). Services depend on this
 * interface with just the repositories they use; the wiring passes one instance holding them all.
 */
export interface UnitOfWork<R> {
  /** The same repositories outside any transaction: single reads and single-statement writes. */
  readonly repos: R;
  run<T>(work: (tx: Transaction<R>) => Promise<T>): Promise<T>;
  /**
   * `run`, but on SQLite, works arriving while a commit is being written share the next commit
   * (group commit): with `synchronous=FULL` each commit waits for the disk, and one fsync for many
   * messages is what lets a single SQLite file keep up with a busy workspace. Each work runs in its own
   * savepoint, so one that throws fails alone and its events are dropped. PostgreSQL groups commits
   * itself; there this is `run`.
   */
  runGrouped<T>(work: (tx: Transaction<R>) => Promise<T>): Promise<T>;
  /** Announces what changed no rows (someone typing), through the same handlers. */
  publish(...events: DomainEvent[]): Promise<void>;
}

interface QueuedWork<R> {
  work: (tx: Transaction<R>) => Promise<unknown>;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

/** At most this many works share one SQLite commit. */
const MAX_BATCH = 256;

export class KyselyUnitOfWork<R> implements UnitOfWork<R> {
  readonly repos: R;
  private queue: QueuedWork<R>[] = [];
  private flushing = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly kind: DatabaseKind,
    private readonly repositories: (db: Kysely<Database>) => R,
    private readonly events: DomainEvents,
  ) {
    this.repos = repositories(db);
  }

  async run<T>(work: (tx: Transaction<R>) => Promise<T>): Promise<T> {
    const emitted: DomainEvent[] = [];
    const result = await this.db.transaction().execute((trx) => work(this.bind(trx, emitted)));
    await this.events.publish(emitted);
    return result;
  }

  runGrouped<T>(work: (tx: Transaction<R>) => Promise<T>): Promise<T> {
    if (this.kind === 'postgres') return this.run(work);
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  publish(...events: DomainEvent[]): Promise<void> {
    return this.events.publish(events);
  }

  private bind(trx: Kysely<Database>, emitted: DomainEvent[]): Transaction<R> {
    return Object.assign(this.repositories(trx) as object, {
      emit: (event: DomainEvent) => void emitted.push(event),
    }) as Transaction<R>;
  }

  private async flush(): Promise<void> {
    const batch = this.queue.splice(0, MAX_BATCH);
    const outcomes: ({ ok: true; value: unknown; events: DomainEvent[] } | { ok: false; err: unknown })[] =
      [];
    let committed = false;
    try {
      await this.db.transaction().execute(async (trx) => {
        for (const { work } of batch) {
          const events: DomainEvent[] = [];
          await sql`savepoint parley_work`.execute(trx);
          try {
            outcomes.push({ ok: true, value: await work(this.bind(trx, events)), events });
            await sql`release savepoint parley_work`.execute(trx);
          } catch (err) {
            await sql`rollback to savepoint parley_work`.execute(trx);
            await sql`release savepoint parley_work`.execute(trx);
            outcomes.push({ ok: false, err });
          }
        }
      });
      committed = true;
    } catch (err) {
      // The commit itself failed: nothing of this batch is stored.
      for (const item of batch) item.reject(err);
    }
    if (committed) {
      for (const [i, item] of batch.entries()) {
        const outcome = outcomes[i]!;
        if (!outcome.ok) {
          item.reject(outcome.err);
          continue;
        }
        try {
          await this.events.publish(outcome.events);
          item.resolve(outcome.value);
        } catch (err) {
          item.reject(err);
        }
      }
    }
    if (this.queue.length > 0) setImmediate(() => void this.flush());
    else this.flushing = false;
  }
}
