// The one error type handlers throw; plugins/errors.ts turns it into { error: { code, message } }.
import type { ErrorCode } from '../../shared/errors.ts';

export class HttpError extends Error {
  readonly statusCode: number;
  readonly code: ErrorCode;
  constructor(statusCode: number, code: ErrorCode, message: string) {
    super(message);
    this.statusCode = statusCode;
    this.code = code;
  }
}

export const notFound = (what = 'Not found.') => new HttpError(404, 'not_found', what);
