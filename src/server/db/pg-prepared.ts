// Named prepared statements for PostgreSQL. Kysely sends every query as unnamed SQL, which
// PostgreSQL parses and plans afresh each time; for the small indexed queries of a sync
// that is most of the database's work (measured: a no-change sync cost PostgreSQL about
// half the CPU with its two queries prepared). So each pooled connection names the SQL it
// has seen (`pg` then parses once per connection and only binds afterwards), up to
// `maxPerConnection` texts; the rest run unnamed, so a stream of one-off texts (`in` lists
// of every length) cannot grow the server's memory without end.
//
// A statement prepared before another instance migrated the schema can fail with
// "cached plan must not change result type" (0A000, e.g. `select *` after a new column).
// Then the text gets a new name and runs again; inside a transaction, where PostgreSQL has
// already aborted it, the error goes up and the transaction is run again (dialect.ts).
// Turned off with DATABASE_PREPARED_STATEMENTS=0 (a connection pooler that cannot keep
// prepared statements, such as PgBouncer before 1.21 in transaction mode).
import type pg from 'pg';

export const maxPerConnection = 300;

const names = Symbol('homeward.prepared');

type Query = (text: unknown, values?: unknown) => Promise<pg.QueryResult>;
type Preparing = pg.PoolClient & { [names]?: Map<string, string> };

/** Transaction control: one message in the simple protocol, nothing to plan. */
const control = /^(begin|commit|rollback|start transaction|savepoint|release)\b/i;

/** PostgreSQL refused a prepared statement planned for an older schema. */
export function isStalePlan(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  return e?.code === '0A000' && typeof e.message === 'string' && e.message.includes('cached plan');
}

function abortedTransaction(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === '25P02';
}

let counter = 0;

function wrap(client: Preparing): void {
  const known = new Map<string, string>();
  client[names] = known;
  const query = client.query.bind(client) as Query;
  const named = (text: string, values: unknown[]): Promise<pg.QueryResult> | null => {
    let name = known.get(text);
    if (!name) {
      if (known.size >= maxPerConnection) return null;
      // Unique in the process, so a renamed text never meets its stale statement.
      name = `hw_${(counter++).toString(36)}`;
      known.set(text, name);
    }
    return query({ name, text, values });
  };
  (client as { query: unknown }).query = async (text: unknown, values?: unknown) => {
    if (typeof text !== 'string' || !Array.isArray(values) || control.test(text)) {
      return query(text, values);
    }
    try {
      return await (named(text, values) ?? query(text, values));
    } catch (err) {
      if (!isStalePlan(err)) throw err;
      known.delete(text);
      try {
        return await (named(text, values) ?? query(text, values));
      } catch (again) {
        // The statement failed inside a transaction, which is now aborted: run it again.
        throw abortedTransaction(again) ? err : again;
      }
    }
  };
}

/** The pool, handing out connections that prepare what they run. */
export function preparingStatements(pool: pg.Pool): pg.Pool {
  const connect = pool.connect.bind(pool) as (cb?: unknown) => Promise<pg.PoolClient>;
  (pool as { connect: unknown }).connect = (cb?: unknown) => {
    // pg-pool's own callback form (pool.query) stays as it was.
    if (typeof cb === 'function') return connect(cb);
    return connect().then((client: Preparing) => {
      if (!client[names]) wrap(client);
      return client;
    });
  };
  return pool;
}
