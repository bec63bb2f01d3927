// Chromium through playwright-core (Debian's /usr/bin/chromium: it cannot download its
// own browser here), a phone-shaped context, joining through the UI, and the service
// worker checks the offline measure relies on.
import type {
  Browser,
  BrowserContext,
  BrowserContextOptions,
  CDPSession,
  Page,
} from 'playwright-core';
import { newPhone as newTestPhone } from '../../tests/e2e/browser.ts';

/** What "the timetable is on screen" means everywhere in the bench. */
export const sessionSelector = '[data-testid="session"]';

// One way to start Chromium and make a phone, shared with the e2e tests.
export { chromiumPath, launchBrowser as launchChromium } from '../../tests/e2e/browser.ts';

/**
 * The tests' phone, on the real clock: Playwright's fake clock (which the tests install)
 * replaces requestAnimationFrame and performance.now, which the measures time with.
 */
export function newPhone(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  return newTestPhone(browser, { ...options, clock: false });
}

/**
 * Collects uncaught page errors and console errors (except failed loads, which are
 * expected offline) so a measure can report them: a number is worth little if the app
 * broke while it was taken.
 */
export function watchForProblems(page: Page, into: Set<string>): void {
  page.on('pageerror', (e) => into.add(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) {
      into.add(`console error: ${m.text().slice(0, 300)}`);
    }
  });
}

/**
 * Opens the school's link (`/join/<code>`), which joins at once and shows the welcome,
 * goes on to the timetable, and waits for the first sync to put the week on screen.
 */
export async function joinThroughUi(page: Page, base: string, code: string): Promise<void> {
  await page.goto(`${base}/join/${code}`);
  const reached = page.waitForURL(/\/welcome$/, { timeout: 30_000 }).then(async () => {
    await page.getByTestId('welcome-continue').click();
    await page.waitForURL(/\/week$/, { timeout: 30_000 });
  });
  await reached.catch(async () => {
    const alert = await page
      .locator('[role="alert"]')
      .innerText()
      .catch(() => '');
    throw new Error(`joining through /join/<code> did not reach /week (${page.url()}) ${alert}`);
  });
  await page.locator(sessionSelector).first().waitFor({ state: 'visible', timeout: 30_000 });
}

/**
 * Waits for the service worker to be active and in control of the page; reloads once if
 * it activated without claiming this page (no clientsClaim). Throws if it never controls.
 */
export async function ensureServiceWorkerControls(page: Page): Promise<void> {
  const controlled = () =>
    page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (navigator.serviceWorker.controller) return true;
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), 5_000);
        navigator.serviceWorker.addEventListener(
          'controllerchange',
          () => {
            clearTimeout(timer);
            resolve(true);
          },
          { once: true },
        );
      });
    });
  if (await controlled()) return;
  await page.reload();
  await page.locator(sessionSelector).first().waitFor({ state: 'visible', timeout: 30_000 });
  if (!(await controlled())) {
    throw new Error('the service worker never took control of the page (controller is null)');
  }
}

/**
 * Stops every running service worker of the profile (as a phone does with an idle one)
 * and waits until Chromium reports them stopped, so the next navigation starts it again.
 */
export async function stopServiceWorkers(cdp: CDPSession): Promise<void> {
  const running = new Map<string, string>();
  let changed: () => void = () => {};
  cdp.on('ServiceWorker.workerVersionUpdated', (event) => {
    for (const v of event.versions) running.set(v.versionId, v.runningStatus);
    changed();
  });
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  // Versions arrive as events after enable; none at all means no worker is installed.
  const allStopped = () =>
    running.size > 0 && [...running.values()].every((status) => status === 'stopped');
  const deadline = Date.now() + 5_000;
  while (!allStopped()) {
    if (Date.now() > deadline) {
      throw new Error(
        running.size === 0
          ? 'no service worker is installed'
          : 'the service worker did not stop within 5 s',
      );
    }
    await new Promise<void>((resolve) => {
      changed = resolve;
      setTimeout(resolve, 50);
    });
  }
}

/**
 * An init script: records, on the page's own clock (ms since navigation start), the first
 * animation frame in which a visible session card exists, and resolves
 * `window.__benchFirstSession` with it. Read it with readFirstSessionMs.
 */
export function recordFirstSession(selector: string): void {
  const w = window as unknown as { __benchFirstSession?: Promise<number> };
  let resolve: (ms: number) => void = () => {};
  w.__benchFirstSession = new Promise<number>((r) => (resolve = r));
  const check = () => {
    const el = document.querySelector(selector);
    if (!el || !el.checkVisibility()) return;
    observer.disconnect();
    requestAnimationFrame(() => resolve(performance.now()));
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, attributes: true });
}

export type StartTimings = {
  /** Navigation start → first frame with a visible session card. */
  sessionMs: number;
  /** Milestones on the way, ms since navigation start (Navigation/Resource Timing). */
  milestones: Record<string, number>;
};

/**
 * Waits for recordFirstSession's promise through one bare CDP `Runtime.evaluate`. Not
 * `page.waitForFunction`: that injects Playwright's 330 KB utility script into the page
 * while it starts (about 70 ms of main thread at 4x CPU), which is the tool, not the app.
 */
export async function readFirstSessionMs(page: Page, cdp: CDPSession): Promise<StartTimings> {
  const deadline = Date.now() + 30_000;
  let sessionMs: number | undefined;
  // Right after commit the new document may not have a context yet (the expression then
  // reads the old page, or that context goes away mid-call): ask again until it answers.
  while (sessionMs === undefined) {
    const waited = await cdp
      .send('Runtime.evaluate', {
        expression: 'window.__benchFirstSession',
        awaitPromise: true,
        returnByValue: true,
      })
      .catch(() => null);
    if (typeof waited?.result.value === 'number') sessionMs = waited.result.value;
    else if (Date.now() > deadline) throw new Error('the timetable never showed a session card');
    else await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const milestones = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as
      PerformanceNavigationTiming | undefined;
    const found: Record<string, number> = {};
    if (nav) {
      found.workerStart = nav.workerStart;
      found.htmlResponseEnd = nav.responseEnd;
      found.domContentLoaded = nav.domContentLoadedEventEnd;
    }
    const scripts = performance
      .getEntriesByType('resource')
      .filter((e) => /\.m?js$/.test(new URL(e.name).pathname));
    if (scripts.length > 0) {
      found.lastScriptResponseEnd = Math.max(
        ...scripts.map((e) => (e as PerformanceResourceTiming).responseEnd),
      );
    }
    for (const mark of performance.getEntriesByType('mark')) {
      if (mark.name.startsWith('homeward:')) found[mark.name.slice(9)] = mark.startTime;
    }
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    if (fcp) found.firstContentfulPaint = fcp.startTime;
    return found;
  });
  return { sessionMs, milestones };
}
