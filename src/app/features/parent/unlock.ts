// Whether the parent area is open in this tab. Memory only: a reload, a closed tab or
// handing the phone to the child (child mode) locks it again, and it locks itself after
// a while without use.
const openForMs = 10 * 60_000;
let unlockedUntil = 0;
const listeners = new Set<() => void>();

export function isUnlocked(now = Date.now()): boolean {
  return now < unlockedUntil;
}

export function unlock(now = Date.now()): void {
  unlockedUntil = now + openForMs;
  for (const l of listeners) l();
}

export function lock(): void {
  unlockedUntil = 0;
  for (const l of listeners) l();
}

/** Keeps it open while the parent is using it. */
export function touch(now = Date.now()): void {
  if (isUnlocked(now)) unlockedUntil = now + openForMs;
}

export function onLockChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
