// Counts wrong join codes per client in fixed windows. In memory: a restart forgets the
// counts, which is acceptable because the per-minute limit still applies and codes are
// 8 characters from 31 (~8.5e11 combinations).
import type { RateLimitRule } from '../../options.ts';

type Window = { count: number; resetAt: number };

export class FailureCounter {
  readonly #rule: RateLimitRule;
  readonly #windows = new Map<string, Window>();

  constructor(rule: RateLimitRule) {
    this.#rule = rule;
  }

  /** 0 when the client may try; otherwise how long it must wait. */
  blockedForMs(key: string, now: number): number {
    const w = this.#windows.get(key);
    if (!w || w.resetAt <= now) return 0;
    return w.count >= this.#rule.max ? w.resetAt - now : 0;
  }

  record(key: string, now: number): void {
    const w = this.#windows.get(key);
    if (!w || w.resetAt <= now) {
      if (this.#windows.size >= 10_000) this.#prune(now);
      this.#windows.set(key, { count: 1, resetAt: now + this.#rule.timeWindowMs });
    } else {
      w.count++;
    }
  }

  #prune(now: number): void {
    for (const [k, w] of this.#windows) if (w.resetAt <= now) this.#windows.delete(k);
    // Still full (an attack from very many addresses): start over rather than grow.
    if (this.#windows.size >= 10_000) this.#windows.clear();
  }
}
