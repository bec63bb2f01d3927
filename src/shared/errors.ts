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
  'join_code_length', // details { length, expected }: a code has 8 characters
  'join_code_characters', // details { characters }: characters codes never use (0, O, 1, I, L…)
  'rate_limited',
  'sign_in_failed',
  'server_error',
  // issue 3: submissions and absence notices
  'quota_exceeded', // the family's storage allowance at school is used up
  'unsupported_image', // not JPEG/PNG/WebP by its bytes (or HEIC the server cannot read)
  'image_too_large', // bytes or pixel count over the limit
  'upload_incomplete', // committed before every byte arrived, or the hash differs
  'already_acknowledged', // an absence notice the school acknowledged cannot be edited
  // issue 4: visual schedules, reward charts, media
  'made_by_school', // a family tried to change a schedule or chart the school made
  'gone', // a deleted schedule: its id cannot be used again
  'unsupported_media', // an audio clip that is not WebM, Ogg, MP4/M4A or MP3 by its bytes
  // issue 5: learning packs
  'unsupported_file', // a pack file that is not a PDF, JPEG/PNG/WebP or supported audio by its bytes
  'paper_copies_waiting', // a pack families asked paper copies of, not yet posted: ?force=1 to delete
  // issue 11: the outbox
  'upload_gone', // 410: the upload a commit names is no longer on the server: upload the bytes again
  'app_too_old', // 426: this app version is older than the server still answers: update the app
  // issue 13: setting up a school
  'roster_invalid', // 422: the roster file has errors (details.report): nothing was imported
  'roster_changed', // 409: the roster changed since the preview (details.report): preview again
  // issue 14: the school's day
  'notice_withdrawn', // 409: the family withdrew this absence notice; there is nothing to acknowledge
  'too_many', // 409: a member of staff has saved as many feedback phrases as allowed
  // issue 15: publishing from the workspace
  'stale', // 409: someone saved this since the screen loaded it; details.current is what is stored now
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export type ApiErrorBody = {
  error: { code: ErrorCode; message: string; details?: unknown };
};

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (errorCodes as readonly string[]).includes(value);
}
