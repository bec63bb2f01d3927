// One bad item never stops the queue, in real Chromium: a photo submission whose pages are
// gone from the phone (storage cleared under it) is set aside with a reason the family
// can act on, where they see it (the hand-in list, the status bar, the attention list),
// while the rest of the queue reaches the school; "Take the photos again" brings back the
// hand-in form as it was.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPhone, watchForProblems } from './browser.ts';
import { handIn, joinAndInstall, losePages, outboxCount, reportAbsence } from './family.ts';
import { phonePhoto } from './photos.ts';
import { startServer, type RunningServer } from './server.ts';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let photo: string;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  context = await newPhone(browser);
  page = await joinAndInstall(context, server.url, server.demo().joinCode);
  photo = join(mkdtempSync(join(tmpdir(), 'homeward-attention-')), 'page.jpg');
  writeFileSync(photo, await phonePhoto(1200, 900, 3));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('an item that cannot be sent as it is', () => {
  it('is set aside with what to do, and the rest of the queue still goes', async () => {
    const problems = watchForProblems(page);
    await context.setOffline(true);
    await page.goto(`${server.url}/submit`).catch(() => undefined);
    await page.getByLabel('A note for the teacher (optional)').fill('Maths page 4');
    const id = await handIn(page, server.url, photo);
    await reportAbsence(page, server.url, 'Written after the photo');
    await losePages(page);

    await context.setOffline(false);
    // The notice written after the broken submission is delivered anyway.
    await expect.poll(() => outboxCount(page), { timeout: 30_000 }).toBe(1);
    await expect
      .poll(() => page.getByTestId('absence-notice').getByTestId('notice-status').textContent())
      .toBe('Sent to school');

    // The status bar says so, and links to the list.
    await expect
      .poll(() => page.locator('.sync__note--error').textContent(), { timeout: 15_000 })
      .toContain('1 item could not be sent');
    await page.getByRole('link', { name: 'See what' }).click();
    await page.waitForURL(/\/attention$/);
    const item = page.getByTestId('attention-item');
    await item.waitFor();
    expect(await item.getAttribute('data-kind')).toBe('submission');
    expect(await item.textContent()).toContain('Maths page 4');
    expect(await item.getByTestId('set-aside-reason').textContent()).toContain(
      'The photos are no longer on this phone',
    );
    // Trying again cannot bring the photos back: not offered.
    expect(await item.getByRole('button', { name: 'Try again' }).count()).toBe(0);

    // On the hand-in list too, where "Take the photos again" fills the form as it was.
    await page.goto(`${server.url}/submit`);
    const card = page.locator(`[data-submission-id="${id}"]`);
    await expect
      .poll(() => card.getByTestId('submission-status').textContent())
      .toBe('Could not be sent');
    await card.getByRole('button', { name: 'Take the photos again' }).click();
    await expect.poll(() => card.count()).toBe(0);
    expect(await page.getByLabel('A note for the teacher (optional)').inputValue()).toBe(
      'Maths page 4',
    );
    expect(await outboxCount(page)).toBe(0);
    await expect.poll(() => page.locator('.sync__note--error').count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
