// The one error type handlers throw; plugins/errors.ts turns it into { error: { code, message } }.
import type { ErrorCode } from '../../shared/errors.ts';

export class HttpError extends Error {
  readonly statusCode: number;
  readonly code: ErrorCode;
  /** Sent as `error.details` (e.g. `{ page: 1 }` for a refused page of a submission). */
  readonly details: unknown;
  constructor(statusCode: number, code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.statusCode = statusCode;
    this.code = code;
    this.details = details;
  }
}

export const notFound = (what = 'Not found.') => new HttpError(404, 'not_found', what);

/** A commit names an upload the server no longer has (cleaned up, or used): send it again. */
export const uploadGone = (what: string, details?: unknown) =>
  new HttpError(410, 'upload_gone', what, details);
