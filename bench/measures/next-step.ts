// nextStepMs: the child taps "Done" and the next step is on screen. Chromium, phone-sized,
// 4x CPU throttling, the demo SEND pupil's schedule for today. Timed on the page's clock
// from the tap's input event to the first animation frame after the "Now" card changed;
// each run taps "Done" (timed) and then "Go back one step" (not timed). Median of runs.
import { joinThroughUi, newPhone, watchForProblems } from '../lib/browser.ts';
import type { Measure } from '../lib/context.ts';
import { median, percentile, round } from '../lib/stats.ts';

const runs = Number(process.env.BENCH_NEXT_STEP_RUNS ?? 15);
const cpuSlowdown = Number(process.env.BENCH_CPU_RATE ?? 4);

export const nextStep: Measure = {
  name: 'next-step',
  title: 'Schedule: tap "Done" to the next step',
  needsBrowser: true,
  async run(ctx) {
    const server = await ctx.server();
    const browser = await ctx.browser();
    const problems = new Set<string>();
    const context = await newPhone(browser);
    try {
      const page = await context.newPage();
      watchForProblems(page, problems);
      await joinThroughUi(page, server.url, server.demo.joinCode);
      await page.locator('.children__child', { hasText: 'Yusuf' }).click();
      await page.locator('nav a[href="/schedule"]').click();
      await page.getByTestId('schedule-item').first().getByRole('link').first().click();
      await page.getByTestId('step-done').waitFor();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuSlowdown });

      const times: number[] = [];
      for (let i = 0; i < runs + 1; i++) {
        await page.evaluate(() => {
          const w = window as unknown as { __nextStep?: Promise<number> };
          const button = document.querySelector('[data-testid="step-done"]');
          const before = document.querySelector('[data-testid="step-now"]')?.textContent;
          w.__nextStep = new Promise<number>((resolve) => {
            let tapped = 0;
            button?.addEventListener('click', (e) => (tapped = e.timeStamp), {
              capture: true,
              once: true,
            });
            const observer = new MutationObserver(() => {
              const now = document.querySelector('[data-testid="step-now"]')?.textContent;
              if (now === before && !document.querySelector('[data-testid="all-done"]')) return;
              observer.disconnect();
              requestAnimationFrame(() => resolve(performance.now() - tapped));
            });
            observer.observe(document.body, {
              subtree: true,
              childList: true,
              characterData: true,
            });
          });
        });
        await page.getByTestId('step-done').click();
        const ms = await page.evaluate(
          () => (window as unknown as { __nextStep: Promise<number> }).__nextStep,
        );
        if (i > 0) times.push(ms); // the first tap warms up the code paths
        // Let the write land, then go back to the same step for the next run.
        await page.waitForTimeout(300);
        const first = await page.getByTestId('progress').textContent();
        await page.getByRole('button', { name: 'Go back one step' }).first().click();
        await page.waitForFunction(
          (was) => document.querySelector('[data-testid="progress"]')?.textContent !== was,
          first,
        );
        await page.waitForTimeout(150);
      }
      await cdp.detach();
      const sorted = times.toSorted((a, b) => a - b).map((t) => Math.round(t));
      return {
        values: {
          nextStepMs: round(median(times)),
          nextStepP90Ms: round(percentile(times, 90)),
        },
        details: [`${runs} taps, CPU ${cpuSlowdown}x slower: ${sorted.join(', ')} ms`],
        warnings: [...problems],
      };
    } finally {
      await context.close();
    }
  },
};
