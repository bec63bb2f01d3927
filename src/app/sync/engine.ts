// The ONE sync engine: drain the outbox (in the order entries were written), then pull
// changes page by page. Single flight in this tab, one drain at a time across tabs (Web
// Locks), exponential backoff with jitter on failures, a cheap probe while the wait is
// long, typed status events. No DOM here: the page and the service worker both run it
// (see README.md beside this file).
import type { SyncResponse } from '../../shared/api.ts';
import type { HomewardDB, OutboxEntry, SkippedChanges } from '../data/db.ts';
import { getDevice, getMeta, setMeta } from '../data/meta.ts';
import {
  acknowledge,
  entriesInOrder,
  outboxReport,
  recordAttemptFailure,
  rejectEntry,
} from '../data/outbox.ts';
import type { OutboxReport } from '../../shared/outbox-report.ts';
import { applySyncPage } from '../data/pull.ts';
import { entryError, SyncError, toSyncError } from './errors.ts';
import { uploadAgainCodes } from './sendSubmission.ts';

export type SyncReason =
  'start' | 'online' | 'visible' | 'write' | 'retry' | 'background' | 'manual' | 'probe';

export type SyncErrorKind = 'offline' | 'server' | 'revoked' | 'unauthorized' | 'outdated';

export type SyncEvent =
  | { type: 'start'; reason: SyncReason }
  | { type: 'progress'; sent: number; total: number }
  /** Bytes of one outbox entry (a photo submission) the server has acknowledged. */
  | { type: 'upload'; recordId: string; sent: number; total: number }
  | { type: 'success'; at: string; sent: number; pulled: number }
  | { type: 'error'; kind: SyncErrorKind; message: string; retryInMs: number | null };

/** A sync page as the phone read it: what it understood, and how many changes it skipped. */
export type SyncPage = SyncResponse & {
  /** Changes this build could not read (unknown entity or value), by entity name. */
  skipped?: Record<string, number>;
};

export type Transport = {
  send(
    entry: OutboxEntry,
    token: string,
    onProgress: (sent: number, total: number) => void,
  ): Promise<void>;
  /**
   * Absent: drain only (the service worker's Background Sync; pulls wait for the page).
   * `outbox`: what the phone still holds after the drain, told to the school.
   */
  pull?(since: string | undefined, token: string, outbox?: OutboxReport): Promise<SyncPage>;
  /** After a complete pull: fetch what sync only named (media bytes). Best effort. */
  afterPull?(token: string): Promise<void>;
  /** A cheap "is the server there?" (HEAD /api/health) while a long backoff runs. */
  probe?(): Promise<boolean>;
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
  /** While a retry is further away than this, probe the server this often. */
  probeEveryMs?: number;
  /** Entries to leave queued for now (data saver: photos wait for Wi-Fi). */
  hold?: (entry: OutboxEntry) => boolean | Promise<boolean>;
  /** This build's version: changes skipped by an older build are asked for again. */
  appVersion?: string;
};

export type SyncEngine = {
  /** Runs a sync now, or joins the one running (then runs once more after it). */
  sync(reason: SyncReason): Promise<void>;
  subscribe(listener: (event: SyncEvent) => void): () => void;
  /** Forget the backoff (e.g. the browser says it is online again). */
  resetBackoff(): void;
  /** Resolves once no run is going (tests). */
  whenIdle(): Promise<void>;
  dispose(): void;
};

/** Failures of the same kind in a row after which an entry is shown as needing attention. */
export const repeatsBeforeAttention = 3;
/** Per-entry server failures in one drain after which the drain stops (the server is ill). */
const failuresPerDrain = 3;
/** An answer this recent means a failure is a flaky link, not a dead one. */
const flakyWindowMs = 60_000;
/** Statuses that say the whole server is unavailable: stop the drain, not just this entry. */
const serverDown = new Set([0, 429, 502, 503, 504]);

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

/** Does this entry depend on a record that cannot go yet (same record, or named in it)? */
function dependsOn(entry: OutboxEntry, blocked: ReadonlySet<string>): boolean {
  if (blocked.size === 0) return false;
  if (blocked.has(entry.recordId)) return true;
  const text = JSON.stringify(entry.body ?? null);
  for (const id of blocked) if (text.includes(id)) return true;
  return false;
}

type DrainResult = { sent: number; failed: SyncError | null };

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { db, transport } = options;
  const locks = options.locks ?? localLocks();
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer =
    options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const { baseMs, maxMs } = options.backoff ?? { baseMs: 2_000, maxMs: 5 * 60_000 };
  const probeEveryMs = options.probeEveryMs ?? 20_000;

  const listeners = new Set<(event: SyncEvent) => void>();
  let running: Promise<void> | null = null;
  let again: SyncReason | null = null;
  let failures = 0;
  let retryTimer: unknown = null;
  let probeTimer: unknown = null;
  let disposed = false;
  /** When a request last got an answer it wanted (a delivery, a page, a probe). */
  let lastOkAt = -Infinity;
  const answered = () => {
    lastOkAt = now().getTime();
  };

  const emit = (event: SyncEvent) => {
    for (const l of listeners) l(event);
  };

  /** What one entry's failure means for it and for the rest of this drain. */
  async function settleFailure(entry: OutboxEntry, error: SyncError): Promise<'stop' | 'next'> {
    const stored = entryError(error);
    if (error.fault === 'auth' || error.fault === 'outdated') return 'stop';
    if (error.fault === 'refused' || (error.fault === 'local' && error.code !== 'app_error')) {
      await rejectEntry(db, entry, stored);
      return 'next';
    }
    const repeats = await recordAttemptFailure(db, entry, stored);
    if (error.fault === 'network') return 'stop';
    // The same repair failing again and again (a damaged upload), or an unexpected error
    // here: shown as needing attention instead of retried for ever in silence.
    const repeating = error.fault === 'local' || uploadAgainCodes.has(error.code);
    if (repeating && repeats >= repeatsBeforeAttention) {
      await db.outbox.update(entry.id, { state: 'rejected' });
    }
    return error.fault === 'server' && serverDown.has(error.status) ? 'stop' : 'next';
  }

  async function drain(token: string): Promise<DrainResult> {
    const all = await entriesInOrder(db);
    // Set-aside entries hold back what depends on them (a star waits for its chart).
    const blocked = new Set(all.filter((e) => e.state === 'rejected').map((e) => e.recordId));
    const queue = all.filter((e) => e.state === 'queued');
    let sent = 0;
    let failed: SyncError | null = null;
    let failedHere = 0;
    for (const entry of queue) {
      if (dependsOn(entry, blocked) || (await options.hold?.(entry))) {
        blocked.add(entry.recordId);
        continue;
      }
      emit({ type: 'progress', sent, total: queue.length });
      try {
        await transport.send(entry, token, (bytes, of) =>
          emit({ type: 'upload', recordId: entry.recordId, sent: bytes, total: of }),
        );
      } catch (caught) {
        const error = toSyncError(caught);
        blocked.add(entry.recordId);
        const next = await settleFailure(entry, error);
        if (next === 'stop') {
          if (error.fault === 'auth' || error.fault === 'outdated') throw error;
          return { sent, failed: error };
        }
        if (error.fault === 'server' || error.code === 'app_error') {
          failed = error;
          failedHere += 1;
          if (failedHere >= failuresPerDrain) return { sent, failed };
        }
        continue;
      }
      answered();
      await acknowledge(db, entry);
      sent += 1;
    }
    if (queue.length) emit({ type: 'progress', sent, total: queue.length });
    return { sent, failed };
  }

  async function pullAll(token: string): Promise<number> {
    if (!transport.pull) return 0;
    await askAgainForSkipped();
    let since = await getMeta<string>(db, 'cursor');
    let pulled = 0;
    const outbox = await outboxReport(db, now());
    for (let page = 0; page < 1000; page += 1) {
      let response: SyncPage;
      try {
        response = await transport.pull(since, token, outbox);
      } catch (error) {
        throw toSyncError(error);
      }
      answered();
      await applySyncPage(db, response, now(), skippedRecord(response.skipped));
      pulled += response.changes.length;
      since = response.cursor;
      if (!response.more) break;
    }
    return pulled;
  }

  function skippedRecord(skipped: Record<string, number> | undefined) {
    if (!skipped || !options.appVersion) return undefined;
    return { byEntity: skipped, appVersion: options.appVersion, at: now().toISOString() };
  }

  /**
   * Changes an older build skipped have passed the cursor: once this build (which may
   * understand them) runs, it asks for everything again, which never touches unsent writes.
   */
  async function askAgainForSkipped(): Promise<void> {
    const skipped = await getMeta<SkippedChanges>(db, 'syncSkipped');
    if (!skipped || !options.appVersion || skipped.appVersion === options.appVersion) return;
    await db.transaction('rw', db.meta, async () => {
      await db.meta.bulkDelete(['cursor', 'syncSkipped']);
    });
  }

  async function runOnce(reason: SyncReason): Promise<void> {
    const device = await getDevice(db);
    if (!device || (await getMeta<boolean>(db, 'revoked'))) return;
    emit({ type: 'start', reason });
    let sent = 0;
    try {
      const result = await locks.request('homeward-sync', async () => {
        const drained = await drain(device.token);
        sent = drained.sent;
        // No answer at all, or the whole server unwell: pulling would fail the same way.
        if (drained.failed && (drained.failed.fault === 'network' || isDown(drained.failed))) {
          throw drained.failed;
        }
        return { ...drained, pulled: await pullAll(device.token) };
      });
      await transport.afterPull?.(device.token).catch(() => undefined);
      if (await getMeta(db, 'appTooOld')) await setMeta(db, 'appTooOld', null);
      if (result.failed) {
        backOff(result.failed, result.sent);
        return;
      }
      failures = 0;
      emit({ type: 'success', at: now().toISOString(), sent: result.sent, pulled: result.pulled });
    } catch (caught) {
      const error = toSyncError(caught);
      if (error.fault === 'auth') {
        if (error.code === 'device_revoked') await setMeta(db, 'revoked', true);
        const kind = error.code === 'device_revoked' ? 'revoked' : 'unauthorized';
        emit({ type: 'error', kind, message: error.message, retryInMs: null });
        return;
      }
      if (error.fault === 'outdated') {
        // Nothing this build sends is answered any more: wait for the update, keep all.
        await setMeta(db, 'appTooOld', options.appVersion ?? 'unknown');
        emit({ type: 'error', kind: 'outdated', message: error.message, retryInMs: null });
        return;
      }
      backOff(error, sent);
    }
  }

  const isDown = (e: SyncError) => e.fault === 'server' && serverDown.has(e.status);

  function backOff(error: SyncError, sent: number) {
    // Anything delivered, or (for a lost connection) any answer lately, means the link
    // works at times: start the backoff again from the bottom, or a lossy link leaves the
    // queue waiting minutes between its good moments. A link that stays silent, or a
    // server that keeps failing, backs off further.
    const flaky = error.fault === 'network' && now().getTime() - lastOkAt < flakyWindowMs;
    if (sent > 0 || flaky) failures = 0;
    failures += 1;
    const retryInMs = scheduleRetry();
    emit({
      type: 'error',
      kind: error.fault === 'network' ? 'offline' : 'server',
      message: error.message,
      retryInMs,
    });
  }

  function clearTimers() {
    if (retryTimer !== null) clearTimer(retryTimer);
    if (probeTimer !== null) clearTimer(probeTimer);
    retryTimer = null;
    probeTimer = null;
  }

  function scheduleRetry(): number {
    const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(failures - 1, 20));
    // "Equal jitter": at least half the ceiling, so retries spread without bunching at 0.
    const delay = Math.round(ceiling / 2 + random() * (ceiling / 2));
    clearTimers();
    retryTimer = setTimer(() => {
      retryTimer = null;
      if (probeTimer !== null) clearTimer(probeTimer);
      probeTimer = null;
      void engine.sync('retry');
    }, delay);
    if (transport.probe && delay > probeEveryMs) scheduleProbe(delay - probeEveryMs);
    return delay;
  }

  /** No `online` event fires when a bad link becomes good: ask the server, cheaply. */
  function scheduleProbe(remainingMs: number) {
    probeTimer = setTimer(() => {
      probeTimer = null;
      void (async () => {
        const up = await transport.probe?.().catch(() => false);
        if (disposed || retryTimer === null) return;
        if (up) {
          answered();
          clearTimers();
          void engine.sync('probe');
        } else if (remainingMs > probeEveryMs) {
          scheduleProbe(remainingMs - probeEveryMs);
        }
      })();
    }, probeEveryMs);
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
      clearTimers();
    },
    whenIdle: () => running ?? Promise.resolve(),
    dispose() {
      disposed = true;
      clearTimers();
      listeners.clear();
    },
  };
  return engine;
}
