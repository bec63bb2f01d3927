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

/**
 * Bad input in one field: 400 `bad_request`, the path (`body.startTime`) in the message and
 * in `details.issues`, as for a schema's own refusals, so a form can show it by the field.
 */
export const fieldError = (path: string, message: string, status = 400) =>
  new HttpError(status, 'bad_request', `Invalid request: ${path}: ${message}`, {
    issues: [{ path, message }],
  });

/**
 * 409 `stale`: the save started from an older revision than is stored. `current` is what
 * is stored now (null: deleted meanwhile), so the workspace can show what changed.
 */
export const stale = (what: string, current: unknown, revision: number | null) =>
  new HttpError(
    409,
    'stale',
    current === null
      ? `Someone else deleted this ${what} since you opened it.`
      : `Someone else changed this ${what} since you opened it. Look at their changes, then keep yours or take theirs.`,
    { current, revision },
  );
