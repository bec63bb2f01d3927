// The workspace's only door to the server: requests built from the typed contract
// (src/shared/staff/contract.ts) and every answer checked with its schema. Nothing it
// fetches is stored: the workspace is online-first and keeps families' data in memory only.
import type { z } from 'zod';
import {
  fillPath,
  staffApiBase,
  type Endpoint,
  type EndpointInput,
} from '../../shared/staff/contract.ts';
import { isErrorCode, type ErrorCode } from '../../shared/errors.ts';

/** The server refused: its code says why (`sign_in_failed`, `session_expired`, …). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | 'unknown';
  readonly details: unknown;
  constructor(status: number, code: ErrorCode | 'unknown', message: string, details: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** No answer at all: offline, or the server is out of reach. Trying again can help. */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('The server could not be reached.', { cause });
    this.name = 'NetworkError';
  }
}

type Input = { params?: Record<string, unknown>; query?: Record<string, unknown>; body?: unknown };

function urlOf(e: Endpoint, input: Input): string {
  const path = fillPath(e.path, input.params);
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(input.query ?? {})) {
    if (value !== undefined && value !== null) query.set(key, String(value));
  }
  const qs = query.toString();
  return `${staffApiBase}${path}${qs ? `?${qs}` : ''}`;
}

async function errorOf(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON (a proxy's error page): the status says enough
  }
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } })
    ?.error;
  const code = isErrorCode(error?.code) ? error.code : 'unknown';
  const message = typeof error?.message === 'string' ? error.message : `HTTP ${res.status}`;
  return new ApiError(res.status, code, message, error?.details);
}

async function send(e: Endpoint, input: Input, signal?: AbortSignal): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(urlOf(e, input), {
      method: e.method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(input.body === undefined ? {} : { 'content-type': e.rawBody ?? 'application/json' }),
      },
      // A file (rawBody) goes as its bytes; anything else as JSON.
      body:
        input.body === undefined
          ? undefined
          : e.rawBody
            ? (input.body as Blob)
            : JSON.stringify(input.body),
      signal,
    });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new NetworkError(err);
  }
  if (!res.ok) throw await errorOf(res);
  return res;
}

/** Calls an endpoint that answers with a body; the answer is parsed with its schema. */
export async function request<E extends Endpoint & { response: z.ZodType }>(
  e: E,
  input: EndpointInput<E>,
  signal?: AbortSignal,
): Promise<z.output<E['response']>> {
  const res = await send(e, input, signal);
  return parseWith<E['response']>(e.response, await res.json());
}

function parseWith<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
  return schema.parse(data);
}

/** Calls an endpoint that answers with nothing (204). */
export async function perform<E extends Endpoint>(
  e: E,
  input: EndpointInput<E>,
  signal?: AbortSignal,
): Promise<void> {
  await send(e, input, signal);
}
