// The ONE sync engine: drain the outbox (oldest first), then pull changes page by page.
// Single flight in this tab, one drain at a time across tabs (Web Locks), exponential
// backoff with jitter on failures, typed status events. No DOM here: the page and the
// service worker both run it (see README.md beside this file).
import type { SyncResponse } from '../../shared/api.ts';
import type { HomewardDB, OutboxEntry } from '../data/db.ts';
import { getDevice, getMeta, setMeta } from '../data/meta.ts';
import { acknowledge, queuedEntries, recordAttemptFailure, rejectEntry } from '../data/outbox.ts';
import { applySyncPage } from '../data/pull.ts';
import { HttpError, NetworkError } from '../net/http.ts';

export type SyncReason =
  'start' | 'online' | 'visible' | 'write' | 'retry' | 'background' | 'manual';

export type SyncErrorKind = 'offline' | 'server' | 'revoked' | 'unauthorized';

export type SyncEvent =
  | { type: 'start'; reason: SyncReason }
  | { type: 'progress'; sent: number; total: number }
  /** Bytes of one outbox entry (a photo submission) on their way. */
  | { type: 'upload'; recordId: string; sent: number; total: number }
  | { type: 'success'; at: string; sent: number; pulled: number }
  | { type: 'error'; kind: SyncErrorKind; message: string; retryInMs: number | null };

export type Transport = {
  send(
    entry: OutboxEntry,
    token: string,
    onProgress: (sent: number, total: number) => void,
  ): Promise<void>;
  /** Absent: drain only (the service worker's Background Sync; pulls wait for the page). */
  pull?(since: string | undefined, token: string): Promise<SyncResponse>;
  /** After a complete pull: fetch what sync only named (media bytes). Best effort. */
  afterPull?(token: string): Promise<void>;
};

export type LockManagerLike = {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
};

export type SyncEngineOptions = {
  db: HomewardDB;
  transport: Transport;
  locks?: LockManagerLike;
  now?: () => Date;
  random?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  backoff?: { baseMs: number; maxMs: number };
  /** Entries to leave queued for now (data saver: photos wait for Wi-Fi). */
  hold?: (entry: OutboxEntry) => boolean | Promise<boolean>;
};

export type SyncEngine = {
  /** Runs a sync now, or joins the one running (then runs once more after it). */
  sync(reason: SyncReason): Promise<void>;
  subscribe(listener: (event: SyncEvent) => void): () => void;
  /** Forget the backoff (e.g. the browser says it is online again). */
  resetBackoff(): void;
  dispose(): void;
};

/** Statuses that will never succeed by retrying the same request. */
const permanent = new Set([400, 403, 404, 409, 410, 413, 415, 422]);

class RetryableError extends Error {
  readonly kind: 'offline' | 'server';
  constructor(kind: 'offline' | 'server', message: string) {
    super(message);
    this.kind = kind;
  }
}

class AuthError extends Error {
  readonly kind: 'revoked' | 'unauthorized';
  constructor(kind: 'revoked' | 'unauthorized', message: string) {
    super(message);
    this.kind = kind;
  }
}

/** In-process fallback where the Web Locks API is missing (old Safari, tests). */
export function localLocks(): LockManagerLike {
  const tails = new Map<string, Promise<unknown>>();
  return {
    request(name, callback) {
      const previous = tails.get(name) ?? Promise.resolve();
      const run = previous.then(callback, callback);
      tails.set(
        name,
        run.catch(() => undefined),
      );
      return run;
    },
  };
}

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { db, transport } = options;
  const locks = options.locks ?? localLocks();
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer =
    options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const { baseMs, maxMs } = options.backoff ?? { baseMs: 2_000, maxMs: 5 * 60_000 };

  const listeners = new Set<(event: SyncEvent) => void>();
  let running: Promise<void> | null = null;
  let again: SyncReason | null = null;
  let failures = 0;
  let retryTimer: unknown = null;
  let disposed = false;

  const emit = (event: SyncEvent) => {
    for (const l of listeners) l(event);
  };

  function classify(error: unknown): Error {
    if (error instanceof NetworkError) return new RetryableError('offline', error.message);
    if (error instanceof HttpError) {
      if (error.status === 401) {
        return new AuthError(
          error.code === 'device_revoked' ? 'revoked' : 'unauthorized',
          error.message,
        );
      }
      return new RetryableError('server', error.message);
    }
    return error instanceof Error ? error : new Error(String(error));
  }

  async function drain(token: string): Promise<number> {
    const entries = await queuedEntries(db);
    let sent = 0;
    for (const entry of entries) {
      if (await options.hold?.(entry)) continue;
      emit({ type: 'progress', sent, total: entries.length });
      try {
        await transport.send(entry, token, (bytes, of) =>
          emit({ type: 'upload', recordId: entry.recordId, sent: bytes, total: of }),
        );
      } catch (error) {
        if (error instanceof HttpError && permanent.has(error.status)) {
          // Kept, visible, and skipped: one refused item must not block the others.
          await rejectEntry(db, entry, { code: error.code, message: error.message });
          continue;
        }
        const classified = classify(error);
        if (classified instanceof RetryableError) {
          await recordAttemptFailure(db, entry, {
            code: error instanceof HttpError ? error.code : 'network',
            message: classified.message,
          });
        }
        throw classified;
      }
      await acknowledge(db, entry);
      sent += 1;
    }
    if (entries.length) emit({ type: 'progress', sent, total: entries.length });
    return sent;
  }

  async function pullAll(token: string): Promise<number> {
    if (!transport.pull) return 0;
    let since = await getMeta<string>(db, 'cursor');
    let pulled = 0;
    for (let page = 0; page < 1000; page += 1) {
      let response: SyncResponse;
      try {
        response = await transport.pull(since, token);
      } catch (error) {
        throw classify(error);
      }
      await applySyncPage(db, response, now());
      pulled += response.changes.length;
      since = response.cursor;
      if (!response.more) break;
    }
    return pulled;
  }

  async function runOnce(reason: SyncReason): Promise<void> {
    const device = await getDevice(db);
    if (!device || (await getMeta<boolean>(db, 'revoked'))) return;
    emit({ type: 'start', reason });
    try {
      const { sent, pulled } = await locks.request('homeward-sync', async () => ({
        sent: await drain(device.token),
        pulled: await pullAll(device.token),
      }));
      await transport.afterPull?.(device.token).catch(() => undefined);
      failures = 0;
      emit({ type: 'success', at: now().toISOString(), sent, pulled });
    } catch (error) {
      if (error instanceof AuthError) {
        if (error.kind === 'revoked') await setMeta(db, 'revoked', true);
        emit({ type: 'error', kind: error.kind, message: error.message, retryInMs: null });
        return;
      }
      const kind = error instanceof RetryableError ? error.kind : 'server';
      const message = error instanceof Error ? error.message : String(error);
      failures += 1;
      const retryInMs = scheduleRetry();
      emit({ type: 'error', kind, message, retryInMs });
    }
  }

  function scheduleRetry(): number {
    const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(failures - 1, 20));
    // "Equal jitter": at least half the ceiling, so retries spread without bunching at 0.
    const delay = Math.round(ceiling / 2 + random() * (ceiling / 2));
    if (retryTimer !== null) clearTimer(retryTimer);
    retryTimer = setTimer(() => {
      retryTimer = null;
      void engine.sync('retry');
    }, delay);
    return delay;
  }

  const engine: SyncEngine = {
    sync(reason) {
      if (disposed) return Promise.resolve();
      if (running) {
        again = reason;
        return running;
      }
      running = (async () => {
        try {
          let next: SyncReason | null = reason;
          while (next) {
            again = null;
            await runOnce(next);
            next = disposed ? null : again;
          }
        } finally {
          running = null;
        }
      })();
      return running;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    resetBackoff() {
      failures = 0;
      if (retryTimer !== null) clearTimer(retryTimer);
      retryTimer = null;
    },
    dispose() {
      disposed = true;
      if (retryTimer !== null) clearTimer(retryTimer);
      listeners.clear();
    },
  };
  return engine;
}
