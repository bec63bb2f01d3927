// What to tell staff about a failed request, as an i18n key of the `errors` group.
import { ApiError, NetworkError } from '../api/client.ts';

export type Problem = { key: string; retry: boolean };

export function problemOf(error: unknown): Problem {
  if (error instanceof NetworkError) {
    return { key: navigator.onLine ? 'errors.network' : 'errors.offline', retry: true };
  }
  if (error instanceof ApiError) {
    if (error.status === 403) return { key: 'errors.forbidden', retry: false };
    if (error.status === 404) return { key: 'errors.notFound', retry: false };
    if (error.status === 429) return { key: 'errors.rateLimited', retry: true };
    if (error.status >= 500) return { key: 'errors.server', retry: true };
  }
  return { key: 'errors.server', retry: true };
}

/** The session ended (30 minutes idle, 12 hours) or never was: sign in again. */
export const isSignedOut = (error: unknown) => error instanceof ApiError && error.status === 401;
