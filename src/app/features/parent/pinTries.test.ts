import { describe, expect, it } from 'vitest';
import { maxTries, pinRight, pinWaitLeft, pinWrong, waitMs } from './pinTries.ts';

function memoryStore() {
  const items = new Map<string, string>();
  return {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    items,
  };
}

describe('wrong PIN tries', () => {
  it('five wrong tries start a 30 s wait that a fresh read of the store still sees', () => {
    const store = memoryStore();
    const t0 = 1_000_000;
    for (let i = 1; i < maxTries; i++) expect(pinWrong(t0 + i, store)).toBe(0);
    expect(pinWaitLeft(t0 + 10, store)).toBe(0);
    expect(pinWrong(t0 + 10, store)).toBe(waitMs);
    // What a reload reads: only the store.
    expect(JSON.parse(store.items.get('homeward.pinTries') ?? '{}')).toEqual({
      wrong: 0,
      waitUntil: t0 + 10 + waitMs,
    });
    expect(pinWaitLeft(t0 + 10 + 1_000, store)).toBe(waitMs - 1_000);
    expect(pinWaitLeft(t0 + 10 + waitMs, store)).toBe(0);
  });

  it('the right PIN starts the count again', () => {
    const store = memoryStore();
    for (let i = 1; i < maxTries; i++) pinWrong(i, store);
    pinRight(store);
    for (let i = 1; i < maxTries; i++) expect(pinWrong(100 + i, store)).toBe(0);
  });

  it('a clock turned back cannot stretch the wait past 30 s', () => {
    const store = memoryStore();
    for (let i = 0; i < maxTries; i++) pinWrong(5_000_000, store);
    expect(pinWaitLeft(0, store)).toBe(waitMs);
  });

  it('counts in memory when storage refuses, and ignores a damaged record', () => {
    const refusing = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    pinRight(refusing); // the memory copy starts clean (earlier tests wrote to it)
    for (let i = 0; i < maxTries - 1; i++) expect(pinWrong(10, refusing)).toBe(0);
    expect(pinWrong(10, refusing)).toBe(waitMs);
    expect(pinWaitLeft(20, refusing)).toBe(waitMs - 10);

    const damaged = memoryStore();
    damaged.items.set('homeward.pinTries', '{"wrong":"lots"}');
    expect(() => pinWaitLeft(30, damaged)).not.toThrow();
  });
});
