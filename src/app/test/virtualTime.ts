// Simulated time for sync tests: timers and sleeps wait on a virtual clock that jumps to
// the next timer once the engine is idle or waiting on one, so minutes of backoff and
// hundreds of requests run in milliseconds, the same way every run.
import type { SyncEngine } from '../sync/engine.ts';

type Timer = { at: number; order: number; fn: () => void };

export function virtualTime(start = Date.parse('2026-11-23T09:00:00.000Z')) {
  let now = start;
  let order = 0;
  const timers: Timer[] = [];
  /** Timers registered since the last one fired: the engine has moved on to wait. */
  let registeredSinceFire = 0;
  let engine: Pick<SyncEngine, 'whenIdle'> | null = null;

  const clock = {
    now: () => new Date(now),
    elapsedMs: () => now - start,
    setTimer: (fn: () => void, ms: number): unknown => {
      const timer = { at: now + Math.max(0, ms), order: (order += 1), fn };
      timers.push(timer);
      registeredSinceFire += 1;
      return timer;
    },
    clearTimer: (handle: unknown) => {
      const i = timers.indexOf(handle as Timer);
      if (i >= 0) timers.splice(i, 1);
    },
    sleep: (ms: number) => new Promise<void>((resolve) => clock.setTimer(resolve, ms)),
    /** Follow an engine's runs, so time moves only while it is idle or waits on a timer. */
    watch(watched: Pick<SyncEngine, 'whenIdle'>) {
      engine = watched;
    },
    /** Runs every timer due up to `ms` from now, in time order. */
    async advance(ms: number) {
      const end = now + ms;
      for (;;) {
        await settle();
        timers.sort((a, b) => a.at - b.at || a.order - b.order);
        const next = timers[0];
        if (!next || next.at > end) break;
        timers.shift();
        now = next.at;
        registeredSinceFire = 0;
        next.fn();
      }
      now = end;
    },
  };

  /**
   * Until the engine is idle or waits on a timer it registered since the last one fired;
   * real I/O (IndexedDB) runs meanwhile. Polled, with a cap, so it can never hang a test.
   */
  async function settle() {
    let idle = false;
    void (engine?.whenIdle() ?? Promise.resolve()).then(() => {
      idle = true;
    });
    for (let i = 0; i < 20_000; i += 1) {
      if (idle || registeredSinceFire > 0) break;
      await tick();
    }
    // Let what the engine was just asked for (a run, a probe's answer) begin.
    for (let i = 0; i < 5; i += 1) await tick();
  }

  return clock;
}

const tick = () => new Promise((r) => setImmediate(r));

/** A small seeded random source (mulberry32), so a "lossy link" fails the same way each run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
