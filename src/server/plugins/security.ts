// Security headers. Pages get helmet with a strict CSP (no 'unsafe-inline' anywhere);
// /api responses get a few short headers instead, because every byte of a "nothing new"
// sync response is paid for on pay-as-you-go mobile data.
// Also: state-changing staff requests must be JSON (a cross-site HTML form cannot send
// application/json, so together with the SameSite=Strict cookie this stops CSRF). The
// exceptions are the two routes that take a file's raw bytes, each for its own types only:
// a school's picture or clip (POST /staff/media: image/jpeg|png|webp, audio/*) and a file
// of a learning pack (PUT /staff/packs/:id/files/:fileId: application/pdf, those images,
// audio/*); and the workspace's tus uploads (POST /staff/uploads with no body or
// application/offset+octet-stream, PATCH /staff/uploads/:id with the latter), whose
// cross-site versions need a preflight too (a bodiless POST carries no SameSite=Strict
// cookie from another site). A form can only send application/x-www-form-urlencoded, multipart/form-data or
// text/plain, and only with GET or POST; any other type or method from another site needs
// a CORS preflight, which this server never grants.
import helmet from '@fastify/helmet';
import { HttpError } from '../lib/http-error.ts';
import { packFileTypes, packFileTypesText } from '../lib/pack-files.ts';
import { globalPlugin } from './plugin.ts';

const pageCsp = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'media-src': ["'self'", 'blob:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'worker-src': ["'self'"],
  'manifest-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

// The microphone only for our own pages: a parent records a step's voice clip (issue 4).
// No geolocation ever (DOMAIN.md); photos come through file inputs, which need no camera
// permission.
const permissionsPolicy =
  'geolocation=(), camera=(), microphone=(self), payment=(), usb=(), interest-cohort=()';

const apiHeaders: Record<string, string> = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** Staff routes that take a file's raw bytes: method, path, the types they take, and why not. */
const tusRefusal = new HttpError(
  415,
  'bad_request',
  'Uploads speak tus 1.0.0: send the bytes as application/offset+octet-stream.',
);
const rawBodyRoutes: {
  method: string;
  path: RegExp;
  types: RegExp;
  refusal: HttpError;
  /** May come without a body (and so without a Content-Type). */
  bodiless?: boolean;
}[] = [
  {
    method: 'POST',
    path: /^\/api\/v1\/staff\/uploads$/,
    types: /^application\/offset\+octet-stream$/i,
    refusal: tusRefusal,
    bodiless: true,
  },
  {
    method: 'PATCH',
    path: new RegExp(`^/api/v1/staff/uploads/${uuid}$`, 'i'),
    types: /^application\/offset\+octet-stream$/i,
    refusal: tusRefusal,
  },
  {
    method: 'POST',
    path: /^\/api\/v1\/staff\/roster\/(preview|commit)$/,
    types: /^(text\/csv|application\/octet-stream|application\/vnd\.ms-excel)\s*(;|$)/i,
    refusal: new HttpError(
      415,
      'bad_request',
      'Send the CSV file itself as the body, with Content-Type text/csv.',
    ),
  },
  {
    method: 'POST',
    path: /^\/api\/v1\/staff\/media$/,
    types: /^(image\/(jpeg|png|webp)|audio\/[a-z0-9.+-]+)\s*(;|$)/i,
    refusal: new HttpError(
      415,
      'bad_request',
      'Send the file itself as the body, with its type as Content-Type (image/jpeg, image/png, image/webp or audio/…).',
    ),
  },
  {
    method: 'PUT',
    path: new RegExp(`^/api/v1/staff/packs/${uuid}/files/${uuid}$`, 'i'),
    types: packFileTypes,
    refusal: new HttpError(
      415,
      'unsupported_file',
      `A pack takes PDFs, pictures and sound files: send the file itself as the body, with its type as Content-Type (${packFileTypesText}).`,
    ),
  },
];

const jsonOnly = new HttpError(415, 'bad_request', 'Send the request body as application/json.');

/** null when the request may go on; else the error to answer with. */
function bodyTypeRefusal(method: string, url: string, type: string | undefined): HttpError | null {
  const json = type !== undefined && /^application\/json\s*(;|$)/i.test(type);
  if (method === 'DELETE') return type === undefined || json ? null : jsonOnly;
  if (method !== 'POST' && method !== 'PUT' && method !== 'PATCH') return null;
  if (json) return null;
  const path = url.split('?')[0] ?? '';
  const raw = rawBodyRoutes.find((r) => r.method === method && r.path.test(path));
  if (!raw) return jsonOnly;
  if (type === undefined) return raw.bodiless ? null : raw.refusal;
  return raw.types.test(type) ? null : raw.refusal;
}

const isApi = (url: string) => url === '/api' || url.startsWith('/api/');

export const securityPlugin = globalPlugin(async (app) => {
  // Must run before helmet's own onRoute hook, which reads `helmet: false`.
  app.addHook('onRoute', (route) => {
    if (isApi(route.url ?? route.path)) route.helmet = false;
  });
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: pageCsp },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
    // Headers helmet would add that only cost bytes on modern browsers.
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    originAgentCluster: false,
  });

  app.addHook('onRequest', async (req, reply) => {
    if (!isApi(req.url)) {
      reply.header('permissions-policy', permissionsPolicy);
      return;
    }
    reply.headers(apiHeaders);
    if (req.url.startsWith('/api/v1/staff/')) {
      const refusal = bodyTypeRefusal(req.method, req.url, req.headers['content-type']);
      if (refusal) throw refusal;
    }
  });
}, 'homeward-security');
