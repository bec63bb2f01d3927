// The accessibility checks of the browser tests: axe-core in the page (through the
// DevTools protocol, so the strict CSP stays on), 200% text on a 360 px screen, 44 px
// targets.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

type AxeResult = {
  violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }>;
};

/** Only these axe tags (the WCAG rules); without, every rule axe has, best practices too. */
export const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export async function axe(page: Page, tags: string[] | 'all' = wcagTags): Promise<string[]> {
  await page.evaluate(axeSource);
  const result = (await page.evaluate(
    (values) =>
      (window as unknown as { axe: { run(o: unknown): Promise<unknown> } }).axe.run(
        values === 'all' ? {} : { runOnly: { type: 'tag', values } },
      ),
    tags,
  )) as AxeResult;
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

/**
 * Scrolls to the end of the page and waits until it stays there: a route change moves the
 * focus to <main> (and the scroll to the top) a moment after the screen appears.
 */
export async function scrollToEnd(page: Page): Promise<void> {
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
export async function overflowAt200(page: Page): Promise<string[]> {
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
export async function smallTargets(page: Page): Promise<string[]> {
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
