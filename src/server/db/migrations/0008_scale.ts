// Several instances: `rate_limits`, the request counters they share (used on PostgreSQL;
// SQLite runs one instance and counts in memory, the table stays empty there).
// PostgreSQL only: the text columns staff lists are ordered by compare byte by byte, as
// SQLite's default BINARY collation does, instead of by the database's locale. Ids
// (UUIDs), ISO dates and times and hashes sort the same either way; a new column that is
// ordered by and holds free text gets `collate "C"` on PostgreSQL too.
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { isPostgres } from '../dialect.ts';

const ordered: [table: string, column: string][] = [
  ['classes', 'name'],
  ['families', 'name'],
  ['pupils', 'display_name'],
];

export const scale: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('rate_limits')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('hits', 'integer', (c) => c.notNull())
      .addColumn('reset_at', 'bigint', (c) => c.notNull())
      .execute();
    if (!isPostgres(db)) return;
    for (const [table, column] of ordered) {
      await sql`alter table ${sql.table(table)} alter column ${sql.ref(column)} type text collate "C"`.execute(
        db,
      );
    }
  },
};
