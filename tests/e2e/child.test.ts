// Child mode and the schedule player in real Chromium: the child's one action ("Done") is
// on screen without scrolling on a small phone at 200% text and on a tall one; in the
// parent's player it never slips under the bottom bar; child mode shows the schedule and
// the child's stars and nothing a parent would use; every screen of the parent gate has a
// way back; the tap that fills a reward chart can be undone.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPhone, watchForProblems } from './browser.ts';
import { chooseChild, joinAndInstall, openParentArea } from './family.ts';
import { serverAndBrowser } from './suite.ts';

const env = serverAndBrowser();

type Screen = { width: number; height: number; text: '100%' | '200%' };
const screens: Screen[] = [
  { width: 360, height: 640, text: '200%' },
  { width: 390, height: 844, text: '100%' },
  { width: 390, height: 844, text: '200%' },
];

/** Sets the screen size and the family's text size, and waits for the layout to settle. */
async function useScreen(page: Page, screen: Screen): Promise<void> {
  await page.setViewportSize({ width: screen.width, height: screen.height });
  await page.evaluate(async (size) => {
    document.documentElement.style.fontSize = size;
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  }, screen.text);
}

/**
 * Whether the control can be tapped where the page is now: wholly inside the screen, and
 * what is drawn at its centre is the control (not the bottom bar over it).
 */
async function tappableHere(control: Locator): Promise<string> {
  return control.evaluate((el) => {
    const r = el.getBoundingClientRect();
    if (r.top < 0 || r.bottom > innerHeight) {
      return `outside the screen: ${Math.round(r.top)}–${Math.round(r.bottom)} of ${innerHeight}`;
    }
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return hit && el.contains(hit) ? 'tappable' : `covered by ${hit?.className ?? 'nothing'}`;
  });
}

async function yusufsPhone() {
  const context = await newPhone(env.browser);
  const page = await joinAndInstall(context, env.server.url, env.server.demo().joinCode);
  // No sliding cards: where "Done" is is read once the screen is still.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await chooseChild(page, 'Yusuf');
  await page.locator('nav a[href="/schedule"]').click();
  await page.getByTestId('schedule-item').first().waitFor();
  return { context, page };
}

describe('child mode', () => {
  it('keeps "Done" on screen without scrolling and shows nothing but the schedule and stars', async () => {
    const { context, page } = await yusufsPhone();
    const problems = watchForProblems(page);
    await page.getByTestId('child-mode').click();
    await openParentArea(page);
    await page.getByTestId('hand-over').getByRole('button').first().click();
    await page.getByTestId('child-mode-screen').waitFor();

    // The schedule and the child's stars, nothing else to choose or press.
    expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
    expect(await page.getByTestId('token-board').count()).toBeGreaterThan(0);
    expect(await page.locator('.segmented').count()).toBe(0); // no schedules, no views
    expect(await page.getByTestId('add-token').count()).toBe(0);
    const buttons = await page
      .getByRole('button')
      .evaluateAll((els) => els.map((b) => b.getAttribute('data-testid') ?? b.className));
    expect(buttons.filter((b) => !/step-card__say/.test(b))).toEqual([
      'leave-child-mode',
      'step-done',
    ]);

    const done = page.getByTestId('step-done');
    for (const screen of screens) {
      await useScreen(page, screen);
      await page.evaluate(() => window.scrollTo(0, 0));
      expect([screen, await tappableHere(done)]).toEqual([screen, 'tappable']);
      // After a tap the next step's "Done" is on screen just the same.
      const before = await page.getByTestId('progress').textContent();
      await done.click();
      await expect.poll(() => page.getByTestId('progress').textContent()).not.toBe(before);
      await expect.poll(() => page.getByTestId('step-now').count()).toBe(1);
      expect([screen, 'after a tap', await tappableHere(done)]).toEqual([
        screen,
        'after a tap',
        'tappable',
      ]);
    }
    expect(problems).toEqual([]);
    await context.close();
  });

  it('offers the next of today’s schedules once one is finished, without a schedule switcher', async () => {
    const { context, page } = await yusufsPhone();
    const titles = await page
      .getByTestId('schedule-item')
      .locator('.schedule-item__title')
      .allTextContents();
    await page.getByTestId('child-mode').click();
    await openParentArea(page);
    await page.getByTestId('hand-over').getByRole('button', { name: titles[0] }).click();
    await page.getByTestId('child-mode-screen').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(titles[0]);
    while ((await page.getByTestId('all-done').count()) === 0) {
      await page.getByTestId('step-done').click();
    }
    await page.getByTestId('next-schedule').click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(titles[1]);
    await context.close();
  });
});

describe('the parent’s player', () => {
  it('keeps the next "Done" clear of the bottom bar after each tap, and has a page heading', async () => {
    const { context, page } = await yusufsPhone();
    await page.getByTestId('schedule-item').first().getByRole('link').first().click();
    const done = page.getByTestId('step-done');
    await done.waitFor();
    expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
    for (const screen of screens) {
      await useScreen(page, screen);
      // With the frame's header, the child switcher and the view buttons, a small phone at
      // 200% text has "Done" below the first screenful: the parent scrolls to it once.
      await page.evaluate(() => window.scrollTo(0, 0));
      const atTop = await tappableHere(done);
      expect([screen, screen.text === '100%' ? atTop : 'tappable']).toEqual([screen, 'tappable']);
      const before = await page.getByTestId('progress').textContent();
      await done.click();
      await expect.poll(() => page.getByTestId('progress').textContent()).not.toBe(before);
      expect([screen, 'after a tap', await tappableHere(done)]).toEqual([
        screen,
        'after a tap',
        'tappable',
      ]);
    }
    await context.close();
  });
});

describe('the parent gate', () => {
  it('has a way back from every screen: setting the PIN, typing it, handing over', async () => {
    const { context, page } = await yusufsPhone();
    // "Give the phone to Yusuf" on a phone with no PIN yet: "Set a parent PIN".
    await page.getByTestId('child-mode').click();
    await page.getByTestId('pin-new').waitFor();
    await page.getByTestId('pin-cancel').click();
    await page.waitForURL(/\/schedule$/);
    // The settings' gate goes back where the family came from.
    await page.locator('nav a[href="/week"]').click();
    await page.locator('a[href="/settings"]').click();
    await page.getByTestId('pin-new').waitFor();
    await page.getByTestId('pin-cancel').click();
    await page.waitForURL(/\/week$/);
    // With a PIN set: typing it has a way back too, also when the gate is the first screen.
    await page.locator('a[href="/settings"]').click();
    await openParentArea(page);
    await page.goto(`${env.server.url}/settings`); // a reload locks the parent area
    await page.getByTestId('pin-input').waitFor();
    await page.getByTestId('pin-cancel').click();
    await page.waitForURL(/\/week$/);
    // Handing over with several schedules today: the choice has a way back.
    await page.locator('nav a[href="/schedule"]').click();
    await page.getByTestId('child-mode').click();
    await openParentArea(page);
    await page.getByTestId('hand-over').getByRole('button', { name: 'Cancel' }).click();
    await page.waitForURL(/\/schedule$/);
    // The schedule draws after the URL changes: wait for it rather than look once.
    await page.getByTestId('child-mode').waitFor({ state: 'visible' });
    expect(await page.getByTestId('child-mode').isVisible()).toBe(true);
    await context.close();
  });
});

describe('reward charts', () => {
  it('can undo the tap that filled the board', async () => {
    const { context, page } = await yusufsPhone();
    const board = page.getByTestId('token-board').first();
    const count = board.getByTestId('token-count');
    // Other tests here earn stars on the same family's chart: start from where it is.
    await expect.poll(() => count.textContent()).toMatch(/^\d of 5 stars$/);
    const start = Number((await count.textContent())?.slice(0, 1));
    for (let n = start + 1; n <= 5; n++) {
      await board.getByTestId('add-token').click();
      await expect.poll(() => count.textContent()).toBe(`${n} of 5 stars`);
    }
    await board.getByTestId('celebrate').waitFor();
    await board.getByTestId('undo-token').click();
    await expect.poll(() => count.textContent()).toBe('4 of 5 stars');
    expect(await board.getByTestId('celebrate').count()).toBe(0);
    await context.close();
  });
});
