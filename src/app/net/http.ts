// The app's only door to the network. No zod here, so the service worker stays small:
// callers pass a parser (the typed calls in ./api.ts use the shared zod schemas), and
// every answer is parsed before anything else sees it.
import { isErrorCode, type ErrorCode } from '../../shared/errors.ts';
import { appVersion, appVersionHeader } from '../version.ts';

/** No answer at all: offline, DNS, connection dropped, CORS, timeout. */
export class NetworkError extends Error {
  override name = 'NetworkError';
}

/** The server answered with an error status. */
export class HttpError extends Error {
  override name = 'HttpError';
  readonly status: number;
  readonly code: ErrorCode;
  constructor(status: number, code: ErrorCode, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Turns untrusted JSON into a value, or says it cannot (restore on read). */
export type Parser<T> = (data: unknown) => { success: true; data: T } | { success: false };

export type Http = {
  json<T>(
    path: string,
    parse: Parser<T>,
    init?: RequestInit & { token?: string; timeoutMs?: number },
  ): Promise<T>;
  /** HEAD: is the server there and answering? Never throws. */
  probe(path: string, timeoutMs?: number): Promise<boolean>;
};

/** For answers whose body does not matter (the status says it all). */
export const anyBody: Parser<unknown> = (data) => ({ success: true, data });

export function createHttp(
  options: { baseUrl?: string; fetch?: FetchLike; appVersion?: string } = {},
): Http {
  const baseUrl = options.baseUrl ?? '';
  const doFetch: FetchLike = options.fetch ?? ((i, init) => globalThis.fetch(i, init));
  const version = options.appVersion ?? appVersion;
  return {
    async probe(path, timeoutMs = 5_000) {
      try {
        const response = await doFetch(baseUrl + path, {
          method: 'HEAD',
          headers: { [appVersionHeader]: version },
          cache: 'no-store',
          credentials: 'same-origin',
          signal: AbortSignal.timeout(timeoutMs),
        });
        return response.ok;
      } catch {
        return false;
      }
    },
    async json(path, parse, init = {}) {
      const { token, timeoutMs = 30_000, ...rest } = init;
      const headers = new Headers(rest.headers);
      headers.set('Accept', 'application/json');
      headers.set(appVersionHeader, version);
      if (rest.body !== undefined) headers.set('Content-Type', 'application/json');
      if (token) headers.set('Authorization', `Bearer ${token}`);
      let response: Response;
      try {
        response = await doFetch(baseUrl + path, {
          ...rest,
          headers,
          cache: 'no-store',
          credentials: 'same-origin',
          signal: rest.signal ?? AbortSignal.timeout(timeoutMs),
        });
      } catch (cause) {
        throw new NetworkError(cause instanceof Error ? cause.message : 'Network request failed');
      }
      let payload: unknown = null;
      try {
        payload = await response.json();
      } catch {
        if (response.ok) throw new HttpError(response.status, 'server_error', 'Unreadable reply');
      }
      if (!response.ok) {
        const error = (payload as { error?: { code?: unknown; message?: unknown } } | null)?.error;
        const code = isErrorCode(error?.code) ? error.code : statusCode(response.status);
        const message = typeof error?.message === 'string' ? error.message : response.statusText;
        throw new HttpError(response.status, code, message);
      }
      const parsed = parse(payload);
      if (!parsed.success) {
        throw new HttpError(
          response.status,
          'server_error',
          'The server sent data this app cannot read',
        );
      }
      return parsed.data;
    },
  };
}

function statusCode(status: number): ErrorCode {
  if (status === 401) return 'unauthorized';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 410) return 'gone';
  if (status === 413) return 'payload_too_large';
  if (status === 426) return 'app_too_old';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server_error';
  return 'bad_request';
}
