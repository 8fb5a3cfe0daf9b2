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

/** A one-table repository, so the unit of work is tested without any module's tables. */
function probes(db: Kysely<Database>) {
  const raw = db as unknown as Kysely<{ uow_probe: { id: string } }>;
  return {
    probes: {
      insert: (id: string) => raw.insertInto('uow_probe').values({ id }).execute(),
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
      });
    const outcomes = await Promise.allSettled([write('x'), write('taken'), write('y')]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await uow.repos.probes.ids()).toEqual(['taken', 'x', 'y']);
    expect(seen.sort()).toEqual(['x', 'y']);
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
