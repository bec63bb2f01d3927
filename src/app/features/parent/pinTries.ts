// Wrong PIN tries on this phone: five in a row mean a 30 s wait. Kept in localStorage, so
// a child cannot get fresh tries by reloading or closing the app; held in memory as well,
// for a browser that refuses storage. A clock turned back cannot make the wait longer
// than 30 s.
export const maxTries = 5;
export const waitMs = 30_000;
const key = 'homeward.pinTries';

type Tries = { wrong: number; waitUntil: number };
type Store = Pick<Storage, 'getItem' | 'setItem'>;

let inMemory: Tries = { wrong: 0, waitUntil: 0 };

function store(): Store | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage blocked
  }
}

function read(from: Store | null): Tries {
  try {
    const saved: unknown = JSON.parse(from?.getItem(key) ?? 'null');
    if (
      saved &&
      typeof saved === 'object' &&
      Number.isInteger((saved as Tries).wrong) &&
      Number.isFinite((saved as Tries).waitUntil)
    ) {
      return saved as Tries;
    }
  } catch {
    // unreadable: the memory copy stands
  }
  return inMemory;
}

function write(to: Store | null, tries: Tries): void {
  inMemory = tries;
  try {
    to?.setItem(key, JSON.stringify(tries));
  } catch {
    // full or blocked: the memory copy still counts for this visit
  }
}

/** Milliseconds left before the PIN may be tried again (0: now). */
export function pinWaitLeft(now = Date.now(), from: Store | null = store()): number {
  return Math.min(waitMs, Math.max(0, read(from).waitUntil - now));
}

/** Counts a wrong PIN; returns the wait it started (0 if none yet). */
export function pinWrong(now = Date.now(), to: Store | null = store()): number {
  const tries = read(to);
  const wrong = tries.wrong + 1;
  if (wrong >= maxTries) {
    write(to, { wrong: 0, waitUntil: now + waitMs });
    return waitMs;
  }
  write(to, { wrong, waitUntil: tries.waitUntil });
  return 0;
}

/** The right PIN: the count starts again. */
export function pinRight(to: Store | null = store()): void {
  write(to, { wrong: 0, waitUntil: 0 });
}
