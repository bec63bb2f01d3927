// The database, loaded on demand: the first screen reads IndexedDB directly
// (rawReader.ts) and draws before Dexie's code is even evaluated; writes and live queries
// wait for this import (a few milliseconds once the chunk is in the precache).
import type { HomewardDB } from './db.ts';

export function getAppDb(): Promise<HomewardDB> {
  return import('./appDb.ts').then((m) => m.appDb);
}
