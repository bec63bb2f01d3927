// Request counters in the database, so every instance behind the load balancer counts the
// same client's requests together (a fixed window per key: the first hit opens it, hits
// after its end start a new one). @fastify/rate-limit's store interface on top.
import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Db } from './database.ts';

/** One more hit on `key`; what the count is now and how long the window has left. */
export async function hitCounter(
  db: Db,
  key: string,
  windowMs: number,
  nowMs: number,
): Promise<{ current: number; ttl: number }> {
  const row = await db
    .insertInto('rate_limits')
    .values({ key, hits: 1, reset_at: nowMs + windowMs })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => {
        const expired = eb('rate_limits.reset_at', '<=', nowMs);
        return {
          hits: eb
            .case()
            .when(expired)
            .then(1)
            .else(eb('rate_limits.hits', '+', 1))
            .end(),
          reset_at: eb
            .case()
            .when(expired)
            .then(nowMs + windowMs)
            .else(eb.ref('rate_limits.reset_at'))
            .end(),
        };
      }),
    )
    .returning(['hits', 'reset_at'])
    .executeTakeFirstOrThrow();
  // Now and then, forget windows that ended long ago.
  if (Math.random() < 0.001) {
    await db
      .deleteFrom('rate_limits')
      .where('reset_at', '<', nowMs - 86_400_000)
      .execute();
  }
  return { current: Number(row.hits), ttl: Math.max(0, Number(row.reset_at) - nowMs) };
}

type Callback = (err: Error | null, res?: { current: number; ttl: number }) => void;

/**
 * A store for @fastify/rate-limit backed by `rate_limits`; each route's limiter counts
 * under its own prefix (the route's method and URL).
 */
export function databaseRateLimitStore(db: Db): FastifyRateLimitStoreCtor {
  // At run time each route's child gets the merged limiter options with `routeInfo`.
  type Opts = { routeInfo?: { method?: unknown; url?: string } };
  return class DatabaseRateLimitStore {
    readonly prefix: string;
    constructor(opts?: object) {
      const route = (opts as Opts | undefined)?.routeInfo;
      this.prefix = route?.url ? `${String(route.method)} ${route.url}|` : 'global|';
    }
    incr(key: string, cb: Callback, timeWindow: number): void {
      hitCounter(db, this.prefix + key, timeWindow, Date.now()).then(
        (res) => cb(null, res),
        (err: unknown) => cb(err instanceof Error ? err : new Error(String(err))),
      );
    }
    child(routeOptions: object) {
      return new DatabaseRateLimitStore(routeOptions);
    }
  };
}
