// offlineColdStartMs: a phone with no signal opening the app. Chromium, phone-sized, 4x
// CPU throttling; joined through the UI, first sync done (IndexedDB filled), service
// worker installed and controlling; then offline. Each run opens a new page with the
// service worker stopped first (so it has to start, as after the phone killed it) and
// times, on the page's clock, navigation start → first animation frame with a visible
// session card. One warm-up run is discarded.
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ensureServiceWorkerControls,
  joinThroughUi,
  newPhone,
  readFirstSessionMs,
  recordFirstSession,
  sessionSelector,
  watchForProblems,
  stopServiceWorkers,
} from '../lib/browser.ts';
import type { Measure } from '../lib/context.ts';
import { median, percentile, round } from '../lib/stats.ts';

const runs = Math.max(7, Number(process.env.BENCH_OFFLINE_RUNS ?? 10));
const warmupRuns = 1;
const cpuSlowdown = Number(process.env.BENCH_CPU_RATE ?? 4);

export const offlineStart: Measure = {
  name: 'offline-start',
  title: 'Offline cold start',
  needsBrowser: true,
  async run(ctx) {
    const server = await ctx.server();
    const browser = await ctx.browser();
    const problems = new Set<string>();
    const context = await newPhone(browser);
    try {
      await context.addInitScript(recordFirstSession, sessionSelector);
      const setup = await context.newPage();
      watchForProblems(setup, problems);
      await joinThroughUi(setup, server.url, server.demo.joinCode);
      await ensureServiceWorkerControls(setup);
      // Let the first sync and the precache finish before cutting the connection.
      await setup.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => {});
      await setup.close();
      await context.setOffline(true);

      const times: number[] = [];
      const milestones: Record<string, number[]> = {};
      const work: Record<string, number[]> = {};
      const add = (into: Record<string, number[]>, name: string, value: number) =>
        (into[name] ??= []).push(value);
      for (let i = 0; i < warmupRuns + runs; i++) {
        const page = await context.newPage();
        watchForProblems(page, problems);
        const cdp = await context.newCDPSession(page);
        await stopServiceWorkers(cdp);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuSlowdown });
        await cdp.send('Performance.enable');
        const response = await page.goto(`${server.url}/week`, { waitUntil: 'commit' });
        if (!response?.fromServiceWorker()) {
          throw new Error('offline navigation was not answered by the service worker');
        }
        const timings = await readFirstSessionMs(page, cdp);
        // Main-thread work of this page so far: how much of the start was CPU.
        const { metrics } = await cdp.send('Performance.getMetrics');
        const metricMs = (name: string) =>
          (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
        const controlled = await page.evaluate(() => navigator.serviceWorker.controller !== null);
        if (!controlled) throw new Error('page opened offline is not controlled by the worker');
        if (i >= warmupRuns) {
          times.push(timings.sessionMs);
          for (const [name, value] of Object.entries(timings.milestones)) {
            add(milestones, name, value);
          }
          add(work, 'all tasks', metricMs('TaskDuration'));
          add(work, 'script', metricMs('ScriptDuration'));
          add(work, 'style+layout', metricMs('RecalcStyleDuration') + metricMs('LayoutDuration'));
        }
        await cdp.detach();
        await page.close();
        await sleep(100);
      }

      const sorted = times.toSorted((a, b) => a - b).map((t) => Math.round(t));
      const medians = (of: Record<string, number[]>) =>
        Object.entries(of)
          .map(([name, values]) => `${name} ${Math.round(median(values))}`)
          .join(', ');
      return {
        values: {
          offlineColdStartMs: round(median(times)),
          offlineColdStartP90Ms: round(percentile(times, 90)),
          offlineColdStartRuns: times.length,
        },
        details: [
          `${runs} runs (+${warmupRuns} warm-up), CPU ${cpuSlowdown}x slower, offline, ` +
            `worker stopped before each: ${sorted.join(', ')} ms`,
          `medians, ms since navigation start: ${medians(milestones)}, ` +
            `session card ${Math.round(median(times))}`,
          `medians, main-thread work until then (ms, throttled): ${medians(work)}`,
        ],
        warnings: [...problems],
      };
    } finally {
      await context.close();
    }
  },
};
