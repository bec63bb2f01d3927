// Accessibility of every screen so far, in English and right-to-left Arabic: axe-core in
// real Chromium finds no violations, and every control is a 44 px touch target.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, waitForServiceWorker } from './browser.ts';
import { startPhoneClock, testWeek } from './clock.ts';
import { chooseChild, handIn, losePages, openParentArea, passWelcome } from './family.ts';
import { phonePhoto } from './photos.ts';
import { startServer, type RunningServer } from './server.ts';

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

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

type AxeResult = {
  violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }>;
};

async function axe(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const result = (await page.evaluate(() =>
    (window as unknown as { axe: { run(o: unknown): Promise<unknown> } }).axe.run({
      // Best practices too (region, page-has-heading-one, heading-order…), not only WCAG.
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
      },
    }),
  )) as AxeResult;
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

/**
 * Scrolls to the end of the page and waits until it stays there: a route change moves the
 * focus to <main> (and the scroll to the top) a moment after the screen appears.
 */
async function scrollToEnd(page: Page): Promise<void> {
  await expect
    .poll(async () => {
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await page.waitForTimeout(100);
      return page.evaluate(
        () => window.scrollY + window.innerHeight >= document.body.scrollHeight - 2,
      );
    })
    .toBe(true);
}

/**
 * At 200% text (WCAG 1.4.4) on a 360 px phone, what on the page would leave the screen
 * sideways, and whether the page itself scrolls sideways. The day picker, the child
 * switcher and (at that size only) the bottom bar are sideways scrollers by design: whole
 * words, never cut off.
 */
async function overflowAt200(page: Page): Promise<string[]> {
  const viewport = page.viewportSize();
  await page.setViewportSize({ width: 360, height: 740 });
  const found = await page.evaluate(async () => {
    const root = document.documentElement;
    const before = root.style.fontSize;
    root.style.fontSize = '200%';
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const scrollers = '.days, .children, .shell__nav';
    const out = (r: DOMRect) => r.width > 0 && (r.right > innerWidth + 1 || r.left < -1);
    const leaves = [...document.querySelectorAll('body *')]
      .filter((el) => !el.closest(scrollers) && out(el.getBoundingClientRect()))
      .filter((el) => ![...el.children].some((c) => out(c.getBoundingClientRect())))
      .map((el) => `${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 40)}"`);
    // Text wider than its box (a word that cannot break) shows as scroll width.
    const spilled = [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((el) => !el.closest(scrollers) && getComputedStyle(el).overflowX === 'visible')
      .filter((el) => el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0)
      .filter((el) => ![...el.children].some((c) => c.scrollWidth > c.clientWidth + 1))
      .map(
        (el) =>
          `text of ${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 40)}"`,
      );
    const wide = root.scrollWidth > innerWidth + 1 ? [`page ${root.scrollWidth} px wide`] : [];
    root.style.fontSize = before;
    return [...wide, ...leaves, ...spilled];
  });
  if (viewport) await page.setViewportSize(viewport);
  return found;
}

/** Controls smaller than 44×44 CSS px (links inside running text are exempt). */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('button, a, input, select, label.check')]
      .filter((el) => el.offsetParent !== null && !el.closest('.skip-link'))
      // Hidden file inputs: their labels (styled as buttons) are the targets.
      .filter((el) => !el.classList.contains('visually-hidden'))
      .filter((el) => !(el.tagName === 'A' && el.closest('p') && !el.classList.contains('button')))
      .filter((el) => !(el.tagName === 'INPUT' && el.closest('label.check, label.choice')))
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width < 44 || r.height < 44)
      .map(
        ({ el, r }) =>
          `${el.tagName.toLowerCase()}${el.getAttribute('type') ? `[${el.getAttribute('type')}]` : ''} "${el.textContent?.trim()}" ${Math.round(r.width)}×${Math.round(r.height)}`,
      ),
  );
}

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
  await passWelcome(page);
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
      // The welcome after joining, then the timetable.
      await page.getByTestId('welcome').waitFor();
      expect(await axe(page)).toEqual([]);
      expect(await smallTargets(page)).toEqual([]);
      expect(['welcome', ...(await overflowAt200(page))]).toEqual(['welcome']);
      await passWelcome(page);
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
      // The parent area is still open from the settings: no PIN asked to hand over, only
      // which of today's schedules the child starts with.
      await page.getByTestId('hand-over').waitFor();
      await check('hand over');
      await page.getByTestId('hand-over').getByRole('button').first().click();
      await page.getByTestId('child-mode-screen').waitFor();
      await check('child mode');
      await page.getByTestId('leave-child-mode').click();
      await page.getByTestId('pin-input').waitFor();
      await check('leaving child mode');
      await context.close();
    });

    it('the attention list with an item set aside', async () => {
      const { context, page, check } = await joinedPhone(locale, 'Amira');
      const photo = join(mkdtempSync(join(tmpdir(), 'homeward-a11y-')), 'page.jpg');
      writeFileSync(photo, await phonePhoto(800, 600, 5));
      await waitForServiceWorker(page); // the hand-in screen opens offline
      await context.setOffline(true);
      await handIn(page, server.url, photo);
      await losePages(page);
      await context.setOffline(false);
      await page.locator('.sync__note--error').waitFor({ timeout: 30_000 });
      await page.goto(`${server.url}/attention`);
      await page.getByTestId('attention-item').waitFor();
      await check('attention');
      expect(await overflowAt200(page)).toEqual([]);
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
