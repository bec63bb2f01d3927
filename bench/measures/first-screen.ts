// firstScreenJsGzipBytes: the JavaScript a joined phone loads before its timetable is on
// screen, measured in Chromium. Join through the UI (/join/<code>), then open a new page
// on /week that bypasses the service worker and the HTTP cache (CDP, like DevTools'
// "Bypass for network" and "Disable cache") and gzip (level 9) the body of every script
// request made until the first session card is visible (or, if the day shown has no
// sessions, the "Timetable" heading).
// The worker is bypassed rather than blocked (`serviceWorkers: 'block'`): blocking stubs
// navigator.serviceWorker.register() to return undefined, which workbox-window then trips
// over, so the page would not run as it does on a phone.
import type { Request } from 'playwright-core';
import {
  joinThroughUi,
  newPhone,
  readFirstSessionMs,
  recordFirstSession,
  sessionSelector,
  watchForProblems,
} from '../lib/browser.ts';
import type { Measure } from '../lib/context.ts';
import { gzipSize, kb } from '../lib/stats.ts';

function isScript(req: Request): boolean {
  if (req.resourceType() === 'script') return true;
  const path = new URL(req.url()).pathname;
  return /\.m?js$/.test(path);
}

export const firstScreen: Measure = {
  name: 'first-screen',
  title: 'First screen JavaScript',
  needsBrowser: true,
  async run(ctx) {
    const server = await ctx.server();
    const browser = await ctx.browser();
    const problems = new Set<string>();
    const context = await newPhone(browser);
    try {
      const joinPage = await context.newPage();
      watchForProblems(joinPage, problems);
      await joinThroughUi(joinPage, server.url, server.demo.joinCode);
      await joinPage.close();

      const page = await context.newPage();
      watchForProblems(page, problems);
      await page.addInitScript(recordFirstSession, sessionSelector);
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await cdp.send('Network.setBypassServiceWorker', { bypass: true });

      const scripts: Request[] = [];
      const late: string[] = [];
      let onScreen = false;
      page.on('request', (req) => {
        if (!isScript(req)) return;
        // The service worker script is fetched by the browser for the worker, not the page.
        if (new URL(req.url()).pathname === '/sw.js') return;
        if (onScreen) late.push(req.url());
        else scripts.push(req);
      });

      const started = Date.now();
      const response = await page.goto(`${server.url}/week`);
      if (response?.fromServiceWorker()) throw new Error('/week came from the service worker');
      const warnings: string[] = [];
      const session = page.locator(sessionSelector).first();
      const heading = page.locator('h1', { hasText: 'Timetable' });
      // Checked every frame, so work the app defers until after the first screen is not
      // counted by a slow poll.
      await page.waitForFunction(
        (sel) => {
          const el = document.querySelector(sel) ?? document.querySelector('h1');
          return el !== null && (el as HTMLElement).offsetParent !== null;
        },
        sessionSelector,
        { polling: 'raf', timeout: 30_000 },
      );
      await session.or(heading).first().waitFor({ state: 'visible', timeout: 30_000 });
      // The heading comes first; the cards follow once IndexedDB has answered.
      onScreen = true;
      const sawSession = await session
        .waitFor({ state: 'visible', timeout: 10_000 })
        .then(() => true)
        .catch(() => false);
      const wallMs = Date.now() - started;
      if (!sawSession) {
        warnings.push(`no ${sessionSelector} visible; measured until the "Timetable" heading`);
      }
      // Let what starts right after the first screen show up in the "not counted" list.
      await page.waitForLoadState('networkidle', { timeout: 3_000 }).catch(() => {});
      // Decide "before the first screen" on the page's own clock: a script counts when it
      // started loading before the first frame that showed a session card. (Deciding in
      // Node would count whatever the app starts in the moment the message takes.)
      const { sessionMs } = await readFirstSessionMs(page, cdp);
      const startedAt = new Map(
        await page.evaluate(() =>
          performance
            .getEntriesByType('resource')
            .map((e) => [new URL(e.name).pathname, e.startTime] as [string, number]),
        ),
      );
      for (let i = scripts.length - 1; i >= 0; i -= 1) {
        const req = scripts[i];
        if (!req) continue;
        const path = new URL(req.url()).pathname;
        const start = startedAt.get(path);
        if (start !== undefined && start > sessionMs) {
          late.push(req.url());
          scripts.splice(i, 1);
        }
      }
      const rows: Array<{ path: string; raw: number; gzip: number; encoding: string }> = [];
      for (const req of scripts) {
        const res = await req.response();
        if (!res) throw new Error(`no response for ${req.url()}`);
        const body = await res.body();
        rows.push({
          path: new URL(req.url()).pathname,
          raw: body.length,
          gzip: gzipSize(body),
          encoding: (await res.headerValue('content-encoding')) ?? 'none',
        });
      }
      rows.sort((a, b) => b.gzip - a.gzip);
      const seen = new Set<string>();
      for (const r of rows) {
        if (seen.has(r.path)) warnings.push(`${r.path} was requested more than once`);
        seen.add(r.path);
      }
      const uncompressed = rows.filter((r) => r.encoding === 'none');
      if (uncompressed.length > 0) {
        warnings.push(
          `served without compression: ${uncompressed.map((r) => r.path).join(', ')} ` +
            '(are the .br/.gz files in dist/? scripts/compress.ts)',
        );
      }
      const details = rows.map(
        (r) =>
          `${kb(r.gzip).padStart(10)} gz  ${kb(r.raw).padStart(10)} raw  ${r.path}  (sent as ${r.encoding})`,
      );
      details.push(
        `on screen after ${wallMs} ms wall clock (unthrottled, online, service worker bypassed)`,
      );
      if (late.length > 0) {
        details.push(`loaded after the first screen (not counted): ${late.join(', ')}`);
      }
      return {
        values: {
          firstScreenJsGzipBytes: rows.reduce((sum, r) => sum + r.gzip, 0),
          firstScreenJsRawBytes: rows.reduce((sum, r) => sum + r.raw, 0),
          firstScreenJsRequests: rows.length,
        },
        details,
        warnings: [...warnings, ...problems],
      };
    } finally {
      await context.close();
    }
  },
};
