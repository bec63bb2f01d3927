// Security headers. Pages get helmet with a strict CSP (no 'unsafe-inline' anywhere);
// /api responses get a few short headers instead, because every byte of a "nothing new"
// sync response is paid for on pay-as-you-go mobile data.
// Also: state-changing staff requests must be JSON (a cross-site HTML form cannot send
// application/json, so together with the SameSite=Strict cookie this stops CSRF). The one
// exception is the upload of a school's picture or clip as raw bytes: image/* and audio/*
// are not types a form (or a cross-site fetch without a preflight) can send either.
import helmet from '@fastify/helmet';
import { HttpError } from '../lib/http-error.ts';
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

/** POST paths that take a file's raw bytes, and the types they take. */
const rawBodyPosts = new Map<string, RegExp>([
  ['/api/v1/staff/media', /^(image\/(jpeg|png|webp)|audio\/[a-z0-9.+-]+)\s*(;|$)/i],
]);

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
      const method = req.method;
      const type = req.headers['content-type'];
      const json = typeof type === 'string' && /^application\/json\s*(;|$)/i.test(type);
      const rawType = method === 'POST' ? rawBodyPosts.get(req.url.split('?')[0] ?? '') : undefined;
      const raw = rawType !== undefined && typeof type === 'string' && rawType.test(type);
      const mustBeJson = method === 'POST' || method === 'PUT' || method === 'PATCH';
      if ((mustBeJson && !json && !raw) || (method === 'DELETE' && type !== undefined && !json)) {
        throw new HttpError(415, 'bad_request', 'Send the request body as application/json.');
      }
    }
  });
}, 'homeward-security');
