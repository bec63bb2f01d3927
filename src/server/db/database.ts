// Opens the database and brings its schema up to date: SQLite under the data directory
// (the default: better-sqlite3, WAL), or PostgreSQL when a `postgres://` URL is given
// (DATABASE_URL; Kysely's PostgresDialect over a `pg` pool). What differs between the two
// is kept here and in dialect.ts; every query elsewhere is the same on both.
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type TransactionBuilder } from 'kysely';
import pg from 'pg';
import { isRetryable, lockWriters, withInstanceLock } from './dialect.ts';
import { privateDirSync, privateFileSync } from '../storage/private-files.ts';
import { migrateToLatest } from './migrate.ts';
import { preparingStatements } from './pg-prepared.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

export type DatabaseTarget = {
  /** Where the SQLite file lives (and, for both, the demo credentials). */
  dataDir: string;
  /** `postgres://user:pass@host:port/db` selects PostgreSQL; anything else is refused. */
  databaseUrl?: string | undefined;
  /** Connections in the PostgreSQL pool (default 10). */
  poolSize?: number | undefined;
  /** Named prepared statements on PostgreSQL (default on; pg-prepared.ts). */
  preparedStatements?: boolean | undefined;
};

/** A start-up failure that one line explains; server.ts prints the message, no stack. */
export class StartupError extends Error {}

export async function openDatabase(target: string | DatabaseTarget): Promise<Db> {
  const t = typeof target === 'string' ? { dataDir: target } : target;
  const db = t.databaseUrl
    ? await openPostgres(t.databaseUrl, t.poolSize, t.preparedStatements !== false)
    : openSqlite(t.dataDir);
  try {
    // Several instances may start at once: one migrates, the others wait (on SQLite this
    // just runs).
    await withInstanceLock(db, 'startup', 'wait', async () => {
      await migrateToLatest(db);
      await ensureEpoch(db);
    });
  } catch (err) {
    await db.destroy().catch(() => {});
    throw err;
  }
  return db;
}

function openSqlite(dataDir: string): Db {
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
  return new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
  });
}

/**
 * Counts, sums and the change log's seq are bigint/numeric on PostgreSQL, which `pg`
 * hands over as strings; they are numbers here as on SQLite (all far below 2^53).
 */
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** Where a URL points, without its password, for messages. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.username ? `${u.username}@` : ''}${u.host}${u.pathname}`;
  } catch {
    return 'an unreadable URL';
  }
}

export function pgPoolConfig(url: string, max = 10): pg.PoolConfig {
  return {
    connectionString: url,
    // Start-up holds one connection for its lock while migrating on another.
    max: Math.max(2, max),
    types: pgTypes,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    // A request never waits forever on a database that stopped answering.
    statement_timeout: 30_000,
    application_name: 'homeward',
  };
}

async function openPostgres(
  url: string,
  poolSize: number | undefined,
  prepare: boolean,
): Promise<Db> {
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new StartupError(
      `DATABASE_URL must start with postgres:// (it is ${describeUrl(url)}); leave it unset to use SQLite under DATA_DIR.`,
    );
  }
  const pool = new pg.Pool(pgPoolConfig(url, poolSize));
  // An idle connection the server closed (restart, pg_terminate_backend) must not crash the
  // process: the pool drops it and the next query connects again.
  pool.on('error', () => {});
  // The same for a connection in use (between two statements of a transaction): its next
  // query fails with a connection error, answered as a 503 (plugins/errors.ts).
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  try {
    const client = await pool.connect();
    client.release();
  } catch (err) {
    await pool.end().catch(() => {});
    const reason = err instanceof Error ? err.message : String(err);
    throw new StartupError(`Cannot connect to the database at ${describeUrl(url)}: ${reason}`);
  }
  return new SerialWritersKysely({
    dialect: new PostgresDialect({ pool: prepare ? preparingStatements(pool) : pool }),
  });
}

const maxAttempts = 10;

/**
 * On PostgreSQL every `db.transaction()` begins by taking the writers' lock (dialect.ts,
 * `lockWriters`) and holds it to its commit: write transactions run one at a time across
 * every instance, as on SQLite, where one writer at a time is the rule. Read-then-write
 * code (an idempotent PUT whose retry arrives while the first attempt is still in flight, a
 * revision check, the upload quota) then sees what the writer before it committed: the
 * lock comes first and, at PostgreSQL's default isolation (read committed), every later
 * statement reads what was committed before it. The change log gets its seq order from
 * the same lock.
 *
 * Not SERIALIZABLE: its predicate locks cover index pages, and ids made one after another
 * (UUIDv7) land on the same page, so any two writes to one table at once looked like a
 * conflict: half of 80 marks sent at once failed and were run again, and in the rush some
 * ran out of tries (503). Queued behind one lock, none has to be run again.
 *
 * A transaction is still run again (up to 10 times, after a random pause that grows with
 * each attempt, at most 250 ms) on a deadlock or a unique violation, which a write outside
 * any transaction can still cause. Transaction callbacks therefore touch only the database
 * and return what the caller acts on afterwards; they are short, since every other writer
 * waits for them. Plain queries outside a transaction do not wait.
 */
class SerialWritersKysely extends Kysely<Database> {
  override transaction(): TransactionBuilder<Database> {
    const builder = super.transaction();
    const once = builder.execute.bind(builder);
    builder.execute = async (callback) => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await once(async (trx) => {
            await lockWriters(trx);
            return callback(trx);
          });
        } catch (err) {
          if (attempt >= maxAttempts || !isRetryable(err)) throw err;
          // Full jitter over a growing window: sixty writers that collided at once spread
          // out instead of colliding again in the same few milliseconds.
          await sleep(Math.random() * Math.min(250, 4 * 2 ** attempt));
        }
      }
    };
    return builder;
  }
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
    .values({ key: 'epoch', value: newEpoch() })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}

export function newEpoch(): string {
  return randomBytes(4).toString('base64url');
}

/** Gives the database a new epoch (after a restore): every phone's cursor becomes unknown. */
export async function renewEpoch(db: Db): Promise<string> {
  const value = newEpoch();
  await db.updateTable('meta').set({ value }).where('key', '=', 'epoch').execute();
  return value;
}

export async function readEpoch(db: Db): Promise<string> {
  const row = await db
    .selectFrom('meta')
    .select('value')
    .where('key', '=', 'epoch')
    .executeTakeFirstOrThrow();
  return row.value;
}
