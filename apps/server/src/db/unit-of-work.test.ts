import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DomainEvents, type DomainEvent } from '../lib/domain-events.js';
import { DATABASE_KINDS, createTestDb } from '../test/databases.js';
import type { Db } from './database.js';
import type { Database } from './schema.js';
import { KyselyUnitOfWork } from './unit-of-work.js';

interface Noted extends DomainEvent {
  type: 'probe.noted';
  id: string;
}

const noted = (id: string): Noted => ({ type: 'probe.noted', id });

/** A promise opened from outside: holds a work inside its transaction until the test lets go. */
function gate() {
  let open!: () => void;
  const closed = new Promise<void>((resolve) => (open = resolve));
  return { closed, open };
}

/** The database, counting the transactions begun through it (one per commit). */
function countingTransactions(kysely: Kysely<Database>) {
  const count = { transactions: 0 };
  const proxy = new Proxy(kysely, {
    get(target, property) {
      if (property === 'transaction') {
        return () => {
          count.transactions++;
          return target.transaction();
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { proxy, count };
}

/** Lets every pending callback (a scheduled flush, a settled query) run. */
const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
};

/** A one-table repository, so the unit of work is tested without any module's tables. */
function probes(db: Kysely<Database>) {
  const raw = db as unknown as Kysely<{
    uow_probe: { id: string };
    uow_child: { id: string; parent: string };
  }>;
  return {
    probes: {
      insert: (id: string) => raw.insertInto('uow_probe').values({ id }).execute(),
      /** Its foreign key is checked at the commit only (deferred). */
      insertChild: (id: string, parent: string) =>
        raw.insertInto('uow_child').values({ id, parent }).execute(),
      ids: async () =>
        (await raw.selectFrom('uow_probe').select('id').orderBy('id').execute()).map((r) => r.id),
    },
  };
}

describe.each(DATABASE_KINDS)('unit of work on %s', (kind) => {
  let db: Db;
  let events: DomainEvents;
  let uow: KyselyUnitOfWork<ReturnType<typeof probes>>;

  beforeEach(async () => {
    db = await createTestDb(kind);
    await sql`create table uow_probe (id text primary key)`.execute(db.kysely);
    await sql`create table uow_child (id text primary key, parent text references uow_probe (id) deferrable initially deferred)`.execute(
      db.kysely,
    );
    events = new DomainEvents();
    uow = new KyselyUnitOfWork(db.kysely, db.kind, probes, events);
  });
  afterEach(() => db.close());

  it('commits everything a work wrote, then publishes its events, which see the commit', async () => {
    const seen: string[][] = [];
    events.on<Noted>('probe.noted', async () => void seen.push(await uow.repos.probes.ids()));
    const result = await uow.run(async (tx) => {
      await tx.probes.insert('a');
      tx.emit(noted('a'));
      await tx.probes.insert('b');
      expect(seen).toEqual([]);
      return 'done';
    });
    expect(result).toBe('done');
    expect(seen).toEqual([['a', 'b']]);
  });

  it('writes nothing and announces nothing when the work throws half-way', async () => {
    const seen: string[] = [];
    events.on<Noted>('probe.noted', (e) => void seen.push(e.id));
    await expect(
      uow.run(async (tx) => {
        await tx.probes.insert('a');
        tx.emit(noted('a'));
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await uow.repos.probes.ids()).toEqual([]);
    expect(seen).toEqual([]);
  });

  it('groups works: one that fails fails alone, and only the others are stored and announced', async () => {
    await uow.repos.probes.insert('taken');
    const seen: string[] = [];
    events.on<Noted>('probe.noted', (e) => void seen.push(e.id));
    const write = (id: string) =>
      uow.runGrouped(async (tx) => {
        tx.emit(noted(id));
        await tx.probes.insert(id);
        return id;
      }, 'room-1');
    const outcomes = await Promise.allSettled([write('x'), write('taken'), write('y')]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await uow.repos.probes.ids()).toEqual(['taken', 'x', 'y']);
    expect(seen).toEqual(['x', 'y']);
  });

  it('commits a batch in one go while no work fails, and runs it again with savepoints when one does', async () => {
    const counted = countingTransactions(db.kysely);
    uow = new KyselyUnitOfWork(counted.proxy, db.kind, probes, events);
    await uow.repos.probes.insert('taken');
    const write = (id: string) => uow.runGrouped((tx) => tx.probes.insert(id), 'room-1');
    await Promise.all([write('a'), write('b'), write('c')]);
    expect(counted.count.transactions).toBe(1);
    // A lone work that fails is rolled back with its transaction: no second run.
    await expect(write('taken')).rejects.toThrow();
    expect(counted.count.transactions).toBe(2);
    const outcomes = await Promise.allSettled([write('d'), write('taken'), write('e')]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(counted.count.transactions).toBe(4);
    expect(await uow.repos.probes.ids()).toEqual(['a', 'b', 'c', 'd', 'e', 'taken']);
  });

  it('rolls a failed work back to its savepoint: its earlier writes go, the next works still commit', async () => {
    await uow.repos.probes.insert('taken');
    const seen: string[] = [];
    events.on<Noted>('probe.noted', (e) => void seen.push(e.id));
    const outcomes = await Promise.allSettled([
      uow.runGrouped(async (tx) => void (await tx.probes.insert('a')), 'room-1'),
      // A statement error: on PostgreSQL it aborts the transaction until the savepoint is rolled back.
      uow.runGrouped(async (tx) => {
        await tx.probes.insert('b');
        tx.emit(noted('b'));
        await tx.probes.insert('taken');
      }, 'room-1'),
      // An error of the work's own, after a write.
      uow.runGrouped(async (tx) => {
        await tx.probes.insert('c');
        tx.emit(noted('c'));
        throw new Error('refused');
      }, 'room-1'),
      uow.runGrouped(async (tx) => {
        await tx.probes.insert('d');
        tx.emit(noted('d'));
      }, 'room-1'),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect((outcomes[2] as PromiseRejectedResult).reason).toEqual(new Error('refused'));
    expect(await uow.repos.probes.ids()).toEqual(['a', 'd', 'taken']);
    expect(seen).toEqual(['d']);
  });

  it("shares one commit among a group's works, published in the order they came, after the commit", async () => {
    const counted = countingTransactions(db.kysely);
    uow = new KyselyUnitOfWork(counted.proxy, db.kind, probes, events);
    const seen: { id: string; stored: string[] }[] = [];
    events.on<Noted>(
      'probe.noted',
      async (e) => void seen.push({ id: e.id, stored: await uow.repos.probes.ids() }),
    );
    const ids = ['e', 'b', 'd', 'a', 'c'];
    const results = await Promise.all(
      ids.map((id) =>
        uow.runGrouped(async (tx) => {
          await tx.probes.insert(id);
          tx.emit(noted(id));
          return id.toUpperCase();
        }, 'room-1'),
      ),
    );
    expect(results).toEqual(['E', 'B', 'D', 'A', 'C']);
    expect(counted.count.transactions).toBe(1);
    // The first event's handler already sees every write of the batch: one commit.
    expect(seen).toEqual(ids.map((id) => ({ id, stored: ['a', 'b', 'c', 'd', 'e'] })));
  });

  it('queues works arriving while their group commits for the next commit, in order', async () => {
    const counted = countingTransactions(db.kysely);
    uow = new KyselyUnitOfWork(counted.proxy, db.kind, probes, events);
    const seen: string[] = [];
    events.on<Noted>('probe.noted', (e) => void seen.push(e.id));
    const started: string[] = [];
    const held = gate();
    const first = gate();
    const write = (id: string, wait?: Promise<void>) =>
      uow.runGrouped(async (tx) => {
        started.push(id);
        await tx.probes.insert(id);
        tx.emit(noted(id));
        if (wait) {
          first.open();
          await wait;
        }
      }, 'room-1');
    const one = write('1', held.closed);
    await first.closed;
    const later = [write('2'), write('3')];
    await settle();
    expect(started).toEqual(['1']);
    held.open();
    await Promise.all([one, ...later]);
    expect(started).toEqual(['1', '2', '3']);
    expect(seen).toEqual(['1', '2', '3']);
    expect(counted.count.transactions).toBe(2);
  });

  it(
    kind === 'postgres'
      ? 'commits different groups in parallel'
      : 'commits every group in one queue (SQLite has one writer)',
    async () => {
      const held = gate();
      const first = gate();
      const a = uow.runGrouped(async (tx) => {
        await tx.probes.insert('a');
        first.open();
        await held.closed;
      }, 'room-a');
      await first.closed;
      let bDone = false;
      const b = uow.runGrouped(async (tx) => void (await tx.probes.insert('b')), 'room-b');
      void b.then(() => (bDone = true));
      if (kind === 'postgres') {
        await b;
        expect(await uow.repos.probes.ids()).toEqual(['b']);
      } else {
        await settle();
        expect(bDone).toBe(false);
      }
      held.open();
      await Promise.all([a, b]);
      expect(await uow.repos.probes.ids()).toEqual(['a', 'b']);
    },
  );

  it('caps a commit at its batch size and commits the rest next', async () => {
    const counted = countingTransactions(db.kysely);
    uow = new KyselyUnitOfWork(counted.proxy, db.kind, probes, events);
    const ids = Array.from({ length: 300 }, (_, i) => `p${String(i).padStart(3, '0')}`);
    await Promise.all(ids.map((id) => uow.runGrouped((tx) => tx.probes.insert(id), 'room-1')));
    expect(await uow.repos.probes.ids()).toEqual(ids);
    // 64 a commit on PostgreSQL (its cache of subtransaction ids), 256 on SQLite.
    expect(counted.count.transactions).toBe(kind === 'postgres' ? 5 : 2);
  });

  it('rejects every work of a batch whose commit fails, and announces none of them', async () => {
    const seen: string[] = [];
    events.on<Noted>('probe.noted', (e) => void seen.push(e.id));
    const outcomes = await Promise.allSettled([
      uow.runGrouped(async (tx) => {
        await tx.probes.insert('a');
        tx.emit(noted('a'));
      }, 'room-1'),
      // Only the commit checks a deferred foreign key: the work itself succeeds.
      uow.runGrouped(async (tx) => {
        tx.emit(noted('orphan'));
        await tx.probes.insertChild('c', 'missing');
      }, 'room-1'),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(await uow.repos.probes.ids()).toEqual([]);
    expect(seen).toEqual([]);
  });

  it('with group commit off (GROUP_COMMIT=false) commits each work alone', async () => {
    const counted = countingTransactions(db.kysely);
    uow = new KyselyUnitOfWork(counted.proxy, db.kind, probes, events, { groupCommit: false });
    await Promise.all(['a', 'b', 'c'].map((id) => uow.runGrouped((tx) => tx.probes.insert(id), 'room-1')));
    expect(await uow.repos.probes.ids()).toEqual(['a', 'b', 'c']);
    expect(counted.count.transactions).toBe(3);
  });

  it('runs every handler even when one fails, then reports the failure to the caller', async () => {
    const seen: string[] = [];
    events.on<Noted>('probe.noted', () => {
      throw new Error('socket down');
    });
    events.on<Noted>('probe.noted', (e) => void seen.push(e.id));
    await expect(
      uow.run(async (tx) => {
        await tx.probes.insert('a');
        tx.emit(noted('a'));
      }),
    ).rejects.toThrow('socket down');
    expect(seen).toEqual(['a']);
    // The change itself committed: the failure was in telling others about it.
    expect(await uow.repos.probes.ids()).toEqual(['a']);
  });
});
