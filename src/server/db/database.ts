// Opens the SQLite database under the data directory and brings its schema up to date.
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { privateDirSync, privateFileSync } from '../storage/private-files.ts';
import { migrateToLatest } from './migrate.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

export async function openDatabase(dataDir: string): Promise<Db> {
  privateDirSync(dataDir);
  // Made 0600 before SQLite opens it: SQLite gives its -wal and -shm files the same mode.
  const file = join(dataDir, 'homeward.sqlite');
  privateFileSync(file);
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // WAL makes NORMAL durable against application crashes; only an OS crash can lose
  // the last transactions, never corrupt the file.
  sqlite.pragma('synchronous = NORMAL');
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
  });
  await migrateToLatest(db);
  await ensureEpoch(db);
  return db;
}

/**
 * Kysely prepares every query afresh; preparing costs more than running the small
 * indexed queries of a sync. Kysely's SQL text for a query shape is stable, so cache the
 * prepared statements by text (bounded, oldest dropped first).
 */
function withStatementCache(sqlite: SQLite.Database) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare: (sql: string) => {
      let stmt = cache.get(sql);
      if (!stmt) {
        stmt = sqlite.prepare(sql);
        if (cache.size >= 500) cache.delete(cache.keys().next().value as string);
        cache.set(sql, stmt);
      }
      return stmt;
    },
  };
}

/**
 * A random id for this database, part of every sync cursor: a cursor from another
 * database (restored backup, re-created demo) is recognised as unknown and answered
 * with a full snapshot instead of silently skipping changes.
 */
async function ensureEpoch(db: Db): Promise<void> {
  await db
    .insertInto('meta')
    .values({ key: 'epoch', value: randomBytes(4).toString('base64url') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}

export async function readEpoch(db: Db): Promise<string> {
  const row = await db
    .selectFrom('meta')
    .select('value')
    .where('key', '=', 'epoch')
    .executeTakeFirstOrThrow();
  return row.value;
}
