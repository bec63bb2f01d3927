// What the server's log may say. A join code lets anyone join as that family for up to
// 90 days, so no code may reach a log line: request URLs are logged with the code cut out
// (`/join/<code>`, `/api/v1/staff/join-codes/<code>`, a `code=` query), and so are error
// messages and stacks. Bodies and headers (tokens, cookies) are never logged at all.
import type { FastifyServerOptions } from 'fastify';

const hidden = '[redacted]';
// A path segment after `join` or `join-codes` (also with an encoded slash), or a `code=`.
const joinSegment = /((?:^|\/|%2f)join(?:-codes)?(?:\/|%2f))[^/?#\s"'&]+/gi;
const codeParam = /([?&;]code=)[^&#\s"']*/gi;

/** The text with any join code in it replaced by `[redacted]`. */
export function redactSecrets(text: string): string {
  return text.replace(joinSegment, `$1${hidden}`).replace(codeParam, `$1${hidden}`);
}

type LoggedRequest = {
  method: string;
  url: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
};

// Fastify's own request fields, with the URL redacted.
function request(req: LoggedRequest) {
  return {
    method: req.method,
    url: redactSecrets(req.url),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

type LoggedError = Error & { code?: unknown; statusCode?: unknown };

type SerializedError = { type: string; message: string; stack: string; [key: string]: unknown };

function error(err: LoggedError, depth = 0): SerializedError {
  if (!(err instanceof Error))
    return { type: typeof err, message: redactSecrets(String(err)), stack: '' };
  return {
    type: err.name,
    message: redactSecrets(err.message),
    stack: redactSecrets(err.stack ?? ''),
    code: err.code,
    statusCode: err.statusCode,
    cause:
      err.cause !== undefined && depth < 3 ? error(err.cause as LoggedError, depth + 1) : undefined,
  };
}

/** `buildApp`'s logger option, with the serializers above whatever the caller passed. */
export function loggerOptions(
  logger: boolean | Record<string, unknown> | undefined,
): FastifyServerOptions['logger'] {
  if (!logger) return false;
  const base = logger === true ? {} : logger;
  const serializers = (base.serializers ?? {}) as Record<string, unknown>;
  return {
    ...base,
    serializers: { ...serializers, req: request, err: (e: LoggedError) => error(e) },
  };
}
