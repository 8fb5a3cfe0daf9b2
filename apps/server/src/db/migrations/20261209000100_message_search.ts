import { sql, SqliteAdapter, type Kysely } from 'kysely';

/**
 * Issue 20, search over messages and attachment names (docs/search.md).
 *
 * SQLite: two FTS5 external-content indexes, `messages_fts` over `messages.text` and `uploads_fts`
 * over `uploads.name`, keyed by the tables' rowids and kept in step by triggers (an insert, an edit, a
 * soft delete emptying the text, a hard delete or a cascade), so a change is searchable, or gone, in
 * the transaction that makes it. The `unicode61 remove_diacritics 2` tokenizer folds case and accents
 * in any script; there is no stemming (multilingual workspaces).
 *
 * PostgreSQL: a generated `tsvector` column on each (`simple` configuration: no stemming, no stop
 * words) with a GIN index; the database keeps it in step with the text by itself. A file name's dots,
 * dashes and underscores count as spaces there (`report_2026.pdf` is found by `report`), as FTS5's
 * tokenizer does by itself.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    for (const { table, column } of INDEXED) await createFts(db, table, column);
    return;
  }
  await sql`alter table messages add column search tsvector
    generated always as (to_tsvector('simple', text)) stored`.execute(db);
  await sql`create index messages_search_idx on messages using gin (search)`.execute(db);
  await sql`alter table uploads add column search tsvector
    generated always as (to_tsvector('simple', translate(name, '._-', '   '))) stored`.execute(db);
  await sql`create index uploads_search_idx on uploads using gin (search)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    for (const { table } of INDEXED) {
      for (const suffix of ['ai', 'ad', 'au']) {
        await sql`drop trigger if exists ${sql.raw(`${table}_fts_${suffix}`)}`.execute(db);
      }
      await sql`drop table if exists ${sql.raw(`${table}_fts`)}`.execute(db);
    }
    return;
  }
  await sql`drop index if exists uploads_search_idx`.execute(db);
  await sql`alter table uploads drop column if exists search`.execute(db);
  await sql`drop index if exists messages_search_idx`.execute(db);
  await sql`alter table messages drop column if exists search`.execute(db);
}

const INDEXED = [
  { table: 'messages', column: 'text' },
  { table: 'uploads', column: 'name' },
] as const;

/** The FTS5 pattern for an external-content table (sqlite.org/fts5.html#external_content_tables). */
async function createFts(db: Kysely<unknown>, table: string, column: string): Promise<void> {
  const fts = sql.raw(`${table}_fts`);
  const t = sql.raw(table);
  const c = sql.raw(column);
  await sql`create virtual table ${fts} using fts5(${c}, content='${t}', content_rowid='rowid',
    tokenize='unicode61 remove_diacritics 2')`.execute(db);
  await sql`create trigger ${sql.raw(`${table}_fts_ai`)} after insert on ${t} begin
    insert into ${fts}(rowid, ${c}) values (new.rowid, new.${c});
  end`.execute(db);
  await sql`create trigger ${sql.raw(`${table}_fts_ad`)} after delete on ${t} begin
    insert into ${fts}(${fts}, rowid, ${c}) values ('delete', old.rowid, old.${c});
  end`.execute(db);
  await sql`create trigger ${sql.raw(`${table}_fts_au`)} after update of ${c} on ${t} begin
    insert into ${fts}(${fts}, rowid, ${c}) values ('delete', old.rowid, old.${c});
    insert into ${fts}(rowid, ${c}) values (new.rowid, new.${c});
  end`.execute(db);
  // Whatever the table already holds.
  await sql`insert into ${fts}(${fts}) values ('rebuild')`.execute(db);
}
