import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressDir } from '../../scripts/compress.ts';
import { defaultDistDir } from '../../src/server/plugins/static.ts';
import { startApp, type TestApp } from './helpers.ts';

let t: TestApp;
let dist: string;
const js = `console.log(${JSON.stringify('homeward '.repeat(200))});\n`;

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'homeward-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(
    join(dist, 'index.html'),
    `<!doctype html><title>Homeward</title>${'<p>hi</p>'.repeat(100)}`,
  );
  writeFileSync(join(dist, 'sw.js'), js);
  writeFileSync(join(dist, 'manifest.webmanifest'), '{"name":"Homeward"}');
  writeFileSync(join(dist, 'assets', 'index-abc123.js'), js);
  writeFileSync(join(dist, 'assets', 'tiny-def456.css'), 'body{}');
  const r = compressDir(dist);
  // index.html, sw.js and the asset; tiny files are left alone.
  if (r.files !== 3) throw new Error(`compressed ${r.files} files, expected 3`);
  t = await startApp({ distDir: dist });
});
afterAll(async () => {
  await t.close();
  rmSync(dist, { recursive: true, force: true });
});

describe('serving the built app', () => {
  it('serves hashed assets immutable and precompressed', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/assets/index-abc123.js',
      headers: { 'accept-encoding': 'br, gzip' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.rawPayload.length).toBeLessThan(js.length / 5);
    const gz = await t.app.inject({
      method: 'GET',
      url: '/assets/index-abc123.js',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(gz.headers['content-encoding']).toBe('gzip');
  });

  it('never lets index.html, the service worker or the manifest be cached long', async () => {
    for (const url of ['/', '/index.html', '/sw.js', '/manifest.webmanifest']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('puts the strict CSP on pages', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['permissions-policy']).toContain('geolocation=()');
  });

  it('serves index.html for app routes, 404 for missing files', async () => {
    for (const url of ['/join/ABCD2345', '/week', '/staffroom']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('<title>Homeward</title>');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    }
    // /staff is the workspace's, never the family app's page (this dist has no staff.html).
    for (const url of ['/assets/missing.js', '/assets/whatever', '/favicon-old.png', '/staff/x']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(404);
    }
    const api = await t.app.inject({ method: 'GET', url: '/api/v1/missing' });
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe('not_found');
  });
});

describe('serving the real build', () => {
  // The real dist: what `npm run build` makes (run it first; this test never skips).
  let real: TestApp;
  beforeAll(async () => {
    if (!existsSync(join(defaultDistDir, 'index.html'))) {
      throw new Error(`No built app in ${defaultDistDir}: run \`npm run build\` first.`);
    }
    real = await startApp({ distDir: defaultDistDir });
  });
  afterAll(() => real.close());

  const encodings = [
    { accept: 'identity', served: undefined },
    { accept: 'gzip', served: 'gzip' },
    { accept: 'br, gzip', served: 'br' },
  ];

  it('never lets index.html, sw.js, the manifest or an app route be cached, whatever the encoding', async () => {
    const urls = [
      '/',
      '/index.html',
      '/sw.js',
      '/manifest.webmanifest',
      '/join/ABCD2345',
      '/week',
      '/settings',
    ];
    let tried = 0;
    for (const url of urls) {
      for (const e of encodings) {
        const res = await real.app.inject({
          method: 'GET',
          url,
          headers: { 'accept-encoding': e.accept },
        });
        tried += 1;
        const seen = {
          url,
          accept: e.accept,
          status: res.statusCode,
          encoding: res.headers['content-encoding'],
          cache: res.headers['cache-control'],
          variesByEncoding: /accept-encoding/i.test(String(res.headers.vary)),
        };
        expect(seen).toEqual({
          ...seen,
          status: 200,
          encoding: e.served,
          cache: 'no-cache',
          variesByEncoding: true,
        });
      }
    }
    expect(tried).toBe(21);
  });

  it('serves the staff workspace at /staff and below, with the strict CSP, never cached', async () => {
    for (const url of ['/staff', '/staff/', '/staff/classes/x', '/staff/sign-in?next=%2F']) {
      const res = await real.app.inject({ method: 'GET', url });
      expect([url, res.statusCode, res.headers['cache-control']]).toEqual([url, 200, 'no-cache']);
      expect(res.body).toContain('src="/assets/staff-');
      expect(res.body).not.toContain('rel="manifest"');
      expect(String(res.headers['content-security-policy'])).toContain("script-src 'self'");
      expect(String(res.headers['content-security-policy'])).not.toContain('unsafe-inline');
    }
    // The family app's pages are not the workspace's, and the reverse.
    expect((await real.app.inject({ method: 'GET', url: '/week' })).body).not.toContain(
      '/assets/staff-',
    );
  });

  it('keeps staff code out of the family service worker’s precache', async () => {
    const sw = (await real.app.inject({ method: 'GET', url: '/sw.js' })).body;
    const urls = [...sw.matchAll(/"url":"([^"]+)"/g)].map((m) => m[1]!);
    expect(urls.length).toBeGreaterThan(10);
    expect(urls.filter((u) => /staff/.test(u))).toEqual([]);
    const staffPage = (await real.app.inject({ method: 'GET', url: '/staff' })).body;
    const staffScripts = [...staffPage.matchAll(/src="\/(assets\/staff-[^"]+)"/g)].map(
      (m) => m[1]!,
    );
    expect(staffScripts.length).toBeGreaterThan(0);
    for (const script of staffScripts) expect(urls).not.toContain(script);
  });

  it('keeps hashed assets immutable and other files a day, whatever the encoding', async () => {
    const html = (await real.app.inject({ method: 'GET', url: '/' })).body;
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    for (const e of encodings) {
      const headers = { 'accept-encoding': e.accept };
      const asset = await real.app.inject({ method: 'GET', url: script!, headers });
      expect(asset.headers['content-encoding']).toBe(e.served);
      expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      const licence = await real.app.inject({
        method: 'GET',
        url: '/fonts/AtkinsonHyperlegible-OFL.txt',
        headers,
      });
      expect(licence.headers['content-encoding']).toBe(e.served);
      expect(licence.headers['cache-control']).toBe('public, max-age=86400');
    }
  });
});
