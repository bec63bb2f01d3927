// Accessibility of every screen so far, in English and right-to-left Arabic: axe-core in
// real Chromium finds no violations, and every control is a 44 px touch target.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axe, overflowAt200, scrollToEnd, smallTargets } from './a11y-checks.ts';
import { launchBrowser, waitForServiceWorker } from './browser.ts';
import { startPhoneClock, testWeek } from './clock.ts';
import { chooseChild, openParentArea } from './family.ts';
import { startServer, type RunningServer } from './server.ts';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A phone-sized context in this language, its clock at the tests' instant (clock.ts). */
async function newContext(locale: string): Promise<BrowserContext> {
  // bypassCSP only so the axe script can be injected; the app itself runs unchanged.
  const context = await browser.newContext({
    locale,
    bypassCSP: true,
    viewport: { width: 390, height: 844 },
    timezoneId: 'Europe/London',
  });
  await startPhoneClock(context);
  return context;
}

/**
 * A joined phone in this language showing this child, and `check(what)`: axe and target
 * sizes, after scrolling to the end (the fixed bottom navigation covers whatever scrolls
 * under it, which axe counts as overlapping targets; the page's bottom padding lets
 * everything scroll clear). `what` names the screen in a failure.
 */
async function joinedPhone(locale: string, child: string) {
  const context = await newContext(locale);
  const page = await context.newPage();
  await page.goto(`${server.url}/join/${server.demo().joinCode}`);
  await page.locator('[data-testid="session"]').first().waitFor();
  await chooseChild(page, child);
  const check = async (what: string) => {
    await scrollToEnd(page);
    expect([what, ...(await axe(page))]).toEqual([what]);
    expect([what, ...(await smallTargets(page))]).toEqual([what]);
  };
  return { context, page, check };
}

for (const locale of ['en-GB', 'ar']) {
  describe(`accessibility (${locale})`, () => {
    it('join, timetable, hand-in, absence and settings: no axe violations, big targets', async () => {
      const context = await newContext(locale);
      const page = await context.newPage();
      await page.goto(`${server.url}/join`);
      await page.locator('input[name="code"]').waitFor();
      expect(await page.evaluate(() => document.documentElement.dir)).toBe(
        locale === 'ar' ? 'rtl' : 'ltr',
      );
      expect(await axe(page)).toEqual([]);
      expect(await smallTargets(page)).toEqual([]);

      await page.goto(`${server.url}/join/${server.demo().joinCode}`);
      await page.waitForURL(/\/week$/);
      await page.locator('[data-testid="session"]').first().waitFor();
      await waitForServiceWorker(page);
      // Whatever the sticky bottom bar covers at the first scroll position scrolls clear of it.
      await scrollToEnd(page);
      expect(await axe(page)).toEqual([]);
      expect(await smallTargets(page)).toEqual([]);
      expect(['timetable', ...(await overflowAt200(page))]).toEqual(['timetable']);

      await page.locator('a[href="/settings"]').click();
      // The parent area: the PIN form first (axe-checked too), then the settings.
      await page.getByTestId('pin-new').waitFor();
      expect(await axe(page)).toEqual([]);
      expect(await smallTargets(page)).toEqual([]);
      await openParentArea(page);
      await page.locator('#settings-language').waitFor();
      expect(await axe(page)).toEqual([]);
      expect(await smallTargets(page)).toEqual([]);
      expect(['settings', ...(await overflowAt200(page))]).toEqual(['settings']);

      for (const path of ['/submit', '/absence']) {
        await page.locator(`nav a[href="${path}"]`).click();
        await page.locator('section[data-loaded]').waitFor();
        // As below: whatever the fixed bottom bar covers scrolls clear of it.
        await scrollToEnd(page);
        expect(await axe(page)).toEqual([]);
        expect(await smallTargets(page)).toEqual([]);
        expect([path, ...(await overflowAt200(page))]).toEqual([path]);
      }

      // High contrast: the same screens stay clean with the phone's "more contrast" setting.
      await page.emulateMedia({ contrast: 'more', reducedMotion: 'reduce' });
      await page.locator('nav a[href="/week"]').click();
      await page.locator('[data-testid="session"]').first().waitFor();
      await scrollToEnd(page);
      expect(await axe(page)).toEqual([]);
      await context.close();
    });

    it('my day, the schedule player, reward charts and child mode: default, high contrast', async () => {
      const { context, page, check } = await joinedPhone(locale, 'Yusuf');
      let faces: string[] = [];
      for (const contrast of ['default', 'high'] as const) {
        if (contrast === 'high') {
          await page.emulateMedia({ contrast: 'more', reducedMotion: 'reduce' });
          await page.locator('a[href="/settings"]').click();
          await openParentArea(page);
          await page.getByTestId('display-contrast-high').click();
          await page.locator('html[data-contrast="high"]').waitFor({ state: 'attached' });
          // Easier-to-read letters and larger text, from the app's own font files.
          await page.getByTestId('display-font-dyslexic').click();
          await page.getByTestId('display-textSize-large').click();
          await page.locator('html[data-font="dyslexic"][data-text="large"]').waitFor({
            state: 'attached',
          });
          faces = await page.evaluate(async () =>
            (await document.fonts.load('16px "Atkinson Hyperlegible"', 'Ab')).map((f) => f.status),
          );
        }
        await page.locator('nav a[href="/schedule"]').click();
        await page.getByTestId('token-board').first().waitFor();
        await page.getByTestId('schedule-item').first().waitFor();
        await check(`my day (${contrast})`);
        expect([`my day (${contrast})`, ...(await overflowAt200(page))]).toEqual([
          `my day (${contrast})`,
        ]);
        // Every view of the player.
        await page.getByTestId('schedule-item').first().getByRole('link').first().click();
        await page.getByTestId('step-done').waitFor();
        for (const view of [0, 1, 2]) {
          await page.locator('.segmented__option').nth(view).click();
          await check(`player view ${view} (${contrast})`);
        }
        await page.getByTestId('step-done').click();
        await check(`player after a step (${contrast})`);
      }
      expect(faces).toContain('loaded'); // the reading font, from the app's own files
      // Child mode, and the PIN to leave it.
      await page.locator('nav a[href="/schedule"]').click();
      await page.getByTestId('child-mode').click();
      // The parent area is still open from the settings: no PIN asked to hand over.
      await page.getByTestId('child-mode-screen').waitFor();
      await check('child mode');
      await page.getByTestId('leave-child-mode').click();
      await page.getByTestId('pin-input').waitFor();
      await check('leaving child mode');
      await context.close();
    });

    it('the timetable fits a 360 px phone at 200% text on every day of the week', async () => {
      // Today's button carries a hidden ", Today": a layout bug that shows only on the day
      // marked today must not hide behind the day the suite happens to run.
      const { context, page } = await joinedPhone(locale, 'Amira');
      for (const [i, day] of testWeek.entries()) {
        await page.clock.setSystemTime(new Date(`${day}T10:00:00Z`));
        await page.reload();
        await page.locator('[data-testid="session"]').first().waitFor();
        // Monday to Friday are school days (today chosen at first); the weekend has no today.
        const today = await page
          .locator('.days__day--today')
          .evaluateAll((els) => els.map((el) => el.getAttribute('aria-pressed')));
        expect([day, ...today]).toEqual(i < 5 ? [day, 'true'] : [day]);
        expect([day, ...(await overflowAt200(page))]).toEqual([day]);
      }
      await context.close();
    });

    it('learning packs: list, one pack, the PDF reader, the picture, print and storage', async () => {
      const { context, page, check } = await joinedPhone(locale, 'Amira');
      for (const contrast of ['default', 'high'] as const) {
        if (contrast === 'high')
          await page.emulateMedia({ contrast: 'more', reducedMotion: 'reduce' });
        await page.locator('nav a[href="/packs"]').click();
        await page.getByTestId('pack-item').first().waitFor();
        // Both weeks' download sections settled (they render once their reads answer).
        await page
          .locator('[data-testid="download-week"], [data-testid="week-downloaded"]')
          .nth(1)
          .waitFor();
        await check(`packs (${contrast})`);
        expect(await overflowAt200(page)).toEqual([]);
        if (contrast === 'default') {
          await page.getByTestId('download-week').first().click();
          await page.getByTestId('download-confirm').waitFor();
          await check('download estimate');
          await page.getByTestId('download-confirm').click();
          await page.getByTestId('week-downloaded').first().waitFor({ timeout: 60_000 });
        }
        // The maths pack: instructions, activities, files, links, paper copy.
        await page
          .getByTestId('pack-item')
          .filter({ has: page.locator('a') })
          .first()
          .waitFor();
        const maths = page.getByTestId('pack-item').filter({ hasText: /Maths this week/ });
        await maths.getByRole('link').click();
        await page.getByTestId('pack-file').first().waitFor();
        await page.getByTestId('paper-open').click();
        await check(`one pack (${contrast})`);
        expect(await overflowAt200(page)).toEqual([]);
        await page.getByTestId('pack-file').first().getByRole('link').click();
        await page.locator('[data-testid="pdf-canvas"][data-rendered-page="1"]').waitFor();
        await page
          .getByText(/Text of this page|نص هذه الصفحة/)
          .first()
          .waitFor();
        await check(`PDF reader (${contrast})`);
        await page.goBack();
        await page.getByTestId('pack-file').nth(1).getByRole('link').click();
        await page.getByTestId('pack-image').waitFor();
        await check(`picture (${contrast})`);
        await page.goBack();
        await page.getByTestId('print-pack').click();
        await page.getByTestId('print-pack-view').waitFor();
        await check(`print view (${contrast})`);
        await page.goto(`${server.url}/packs/storage`);
        await page.getByTestId('storage-item').first().waitFor();
        await check(`storage (${contrast})`);
        expect(await overflowAt200(page)).toEqual([]);
      }
      await context.close();
    });
  });
}
