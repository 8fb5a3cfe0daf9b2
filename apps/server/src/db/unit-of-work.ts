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
   * `run`, but works arriving while a commit is being written share the next commit (group commit).
   * On SQLite every work joins one queue: with `synchronous=FULL` each commit waits for the disk, and
   * one fsync for many messages is what lets a single SQLite file keep up with a busy workspace. On
   * PostgreSQL works are grouped by `group` (a room's id): a send holds its room's seq row lock until
   * its commit, so one room's sends would commit one at a time; grouped, one commit carries many, and
   * other groups commit in parallel on their own connections. Without a `group`, PostgreSQL runs the
   * work alone (`run`). A work that throws fails alone (the batch runs again with a savepoint per
   * work) and its events are dropped; a group's events are published after its commit, in the order works came.
   */
  runGrouped<T>(work: (tx: Transaction<R>) => Promise<T>, group?: string): Promise<T>;
  /** Announces what changed no rows (someone typing), through the same handlers. */
  publish(...events: DomainEvent[]): Promise<void>;
}

export interface UnitOfWorkOptions {
  /** false (`GROUP_COMMIT=false`): `runGrouped` is `run`, one commit per work (the benchmarks' baseline). */
  groupCommit?: boolean;
}

interface QueuedWork<R> {
  work: (tx: Transaction<R>) => Promise<unknown>;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

type Outcome = { ok: true; value: unknown; events: DomainEvent[] } | { ok: false; err: unknown };

/** At most this many works share one SQLite commit. */
const MAX_BATCH = 256;

/**
 * At most this many share one PostgreSQL commit: each savepoint that writes takes a subtransaction
 * id, and past 64 in one transaction (PGPROC_MAX_CACHED_SUBXIDS) every other session's snapshot has
 * to look them up in pg_subtrans until the commit.
 */
const MAX_PG_BATCH = 64;

/** A work of an optimistic batch threw: its transaction is rolled back (see `flush`). */
class WorkFailed extends Error {}

/** SQLite has one writer whatever the room: every work joins this one queue. */
const SQLITE_GROUP = '';

export class KyselyUnitOfWork<R> implements UnitOfWork<R> {
  readonly repos: R;
  /** A queue per group whose flush is scheduled or running; a group leaves once its queue is empty. */
  private readonly queues = new Map<string, QueuedWork<R>[]>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly kind: DatabaseKind,
    private readonly repositories: (db: Kysely<Database>, kind: DatabaseKind) => R,
    private readonly events: DomainEvents,
    private readonly options: UnitOfWorkOptions = {},
  ) {
    this.repos = repositories(db, kind);
  }

  async run<T>(work: (tx: Transaction<R>) => Promise<T>): Promise<T> {
    const emitted: DomainEvent[] = [];
    const result = await this.db.transaction().execute((trx) => work(this.bind(trx, emitted)));
    await this.events.publish(emitted);
    return result;
  }

  runGrouped<T>(work: (tx: Transaction<R>) => Promise<T>, group?: string): Promise<T> {
    const key = this.kind === 'sqlite' ? SQLITE_GROUP : group;
    if (key === undefined || this.options.groupCommit === false) return this.run(work);
    return new Promise<T>((resolve, reject) => {
      let queue = this.queues.get(key);
      if (!queue) {
        const fresh: QueuedWork<R>[] = [];
        this.queues.set(key, fresh);
        setImmediate(() => void this.flush(key, fresh));
        queue = fresh;
      }
      queue.push({ work, resolve, reject });
    });
  }

  publish(...events: DomainEvent[]): Promise<void> {
    return this.events.publish(events);
  }

  private bind(trx: Kysely<Database>, emitted: DomainEvent[]): Transaction<R> {
    return Object.assign(this.repositories(trx, this.kind) as object, {
      emit: (event: DomainEvent) => void emitted.push(event),
    }) as Transaction<R>;
  }

  /**
   * Commits the head of a group's queue as one transaction, then settles its works in order.
   * Optimistically first: the works one after another without savepoints (a busy PostgreSQL room's
   * sends wait for each other's round trips, and a savepoint is one more each). When a work throws,
   * that transaction is rolled back and the batch runs again with a savepoint per work, so the one
   * that threw fails alone (a lone work needs no second run: its error is its outcome).
   */
  private async flush(key: string, queue: QueuedWork<R>[]): Promise<void> {
    const batch = queue.splice(0, this.kind === 'postgres' ? MAX_PG_BATCH : MAX_BATCH);
    let outcomes: Outcome[] | null = null;
    try {
      outcomes = await this.commitBatch(batch, false);
      outcomes ??= await this.commitBatch(batch, true);
    } catch (err) {
      // The commit itself failed: nothing of this batch is stored.
      for (const item of batch) item.reject(err);
    }
    if (outcomes) {
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
    if (queue.length > 0) setImmediate(() => void this.flush(key, queue));
    else this.queues.delete(key);
  }

  /**
   * One transaction over `batch`: the outcome of each work, or (without savepoints, when one of
   * several threw) null once that transaction was rolled back.
   */
  private async commitBatch(batch: QueuedWork<R>[], savepoints: boolean): Promise<Outcome[] | null> {
    const outcomes: Outcome[] = [];
    try {
      await this.db.transaction().execute(async (trx) => {
        for (const [i, { work }] of batch.entries()) {
          if (savepoints) {
            outcomes.push(await this.inSavepoint(trx, work, i > 0));
            continue;
          }
          const events: DomainEvent[] = [];
          try {
            outcomes.push({ ok: true, value: await work(this.bind(trx, events)), events });
          } catch (err) {
            outcomes.push({ ok: false, err });
            throw new WorkFailed();
          }
        }
        if (savepoints) await sql`release savepoint parley_work`.execute(trx);
      });
    } catch (err) {
      if (!(err instanceof WorkFailed)) throw err;
      return batch.length === 1 ? outcomes : null;
    }
    return outcomes;
  }

  /** One work in its own savepoint: what it wrote is undone alone when it throws. */
  private async inSavepoint(
    trx: Kysely<Database>,
    work: QueuedWork<R>['work'],
    afterAnother: boolean,
  ): Promise<Outcome> {
    if (!afterAnother) {
      await sql`savepoint parley_work`.execute(trx);
    } else if (this.kind === 'postgres') {
      // The previous work's release and this one's savepoint in one round trip (a query without
      // parameters may hold several statements); SQLite prepares one statement at a time.
      await sql`release savepoint parley_work; savepoint parley_work`.execute(trx);
    } else {
      await sql`release savepoint parley_work`.execute(trx);
      await sql`savepoint parley_work`.execute(trx);
    }
    const events: DomainEvent[] = [];
    try {
      return { ok: true, value: await work(this.bind(trx, events)), events };
    } catch (err) {
      await sql`rollback to savepoint parley_work`.execute(trx);
      return { ok: false, err };
    }
  }
}
