// staffFirstScreenJsGzipBytes: the JavaScript the staff workspace loads before its first
// screen after sign-in ("My classes", its table on screen), measured in Chromium. A teacher
// signs in through the API, the session cookie goes into a fresh browser context, and
// /staff/ opens with the HTTP cache disabled; every script body requested until the table
// is visible is gzipped (level 9) and summed. The workspace has no service worker.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Request } from 'playwright-core';
import { watchForProblems } from '../lib/browser.ts';
import type { Measure } from '../lib/context.ts';
import { gzipSize, kb } from '../lib/stats.ts';

type Member = { email: string; password: string; role: string };

export const staffFirstScreen: Measure = {
  name: 'staff-first-screen',
  title: 'Staff workspace first screen JavaScript',
  needsBrowser: true,
  async run(ctx) {
    const server = await ctx.server();
    const browser = await ctx.browser();
    const creds = JSON.parse(
      readFileSync(join(server.dataDir, 'demo-credentials.json'), 'utf8'),
    ) as { staff: Member[] };
    const teacher = creds.staff.find((s) => s.role === 'teacher');
    if (!teacher) throw new Error('no demo teacher in demo-credentials.json');
    const res = await fetch(`${server.url}/api/v1/staff/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: teacher.email, password: teacher.password }),
    });
    if (!res.ok) throw new Error(`staff sign-in: ${res.status}`);
    const token = /hw_staff=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
    if (!token) throw new Error('no staff cookie');

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      await context.addCookies([
        { name: 'hw_staff', value: token, url: `${server.url}/api`, httpOnly: true },
      ]);
      const page = await context.newPage();
      const problems = new Set<string>();
      watchForProblems(page, problems);
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      const scripts: Request[] = [];
      const late: string[] = [];
      let onScreen = false;
      page.on('request', (req) => {
        if (req.resourceType() !== 'script') return;
        if (onScreen) late.push(req.url());
        else scripts.push(req);
      });
      const started = Date.now();
      await page.goto(`${server.url}/staff/`);
      await page.locator('main table tbody tr').first().waitFor({ timeout: 30_000 });
      onScreen = true;
      const wallMs = Date.now() - started;
      await page.waitForLoadState('networkidle', { timeout: 3_000 }).catch(() => {});
      const rows: { path: string; raw: number; gzip: number }[] = [];
      for (const req of scripts) {
        const response = await req.response();
        if (!response) throw new Error(`no response for ${req.url()}`);
        const body = await response.body();
        rows.push({ path: new URL(req.url()).pathname, raw: body.length, gzip: gzipSize(body) });
      }
      rows.sort((a, b) => b.gzip - a.gzip);
      const details = rows.map(
        (r) => `${kb(r.gzip).padStart(10)} gz  ${kb(r.raw).padStart(10)} raw  ${r.path}`,
      );
      details.push(`on screen after ${wallMs} ms wall clock (unthrottled)`);
      if (late.length > 0) details.push(`loaded after the first screen: ${late.join(', ')}`);
      return {
        values: {
          staffFirstScreenJsGzipBytes: rows.reduce((sum, r) => sum + r.gzip, 0),
          staffFirstScreenJsRequests: rows.length,
        },
        details,
        warnings: [...problems],
      };
    } finally {
      await context.close();
    }
  },
};
