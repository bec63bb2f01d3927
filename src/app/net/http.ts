// The app's only door to the network: typed calls to the school's server. Every answer is
// parsed with the shared zod schemas before anything else sees it.
import type { z } from 'zod';
import {
  API,
  joinResponseSchema,
  syncResponseSchema,
  type JoinRequest,
  type JoinResponse,
  type SyncResponse,
} from '../../shared/api.ts';
import { isErrorCode, type ErrorCode } from '../../shared/errors.ts';

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

export type Http = {
  json<S extends z.ZodType>(
    path: string,
    schema: S,
    init?: RequestInit & { token?: string; timeoutMs?: number },
  ): Promise<z.infer<S>>;
};

export function createHttp(options: { baseUrl?: string; fetch?: FetchLike } = {}): Http {
  const baseUrl = options.baseUrl ?? '';
  const doFetch: FetchLike = options.fetch ?? ((i, init) => globalThis.fetch(i, init));
  return {
    async json(path, schema, init = {}) {
      const { token, timeoutMs = 30_000, ...rest } = init;
      const headers = new Headers(rest.headers);
      headers.set('Accept', 'application/json');
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
      const parsed = schema.safeParse(payload);
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
  if (status === 413) return 'payload_too_large';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server_error';
  return 'bad_request';
}

export function join(http: Http, request: JoinRequest): Promise<JoinResponse> {
  return http.json(`${API}/join`, joinResponseSchema, {
    method: 'POST',
    body: JSON.stringify(request),
  });
}

export function pull(http: Http, token: string, since: string | undefined): Promise<SyncResponse> {
  const query = since ? `?since=${encodeURIComponent(since)}` : '';
  return http.json(`${API}/sync${query}`, syncResponseSchema, { token });
}
