// Photo upload on a family's connection: bytes sent again after the connection drops half
// way through a page (`uploadResentBytesAfterDrop`, tus resumes from what the server
// holds), and the time to deliver one compressed photo on emulated Slow 3G
// (`photoUploadSlow3gMs`, from "Send to school" to "Delivered to school").
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { phonePhoto } from '../../tests/e2e/photos.ts';
import { startProxy } from '../../tests/e2e/proxy.ts';
import { joinThroughUi, newPhone, watchForProblems } from '../lib/browser.ts';
import type { Measure } from '../lib/context.ts';
import { kb } from '../lib/stats.ts';

const uploadPatch = /^PATCH \/api\/v1\/uploads\//;

async function handIn(page: Page, base: string, photo: string): Promise<void> {
  await page.goto(`${base}/submit`);
  await page.getByTestId('gallery-input').setInputFiles([photo]);
  await page.locator('[data-testid="draft-page"] img').first().waitFor({ timeout: 30_000 });
}

/** Waits until the newest submission (there are `count` in all) is delivered. */
async function delivered(page: Page, count: number, timeout: number): Promise<void> {
  await page.waitForFunction(
    (n) =>
      document.querySelectorAll('[data-testid="submission"]').length === n &&
      document.querySelector('[data-testid="submission-status"]')?.textContent ===
        'Delivered to school',
    count,
    { timeout, polling: 100 },
  );
}

export const upload: Measure = {
  name: 'upload',
  title: 'Photo upload: resume after a drop, Slow 3G',
  needsBrowser: true,
  async run(ctx) {
    const server = await ctx.server();
    const browser = await ctx.browser();
    const proxy = await startProxy(server.port);
    const problems = new Set<string>();
    const dir = mkdtempSync(join(tmpdir(), 'homeward-bench-upload-'));
    const photo = join(dir, 'page.jpg');
    writeFileSync(photo, await phonePhoto(2400, 1800, 3));
    const context = await newPhone(browser);
    try {
      const page = await context.newPage();
      watchForProblems(page, problems);
      await joinThroughUi(page, proxy.url, server.demo.joinCode);

      // 1. A drop half way through the page's upload.
      await handIn(page, proxy.url, photo);
      const bytes = await page.evaluate(() => {
        const text = document.querySelector('[data-testid="send-size"]')?.textContent ?? '';
        return text;
      });
      proxy.resetCounters();
      const half = 100_000;
      const cut = proxy.cutNext(uploadPatch, half);
      await page.getByRole('button', { name: 'Send to school' }).click();
      await cut;
      await delivered(page, 1, 60_000);
      const resent = proxy.bytesTo(uploadPatch) - half;

      // 2. Slow 3G (DevTools' preset: 400 ms latency, ~400 kbit/s each way).
      const cdp = await context.newCDPSession(page);
      await handIn(page, proxy.url, photo);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 400,
        downloadThroughput: (400 * 1024) / 8,
        uploadThroughput: (400 * 1024) / 8,
      });
      const started = Date.now();
      await page.getByRole('button', { name: 'Send to school' }).click();
      await delivered(page, 2, 120_000);
      const slow3g = Date.now() - started;
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput: -1,
      });
      return {
        values: { uploadResentBytesAfterDrop: resent, photoUploadSlow3gMs: slow3g },
        details: [
          `photo to send: ${bytes}; connection cut after ${kb(half)} of the PATCH`,
          `after the drop: ${kb(resent)} sent again (${proxy.lines().filter((l) => l.startsWith('HEAD')).length} HEAD to learn the offset)`,
          `Slow 3G: ${slow3g} ms from "Send to school" to "Delivered to school"`,
        ],
        warnings: [...problems],
      };
    } finally {
      await context.close();
      await proxy.close();
    }
  },
};
