// Everything that differs between SQLite (the default) and PostgreSQL (DATABASE_URL) lives
// in this file and in database.ts, so the queries elsewhere stay one portable set:
//   - which database a Kysely handle talks to (`isPostgres`);
//   - advisory locks: writers (every write transaction, one at a time across instances on
//     PostgreSQL, so read-then-write code is safe and seq order is commit order), start-up
//     work and sweeps (one instance at a time), and session locks for tus uploads
//     (storage/pg-locker.ts);
//   - what an error from the driver means: a retry is worth it (serialization failure,
//     deadlock, unique violation) or the database is away (503, see plugins/errors.ts).
// SQLite has one writer and one process, so its locks are no-ops.
import { PostgresAdapter, sql, type Kysely, type Transaction } from 'kysely';
import { isStalePlan } from './pg-prepared.ts';
import type { Database } from './schema.ts';

type Executor = Kysely<Database> | Transaction<Database> | Kysely<unknown>;

export function isPostgres(db: Executor): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * Advisory lock keys (the first of PostgreSQL's two-int form; the second is 0 or a hash).
 * Arbitrary, but fixed forever: two versions of the server must agree on them.
 */
export const lockKeys = {
  /** The writers' lock (named for the change log, the first thing it kept in order). */
  changeLog: 0x48570001,
  startup: 0x48570002,
  sweep: 0x48570003,
  tusUpload: 0x48570004,
  rateLimit: 0x48570005,
} as const;

/**
 * The first statement of every `db.transaction()` on PostgreSQL (database.ts): waits until
 * no other write transaction is open, on any instance, and holds the lock to the commit.
 */
export async function lockWriters(trx: Executor): Promise<void> {
  if (!isPostgres(trx)) return;
  await sql`select pg_advisory_xact_lock(${sql.lit(lockKeys.changeLog)}, 0)`.execute(trx);
}

/**
 * Inside a write transaction, just before inserting into `changes`: the writers' lock (a
 * no-op wait in a `db.transaction()`, which took it first; what makes a transaction begun
 * any other way safe). A change's seq is taken after the lock, so changes commit in seq
 * order and a cursor that passed seq N can never miss a change below N that commits later.
 */
export const lockChangeLog = lockWriters;

/**
 * Runs `fn` while this process holds a session-level advisory lock on its own connection
 * (PostgreSQL), so another instance doing the same waits (`wait`) or skips it (`try`:
 * `fn` is not run and the result is `undefined`). On SQLite `fn` just runs.
 */
export async function withInstanceLock<T>(
  db: Kysely<Database>,
  key: keyof typeof lockKeys,
  mode: 'wait' | 'try',
  fn: () => Promise<T>,
): Promise<T | undefined> {
  if (!isPostgres(db)) return fn();
  const k = sql.lit(lockKeys[key]);
  return db.connection().execute(async (conn) => {
    if (mode === 'wait') {
      await sql`select pg_advisory_lock(${k}, 0)`.execute(conn);
    } else {
      const got = await sql<{
        ok: boolean;
      }>`select pg_try_advisory_lock(${k}, 0) as ok`.execute(conn);
      if (!got.rows[0]?.ok) return undefined;
    }
    try {
      return await fn();
    } finally {
      await sql`select pg_advisory_unlock(${k}, 0)`.execute(conn);
    }
  });
}

type DriverError = { code?: unknown; errno?: unknown };

/** PostgreSQL SQLSTATE or SQLite error code of a driver error, if it has one. */
function codeOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as DriverError).code;
  return typeof code === 'string' ? code : undefined;
}

/** Another writer got in the way: the whole transaction may be run again. */
export function isRetryable(err: unknown): boolean {
  const code = codeOf(err);
  return (
    code === '40001' || // serialization_failure
    code === '40P01' || // deadlock_detected
    code === '23505' || // unique_violation: a parallel insert of the same id committed first
    isStalePlan(err) // a prepared statement older than the schema (pg-prepared.ts)
  );
}

/** Transactions kept colliding (serialization failure, deadlock): worth trying later. */
export function isContention(err: unknown): boolean {
  const code = codeOf(err);
  return code === '40001' || code === '40P01';
}

/** The same id or key was inserted already (both databases). */
export function isUniqueViolation(err: unknown): boolean {
  const code = codeOf(err);
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE'
  );
}

const connectionCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01', // admin_shutdown (pg_terminate_backend, a restart)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down)
  '08000', // connection_exception and its subclasses
  '08001',
  '08003',
  '08004',
  '08006',
  '53300', // too_many_connections
  'SQLITE_BUSY', // another process held the file past busy_timeout
]);

const connectionMessages = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Client was closed',
  'Cannot use a pool after calling end',
];

/** The database could not be reached or went away: the request may succeed later. */
export function isConnectionError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    const code = codeOf(e);
    if (code && connectionCodes.has(code)) return true;
    const message = e instanceof Error ? e.message : '';
    if (connectionMessages.some((m) => message.includes(m))) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
