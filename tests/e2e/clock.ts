// One clock for every browser test, whatever the machine's date: the server starts its
// clock here (HOMEWARD_CLOCK, so the demo's "this week" is always the same week) and every
// phone's clock starts at the same instant (Playwright's clock, which then runs on in real
// time). A Wednesday mid-morning in term, in the school's zone (Europe/London, GMT in
// November). HOMEWARD_TEST_NOW moves both, to try the suite on another day or hour.
import type { BrowserContext } from 'playwright-core';

export const testNow = new Date(process.env.HOMEWARD_TEST_NOW ?? '2026-11-25T10:00:00Z');
if (Number.isNaN(testNow.getTime())) {
  throw new Error(`HOMEWARD_TEST_NOW is not an instant: ${process.env.HOMEWARD_TEST_NOW}`);
}

/** The Monday of the test week, and its seven days (Monday first), as YYYY-MM-DD. */
export const testWeek: string[] = (() => {
  const day = new Date(`${testNow.toISOString().slice(0, 10)}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return Array.from({ length: 7 }, (_, i) =>
    new Date(day.getTime() + i * 86_400_000).toISOString().slice(0, 10),
  );
})();

/** Starts the phone's clock at the test instant (or `at`); it runs on from there. */
export async function startPhoneClock(context: BrowserContext, at: Date = testNow): Promise<void> {
  await context.clock.install({ time: at });
}
