// The one error handler: every failure leaves as { error: { code, message } } with the
// codes of src/shared/errors.ts. 5xx never carry internals. Also the 404 handler.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import type { ApiErrorBody, ErrorCode } from '../../shared/errors.ts';
import { isConnectionError, isContention } from '../db/dialect.ts';
import { HttpError } from '../lib/http-error.ts';
import { globalPlugin } from './plugin.ts';

const retryAfterSeconds = 5;

export type NotFoundFallback = (req: FastifyRequest, reply: FastifyReply) => unknown;

function send(
  reply: FastifyReply,
  status: number,
  code: ErrorCode,
  message: string,
  details?: unknown,
) {
  const body: ApiErrorBody = {
    error: details === undefined ? { code, message } : { code, message, details },
  };
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

function describeIssues(issues: { path: string; message: string }[]): string {
  return `Invalid request: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`;
}

const codeByStatus: Record<number, ErrorCode> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  429: 'rate_limited',
};

export const errorsPlugin = globalPlugin<{ fallback?: NotFoundFallback | null }>(
  async (app, opts) => {
    app.setErrorHandler((err: FastifyError | HttpError | ZodError, req, reply) => {
      if (err instanceof HttpError) {
        return send(reply, err.statusCode, err.code, err.message, err.details);
      }
      if (hasZodFastifySchemaValidationErrors(err)) {
        const where = err.validationContext ?? 'request';
        const issues = err.validation.map((v) => ({
          path: [where, ...v.instancePath.split('/').filter(Boolean)].join('.'),
          message: v.message ?? 'invalid',
        }));
        return send(reply, 400, 'bad_request', describeIssues(issues), { issues });
      }
      if (err instanceof ZodError) {
        const issues = err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
        return send(reply, 400, 'bad_request', describeIssues(issues), { issues });
      }
      const status =
        'statusCode' in err && typeof err.statusCode === 'number' ? err.statusCode : 500;
      switch ('code' in err ? err.code : undefined) {
        case 'FST_ERR_CTP_INVALID_JSON_BODY':
          return send(reply, 400, 'bad_request', 'Malformed JSON in the request body.');
        case 'FST_ERR_CTP_EMPTY_JSON_BODY':
          return send(reply, 400, 'bad_request', 'The request body is empty; send a JSON object.');
        case 'FST_ERR_CTP_BODY_TOO_LARGE':
          return send(reply, 413, 'payload_too_large', tooLarge(req.routeOptions.bodyLimit));
        case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
          return send(reply, 415, 'bad_request', 'Send the request body as application/json.');
      }
      if (status === 429) {
        return send(reply, 429, 'rate_limited', 'Too many attempts. Wait a minute and try again.');
      }
      if (status >= 400 && status < 500) {
        return send(reply, status, codeByStatus[status] ?? 'bad_request', err.message);
      }
      if (isConnectionError(err) || isContention(err)) {
        // The database went away (restart, fail-over, a dropped connection), or a write
        // kept colliding with others past every retry: the request's transaction was
        // rolled back, nothing half-written stays; the phone's outbox sends it again
        // after Retry-After.
        req.log.warn({ err }, 'database unavailable');
        reply.header('retry-after', String(retryAfterSeconds));
        return send(
          reply,
          503,
          'server_error',
          'The school’s server cannot reach its database for a moment. Try again shortly.',
        );
      }
      req.log.error({ err }, 'request failed');
      return send(reply, 500, 'server_error', 'Something went wrong on the server.');
    });

    app.setNotFoundHandler((req, reply) => {
      if (opts.fallback && !req.url.startsWith('/api/') && req.url !== '/api') {
        return opts.fallback(req, reply);
      }
      return send(
        reply,
        404,
        'not_found',
        `No such endpoint: ${req.method} ${req.url.split('?')[0]}`,
      );
    });
  },
  'homeward-errors',
);

/** "Too large", with the limit the sender has to keep to. */
function tooLarge(limit: number | undefined): string {
  if (!limit) return 'The request body is too large.';
  const size = limit >= 1024 * 1024 ? `${limit / (1024 * 1024)} MB` : `${limit / 1024} KB`;
  return `The request body is too large: this request takes at most ${size}.`;
}
