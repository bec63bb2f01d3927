// Serves the built PWA from distDir. Hashed files under /assets are immutable; the files
// that name them (index.html, the service worker, the manifest) must always be revalidated
// or a phone could be stuck on an old version. The build writes .br/.gz beside each file
// (scripts/compress.ts), so nothing is compressed per request.
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { NotFoundFallback } from './errors.ts';

const immutable = 'public, max-age=31536000, immutable';
const revalidate = 'no-cache';

function cacheControlFor(path: string): string {
  // @fastify/static names the file it sends: `index.html.br` when it serves brotli. The
  // rule is the same whichever encoding goes out.
  const file = basename(path).replace(/\.(br|gz)$/, '');
  if (/[/\\]assets[/\\]/.test(path)) return immutable;
  if (
    file === 'index.html' ||
    file === 'staff.html' ||
    file === 'sw.js' ||
    file === 'manifest.webmanifest' ||
    file === 'registerSW.js' ||
    /^workbox-.*\.js$/.test(file)
  ) {
    return revalidate;
  }
  // Icons, symbols and other unhashed files: cache a day, then revalidate.
  return 'public, max-age=86400';
}

export const defaultDistDir = resolve(import.meta.dirname, '../../../dist');

/**
 * Registers the static files when distDir exists and returns the 404 fallback that
 * serves index.html for client-side routes (`/join/ABCD2345`, `/week`), and the staff
 * workspace's staff.html for `/staff` and everything under it, or null.
 */
export async function setupStatic(
  app: FastifyInstance,
  distDir: string,
): Promise<NotFoundFallback | null> {
  if (!existsSync(resolve(distDir, 'index.html'))) return null;
  const hasStaff = existsSync(resolve(distDir, 'staff.html'));
  await app.register(fastifyStatic, {
    root: resolve(distDir),
    wildcard: false,
    preCompressed: true,
    cacheControl: false,
    setHeaders: (reply, path) => {
      reply.header('cache-control', cacheControlFor(path));
    },
  });
  return (req: FastifyRequest, reply: FastifyReply) => {
    const path = req.url.split('?')[0] ?? '/';
    // A missing file must be a 404, never index.html: a stale service worker asking for
    // an old hashed chunk would otherwise cache HTML as JavaScript.
    const looksLikeFile = path.startsWith('/assets/') || /\.[a-z0-9]+$/i.test(basename(path));
    if ((req.method !== 'GET' && req.method !== 'HEAD') || looksLikeFile) {
      return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
    }
    if (path === '/staff' || path.startsWith('/staff/')) {
      if (!hasStaff) return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
      return reply.sendFile('staff.html');
    }
    return reply.sendFile('index.html');
  };
}
