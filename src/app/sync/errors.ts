// Sync errors that say whose fault they are, so each gets its own recovery (the engine's
// table in README.md): what the phone itself lacks, no answer, the server failing, the
// server refusing, this phone not (or no longer) let in, this app too old for the server.
import type { EntryError, LocalErrorCode } from '../data/db.ts';
import { HttpError, NetworkError } from '../net/http.ts';

export type SyncFault = 'local' | 'network' | 'server' | 'refused' | 'auth' | 'outdated';

export class SyncError extends Error {
  override name = 'SyncError';
  readonly fault: SyncFault;
  readonly code: EntryError['code'];
  /** HTTP status of the answer, 0 when there was none. */
  readonly status: number;
  constructor(fault: SyncFault, code: EntryError['code'], message: string, status = 0) {
    super(message);
    this.fault = fault;
    this.code = code;
    this.status = status;
  }
}

/** What an entry needs is not on this phone, or does not read: set it aside, go on. */
export class LocalDataError extends SyncError {
  override name = 'LocalDataError';
  declare readonly code: LocalErrorCode;
  constructor(code: LocalErrorCode, message: string) {
    super('local', code, message);
  }
}

/** Statuses that will never succeed by sending the same request again. */
const refusals = new Set([400, 403, 404, 405, 409, 410, 412, 413, 415, 422]);

export function toSyncError(error: unknown): SyncError {
  if (error instanceof SyncError) return error;
  if (error instanceof NetworkError) return new SyncError('network', 'network', error.message);
  if (error instanceof HttpError) {
    const { status, code, message } = error;
    if (status === 401) return new SyncError('auth', code, message, status);
    if (status === 426) return new SyncError('outdated', 'app_too_old', message, status);
    if (refusals.has(status)) return new SyncError('refused', code, message, status);
    if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
      return new SyncError('refused', code, message, status);
    }
    return new SyncError('server', code, message, status);
  }
  // A bug or a storage hiccup on this phone: counted, and set aside if it keeps happening.
  const message = error instanceof Error ? error.message : String(error);
  return new SyncError('local', 'app_error', message);
}

/** The stored form of an entry's failure. */
export const entryError = (e: SyncError): EntryError => ({
  code: e.code,
  message: e.message,
  fault: e.fault === 'local' || e.fault === 'refused' || e.fault === 'server' ? e.fault : 'network',
});
