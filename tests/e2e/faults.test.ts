// Nothing lost, nothing doubled: the faults a family's patchy connection really has,
// against the real server through a fault-injecting proxy, in real Chromium. Every item
// must reach the server exactly once with the bytes the phone queued (the server checks
// each page's SHA-256 against the phone's before it commits).
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPhone } from './browser.ts';
import { handIn, joinAndInstall, outboxCount, reportAbsence } from './family.ts';
import { phonePhoto } from './photos.ts';
import { startProxy, type FaultProxy } from './proxy.ts';
import { startServer, type RunningServer } from './server.ts';
import { signInStaff, type StaffClient } from './staff.ts';

const runs = Number(process.env.FAULT_RUNS ?? 20);

let server: RunningServer;
let proxy: FaultProxy;
let browser: Browser;
let staff: StaffClient;
let photo: string;
let context: BrowserContext;
let page: Page;
let distCopy: string;

const uploadPatch = /^PATCH \/api\/v1\/uploads\//;
const submissionPut = /^PUT \/api\/v1\/submissions\//;
const noticePut = /^PUT \/api\/v1\/absence-notices\//;

async function staffSignIn() {
  const demo = server.demo();
  staff = await signInStaff(server.url, demo.staffEmail, demo.staffPassword);
}

async function serverCounts(): Promise<{
  submissions: Map<string, number>;
  notices: Map<string, number>;
}> {
  const { classes } = await staff.get<{ classes: Array<{ id: string }> }>('/api/v1/staff/classes');
  const submissions = new Map<string, number>();
  const notices = new Map<string, number>();
  for (const c of classes) {
    const s = await staff.get<{ submissions: Array<{ id: string; pages: unknown[] }> }>(
      `/api/v1/staff/submissions?classId=${c.id}`,
    );
    for (const x of s.submissions) submissions.set(x.id, (submissions.get(x.id) ?? 0) + 1);
    const n = await staff.get<{ notices: Array<{ id: string }> }>(
      `/api/v1/staff/absence-notices?classId=${c.id}`,
    );
    for (const x of n.notices) notices.set(x.id, (notices.get(x.id) ?? 0) + 1);
  }
  return { submissions, notices };
}

async function drained(p: Page, timeout = 45_000): Promise<void> {
  await expect.poll(() => outboxCount(p), { timeout, interval: 250 }).toBe(0);
}

beforeAll(async () => {
  // A copy of the build, so one test can deploy a "new version" of the app.
  distCopy = mkdtempSync(join(tmpdir(), 'homeward-dist-'));
  cpSync(new URL('../../dist', import.meta.url), distCopy, { recursive: true });
  server = await startServer({ distDir: distCopy });
  proxy = await startProxy(server.port);
  browser = await launchBrowser();
  await staffSignIn();
  const dir = mkdtempSync(join(tmpdir(), 'homeward-faults-'));
  photo = join(dir, 'page.jpg');
  writeFileSync(photo, await phonePhoto(1600, 1200, 7));
  context = await newPhone(browser);
  page = await joinAndInstall(context, proxy.url, server.demo().joinCode);
});

afterAll(async () => {
  await browser?.close();
  await proxy?.close();
  await server?.stop();
});

describe('faults while sending', () => {
  it(`survives the connection cut at a random point of the upload (${runs} runs)`, async () => {
    const ids: string[] = [];
    for (let i = 0; i < runs; i += 1) {
      // Photos here compress to ~100–250 KB: cut anywhere in the first 200 KB of the PATCH.
      const cut = proxy.cutNext(uploadPatch, 1 + Math.floor(Math.random() * 200_000));
      ids.push(await handIn(page, proxy.url, photo));
      await cut;
      await drained(page);
    }
    const { submissions } = await serverCounts();
    for (const id of ids) expect(submissions.get(id)).toBe(1);
  });

  it('resumes from what the server holds after a drop half way, re-sending little', async () => {
    proxy.resetCounters();
    const cut = proxy.cutNext(uploadPatch, 60_000);
    const id = await handIn(page, proxy.url, photo);
    await cut;
    await drained(page);
    const resent = proxy.bytesTo(uploadPatch) - 60_000;
    const { submissions } = await serverCounts();
    expect(submissions.get(id)).toBe(1);
    // The client asked the server where it got to (HEAD) instead of starting again, and
    // the bytes sent again stay within the budget (Chromium itself may repeat the one
    // chunk in flight on a reset keep-alive socket: ≤ 256 KiB).
    expect(proxy.lines().some((l) => l.startsWith('HEAD /api/v1/uploads/'))).toBe(true);
    expect(resent).toBeLessThanOrEqual(1_048_576);
  });

  it('survives the server being killed mid-upload and restarted (3 runs)', async () => {
    for (let i = 0; i < 3; i += 1) {
      const stalled = proxy.stallNext(uploadPatch, 30_000 + i * 20_000);
      const id = await handIn(page, proxy.url, photo);
      await stalled;
      await server.kill();
      await server.restart();
      await staffSignIn();
      await page
        .getByRole('button', { name: 'Sync now' })
        .click()
        .catch(() => {});
      await drained(page, 60_000);
      const { submissions } = await serverCounts();
      expect(submissions.get(id)).toBe(1);
    }
  });

  it(`delivers once when the answer is lost after the server committed (${runs} runs)`, async () => {
    const submissionIds: string[] = [];
    for (let i = 0; i < runs; i += 1) {
      const lost =
        i % 2 === 0 ? proxy.dropResponseOfNext(submissionPut) : proxy.dropResponseOfNext(noticePut);
      if (i % 2 === 0) submissionIds.push(await handIn(page, proxy.url, photo));
      else await reportAbsence(page, proxy.url, `lost answer ${i}`);
      await lost;
      await drained(page);
    }
    const { submissions, notices } = await serverCounts();
    for (const id of submissionIds) expect(submissions.get(id)).toBe(1);
    expect([...notices.values()].every((n) => n === 1)).toBe(true);
    expect([...notices.keys()].length).toBe(Math.floor(runs / 2));
  });

  it('sends what was queued before the page was closed, once it is opened again', async () => {
    await context.setOffline(true);
    const id = await handIn(page, proxy.url, photo);
    await reportAbsence(page, proxy.url, 'closed tab');
    await page.close();
    await context.setOffline(false);
    page = await context.newPage();
    await page.goto(`${proxy.url}/week`);
    await drained(page);
    const { submissions } = await serverCounts();
    expect(submissions.get(id)).toBe(1);
  });

  it('keeps 20 items queued offline over a fortnight and sends each once', async () => {
    await context.setOffline(true);
    const start = await page.evaluate(() => Date.now()); // the phone's clock (clock.ts)
    const ids: string[] = [];
    for (let day = 0; day < 20; day += 1) {
      // Each item on a later "day": the phone's clock moves on ~17 hours at a time.
      await page.clock.setSystemTime(new Date(start + day * 17 * 3_600_000));
      if (day % 4 === 0) ids.push(await handIn(page, proxy.url, photo));
      else await reportAbsence(page, proxy.url, `day ${day}`);
      if (day % 5 === 4) await page.reload();
    }
    expect(await outboxCount(page)).toBe(20);
    await context.setOffline(false);
    await drained(page, 90_000);
    const { submissions, notices } = await serverCounts();
    for (const id of ids) expect(submissions.get(id)).toBe(1);
    expect([...notices.values()].every((n) => n === 1)).toBe(true);
  });

  it('keeps waiting items through an app update and sends them after', async () => {
    // A phone of its own: earlier tests moved the other one's clock on a fortnight.
    await context.close();
    context = await newPhone(browser);
    page = await joinAndInstall(context, proxy.url, server.demo().joinCode);
    // The school's server is unreachable (the phone thinks it is online).
    proxy.block(/^\S+ \/api\//);
    const id = await handIn(page, proxy.url, photo);
    // A new version of the app is deployed: the service worker script changes.
    const sw = join(distCopy, 'sw.js');
    const next = Buffer.from(`${readFileSync(sw, 'utf8')}\n// next version\n`);
    writeFileSync(sw, next);
    writeFileSync(`${sw}.br`, brotliCompressSync(next));
    writeFileSync(`${sw}.gz`, gzipSync(next));
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    const update = page.getByRole('button', { name: 'Update now' });
    await update.waitFor({ timeout: 20_000 });
    expect(await outboxCount(page)).toBeGreaterThan(0);
    await Promise.all([page.waitForEvent('load'), update.click()]);
    expect(await outboxCount(page)).toBeGreaterThan(0);
    proxy.block(null);
    await page.getByRole('button', { name: 'Sync now' }).click();
    await drained(page);
    const { submissions } = await serverCounts();
    expect(submissions.get(id)).toBe(1);
  });
});
