// Error codes shared by server and app. The server sends { error: { code, message } };
// the app shows a translated message chosen by `code` (key `errors.<code>` in the locales),
// and falls back to the server's English `message` only for codes it does not know yet.
export const errorCodes = [
  'bad_request', // malformed JSON, wrong shape: message says what is wrong
  'payload_too_large',
  'unauthorized', // no or unknown device token / staff session
  'device_revoked', // the school removed this phone
  'forbidden', // signed in but not allowed (role)
  'not_found', // also for other families' ids: never reveal they exist
  'conflict', // same id, different body
  'join_code_invalid',
  'join_code_expired',
  'join_code_revoked',
  'rate_limited',
  'sign_in_failed',
  'server_error',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export type ApiErrorBody = {
  error: { code: ErrorCode; message: string; details?: unknown };
};

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (errorCodes as readonly string[]).includes(value);
}
