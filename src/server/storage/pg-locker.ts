// tus locking across instances (PostgreSQL): an upload is written by one request at a
// time, whichever instance it reaches. Each instance keeps ONE connection for its tus
// locks and holds a session-level advisory lock per upload on it (a crash or a dropped
// connection releases them all). A request that finds the lock taken asks the holder to
// let go, as @tus/server's in-process MemoryLocker does, but across instances: in
// this process directly, elsewhere by NOTIFY on `homeward_tus_release`, which every
// instance LISTENs to; a phone that resumes after a dropped connection so never waits for
// its own stale request to time out. SQLite (one instance) keeps tus's MemoryLocker.
import { setTimeout as sleep } from 'node:timers/promises';
import { ERRORS, type Lock, type Locker, type RequestRelease } from '@tus/utils';
import pg from 'pg';
import { lockKeys } from '../db/dialect.ts';

const channel = 'homeward_tus_release';

export class PgLocker implements Locker {
  readonly #url: string;
  readonly #timeoutMs: number;
  #client: Promise<pg.Client> | null = null;
  /** Uploads this instance holds (or is acquiring), and how to ask each holder to stop. */
  readonly held = new Map<string, RequestRelease>();

  constructor(url: string, timeoutMs = 30_000) {
    this.#url = url;
    this.#timeoutMs = timeoutMs;
  }

  newLock(id: string): Lock {
    return new PgLock(this, id, this.#timeoutMs);
  }

  /** The lock connection, opened (and listening) on first use and after it was lost. */
  client(): Promise<pg.Client> {
    this.#client ??= (async () => {
      const c = new pg.Client({ connectionString: this.#url, application_name: 'homeward-tus' });
      c.on('error', () => {
        // Every advisory lock went with the connection; the next request reconnects.
        this.#client = null;
      });
      c.on('notification', (n) => {
        const release = n.payload ? this.held.get(n.payload) : undefined;
        if (release) void release();
      });
      await c.connect();
      await c.query(`listen ${channel}`);
      return c;
    })().catch((err: unknown) => {
      this.#client = null;
      throw err;
    });
    return this.#client;
  }

  /** One query at a time on the lock connection, in the order they were asked. */
  #queue: Promise<unknown> = Promise.resolve();
  query(text: string, values: unknown[]): Promise<pg.QueryResult> {
    const run = this.#queue.then(async () => (await this.client()).query(text, values));
    this.#queue = run.catch(() => {});
    return run;
  }

  async close(): Promise<void> {
    const c = this.#client;
    this.#client = null;
    if (c) await (await c.catch(() => null))?.end().catch(() => {});
  }
}

class PgLock implements Lock {
  readonly #locker: PgLocker;
  readonly #id: string;
  readonly #timeoutMs: number;

  constructor(locker: PgLocker, id: string, timeoutMs: number) {
    this.#locker = locker;
    this.#id = id;
    this.#timeoutMs = timeoutMs;
  }

  async lock(signal: AbortSignal, requestRelease: RequestRelease): Promise<void> {
    const deadline = Date.now() + this.#timeoutMs;
    const held = this.#locker.held;
    while (!signal.aborted && Date.now() < deadline) {
      const local = held.get(this.#id);
      if (local) {
        // Another request of this instance has it: ask it to finish, then try again.
        await local();
        await sleep(10);
        continue;
      }
      held.set(this.#id, requestRelease);
      let got = false;
      try {
        const r = await this.#locker.query('select pg_try_advisory_lock($1, hashtext($2)) as ok', [
          lockKeys.tusUpload,
          this.#id,
        ]);
        got = r.rows[0]?.ok === true;
      } finally {
        if (!got) held.delete(this.#id);
      }
      if (got) return;
      // Another instance has it: ask it to let go.
      await this.#locker.query('select pg_notify($1, $2)', [channel, this.#id]);
      await sleep(50);
    }
    throw ERRORS.ERR_LOCK_TIMEOUT;
  }

  async unlock(): Promise<void> {
    this.#locker.held.delete(this.#id);
    await this.#locker.query('select pg_advisory_unlock($1, hashtext($2))', [
      lockKeys.tusUpload,
      this.#id,
    ]);
  }
}
