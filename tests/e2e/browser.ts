// Real Chromium through playwright-core (it cannot download its own browser here).
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';
import { startPhoneClock } from './clock.ts';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Desktop Chromium builds its omnibox popup as a WebUI page: every new page spawns a
      // renderer for it that burns ~0.6 s of CPU while the page under test starts. Phones
      // have no such thing, and on a 2-core machine it skews every timing (bench/README.md).
      '--disable-features=WebUIOmniboxPopup,WebUIOmniboxFullPopup,WebUIOmniboxAimPopup,PreloadTopChromeWebUI',
      ...extraArgs,
    ],
  });
}

/**
 * A phone: a fresh profile with a phone-sized screen, in the school's time zone, its clock
 * at the tests' instant (clock.ts) unless `clock: false` (the bench uses real time).
 */
export async function newPhone(
  browser: Browser,
  options: BrowserContextOptions & { clock?: Date | false } = {},
): Promise<BrowserContext> {
  const { clock, ...contextOptions } = options;
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    ...contextOptions,
  });
  if (clock !== false) await startPhoneClock(context, clock);
  return context;
}

/** Waits until the service worker controls the page, so reloads work offline. */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (navigator.serviceWorker.controller) return;
    await new Promise<void>((resolve) =>
      navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }),
    );
  });
}

/** Collects page errors and CSP violations so a test can assert there were none. */
export function watchForProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) {
      problems.push(`csp: ${m.text()}`);
    }
  });
  return problems;
}
