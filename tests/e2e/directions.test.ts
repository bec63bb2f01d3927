// Every glyph that points somewhere, in both writing directions, in real Chromium: the
// week arrows are read off the drawn pixels (a chevron's point is the side where its ink
// closes to one spot), so a CSS flip on top of the bidi mirroring of ‹ › shows up as an
// arrow pointing into the screen instead of out of it. The "needs internet" arrow of a
// pack's links points forward: ↗ left to right, ↖ right to left.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPhone } from './browser.ts';
import { chooseChild, passWelcome } from './family.ts';
import { serverAndBrowser } from './suite.ts';

const env = serverAndBrowser();

/**
 * Which way the chevron drawn in `glyph` points: the side of its ink box whose outer fifth
 * of columns has ink over the smaller part of the box's height (the closed point, against
 * the two open arm ends).
 */
async function pointing(page: Page, glyph: Locator): Promise<'left' | 'right'> {
  const png = (await glyph.screenshot()).toString('base64');
  return page.evaluate(async (data) => {
    // Decoded here, not fetched from a data: URL, which the app's CSP refuses.
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const g = canvas.getContext('2d');
    if (!g) throw new Error('no 2d context');
    g.drawImage(bitmap, 0, 0);
    const { data: px, width, height } = g.getImageData(0, 0, bitmap.width, bitmap.height);
    const lum = (i: number) => 0.3 * px[i]! + 0.59 * px[i + 1]! + 0.11 * px[i + 2]!;
    const background = lum(0);
    const ink: Array<[number, number]> = [];
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if (Math.abs(lum((y * width + x) * 4) - background) > 80) ink.push([x, y]);
      }
    }
    if (ink.length === 0) throw new Error('no ink in the glyph');
    const xs = ink.map(([x]) => x);
    const left = Math.min(...xs);
    const right = Math.max(...xs);
    const band = Math.max(1, Math.round((right - left) / 5));
    const spread = (inBand: (x: number) => boolean) => {
      const ys = ink.filter(([x]) => inBand(x)).map(([, y]) => y);
      return Math.max(...ys) - Math.min(...ys);
    };
    const leftSpread = spread((x) => x <= left + band);
    const rightSpread = spread((x) => x >= right - band);
    return leftSpread < rightSpread ? 'left' : 'right';
  }, png);
}

for (const [locale, dir] of [
  ['en-GB', 'ltr'],
  ['pl-PL', 'ltr'],
  ['ar', 'rtl'],
  ['ur-PK', 'rtl'],
] as const) {
  describe(`directions (${locale})`, () => {
    it('week arrows point out of the screen on their own side; the link arrow points forward', async () => {
      const context = await newPhone(env.browser, { locale });
      const page = await context.newPage();
      await page.goto(`${env.server.url}/join/${env.server.demo().joinCode}`);
      await passWelcome(page);
      await page.locator('[data-testid="session"]').first().waitFor();
      expect(await page.evaluate(() => document.documentElement.dir)).toBe(dir);

      const previous = page.locator('.weeknav > button').nth(0);
      const next = page.locator('.weeknav > button').nth(1);
      const start = dir === 'ltr' ? 'left' : 'right';
      const end = dir === 'ltr' ? 'right' : 'left';
      // "Previous week" is the first button, at the start of the line.
      const p = (await previous.boundingBox())?.x ?? NaN;
      const n = (await next.boundingBox())?.x ?? NaN;
      expect(start === 'left' ? p < n : p > n).toBe(true);
      expect(await pointing(page, previous.locator('span'))).toBe(start);
      expect(await pointing(page, next.locator('span'))).toBe(end);

      // A pack's "needs internet" link arrow.
      await chooseChild(page, 'Amira');
      await page.locator('nav a[href="/packs"]').click();
      await page
        .getByTestId('pack-item')
        .filter({ has: page.locator('a') })
        .first()
        .waitFor();
      await page
        .getByTestId('pack-item')
        .filter({ hasText: /Reading and the Romans/ })
        .getByRole('link')
        .click();
      const link = page.locator('.instructions a[data-needs-internet]').first();
      await link.waitFor();
      const arrow = await link.evaluate((a) => getComputedStyle(a, '::after').content);
      expect(arrow).toBe(dir === 'ltr' ? '" ↗"' : '" ↖"');
      await context.close();
    });
  });
}
