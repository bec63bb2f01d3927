// Typed errors of the photo pipeline, so the UI can say plainly what went wrong
// (i18n keys are the UI's business; these codes are stable).

export const photoErrorCodes = ['not_an_image', 'too_large', 'decode_failed'] as const;
/**
 * - `not_an_image`: the bytes are not a picture (a PDF, a video, an empty file…);
 * - `too_large`: over maxInputBytes or maxInputPixels: ask for a smaller photo;
 * - `decode_failed`: looks like a picture but this browser could not read or re-encode it
 *   (a damaged file, a format it does not know such as HEIC outside Safari, out of memory).
 */
export type PhotoErrorCode = (typeof photoErrorCodes)[number];

export class PhotoError extends Error {
  override readonly name = 'PhotoError';
  readonly code: PhotoErrorCode;
  constructor(code: PhotoErrorCode, message?: string) {
    super(message ?? code);
    this.code = code;
  }
}

export function isPhotoError(err: unknown): err is PhotoError {
  return err instanceof PhotoError;
}

/** Any failure → a PhotoError (errors that are not ours become `decode_failed`). */
export function toPhotoError(err: unknown): PhotoError {
  if (err instanceof PhotoError) return err;
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return new PhotoError('decode_failed', message);
}
