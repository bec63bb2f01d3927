// @tus/server inside Fastify, for both upload areas (families' /api/v1/uploads and the
// workspace's /api/v1/staff/uploads): what Fastify checks before tus sees a request, and
// the hand-over itself. Every refusal is our usual JSON error, made before tus answers.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Server as TusServer } from '@tus/server';
import type { DataStore, Locker, Upload } from '@tus/utils';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from './http-error.ts';

const maxMetadataChars = 4096;
const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

/** The raw Node request behind the web Request @tus/server hands its hooks. */
export const rawOf = (req: Request) =>
  (req as unknown as { node?: { req: IncomingMessage } }).node?.req;

/**
 * A creating POST: a declared Upload-Length of 1 … `max` bytes (no deferred length, no
 * concatenation) and Upload-Metadata of at most 4 KB. Returns the length.
 */
export function creationLength(req: FastifyRequest, max: number, what: string): number {
  const h = req.headers;
  if (h['upload-concat'] !== undefined || h['upload-defer-length'] !== undefined) {
    throw new HttpError(400, 'bad_request', 'Declare Upload-Length when creating an upload.');
  }
  const lengthHeader = h['upload-length'];
  const length =
    typeof lengthHeader === 'string' && /^\d{1,15}$/.test(lengthHeader) ? +lengthHeader : NaN;
  if (!Number.isSafeInteger(length) || length < 1) {
    throw new HttpError(
      400,
      'bad_request',
      'Upload-Length must be a whole number of bytes, at least 1.',
    );
  }
  if (length > max) {
    throw new HttpError(
      413,
      'payload_too_large',
      `${what} can be at most ${mb(max)}; this one is ${mb(length)}.`,
    );
  }
  const metadata = h['upload-metadata'];
  if (typeof metadata === 'string' && metadata.length > maxMetadataChars) {
    throw new HttpError(400, 'bad_request', 'Upload-Metadata is too long.');
  }
  return length;
}

/** The URL must be exactly the one the server gave out: no query, fragment or `;…`. */
export function checkExactUploadUrl(req: FastifyRequest<{ Params: { id: string } }>, base: string) {
  if (req.url !== `${base}/${req.params.id}`) {
    throw new HttpError(
      400,
      'bad_request',
      'Use the upload URL exactly as the server gave it (no query string).',
    );
  }
}

/** Tus-Resumable 1.0.0 or nothing; then tus answers on the raw response. */
async function handOverToTus(tus: TusServer, req: FastifyRequest, reply: FastifyReply) {
  const version = req.headers['tus-resumable'];
  if (version !== undefined && version !== '1.0.0') {
    reply.header('tus-version', '1.0.0');
    throw new HttpError(412, 'bad_request', 'This server speaks tus 1.0.0 (Tus-Resumable: 1.0.0).');
  }
  reply.hijack();
  // Headers set by hooks so far (the strict /api headers) go out with tus's answer.
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value !== undefined) reply.raw.setHeader(name, value);
  }
  await tus.handle(req.raw, reply.raw);
}

/** An error thrown from a tus hook, as tus sends it: our JSON error body. */
export const tusRefusal = (status: number, err: HttpError) => ({
  status_code: status,
  body: JSON.stringify({ error: { code: err.code, message: err.message } }),
});

export type TusArea<Owner> = {
  /**
   * Hands a request Fastify has checked to tus: `owner` made it and, for HEAD, PATCH and
   * DELETE, `id` is the one upload the ownership check approved. tus acts on exactly that
   * id (it would otherwise read one from the whole URL, query string included).
   */
  handOver: (req: FastifyRequest, reply: FastifyReply, owner: Owner, id?: string) => Promise<void>;
};

/**
 * A tus server on `path`: server-made random UUIDs, same origin only, and `onCreate` to
 * record a new upload (with its owner) or refuse it by throwing `tusRefusal(...)`.
 */
export function tusArea<Owner>(opts: {
  path: string;
  maxSize: number;
  datastore: DataStore;
  /** Across instances on PostgreSQL (storage/pg-locker.ts); tus's in-process one otherwise. */
  locker: Locker | undefined;
  onCreate: (owner: Owner, upload: Upload & { size: number }, withBytes: boolean) => Promise<void>;
}): TusArea<Owner> {
  // Who made each request tus is handling (the raw request is what tus sees), and for
  // HEAD/PATCH/DELETE the one upload id the ownership check approved.
  const owners = new WeakMap<IncomingMessage, Owner>();
  const approved = new WeakMap<IncomingMessage, string>();
  const tus = new TusServer({
    path: opts.path,
    datastore: opts.datastore,
    ...(opts.locker ? { locker: opts.locker } : {}),
    maxSize: opts.maxSize,
    relativeLocation: true,
    // Same origin only: no Access-Control-Allow-Origin header at all.
    allowedOrigins: [],
    namingFunction: () => randomUUID(),
    getFileIdFromRequest: (req) => {
      const raw = rawOf(req);
      return raw ? approved.get(raw) : undefined;
    },
    onUploadCreate: async (req, upload) => {
      const raw = rawOf(req);
      const owner = raw ? owners.get(raw) : undefined;
      if (owner === undefined || upload.size === undefined) {
        throw tusRefusal(401, new HttpError(401, 'unauthorized', 'Sign in first.'));
      }
      // Creation-with-upload: bytes come with the POST, so the client is writing to it.
      const withBytes = raw?.headers['content-type'] === 'application/offset+octet-stream';
      await opts.onCreate(owner, upload as Upload & { size: number }, withBytes);
      return {};
    },
  });
  return {
    handOver: async (req, reply, owner, id) => {
      owners.set(req.raw, owner);
      if (id !== undefined) approved.set(req.raw, id);
      await handOverToTus(tus, req, reply);
    },
  };
}
