// Storage the family can count on: ask the browser once, when the first item is queued,
// to keep Homeward's data even when the phone runs low on space; and say how much is used.
import { getAppDb } from '../data/lazyDb.ts';
import { getMeta, setMeta } from '../data/meta.ts';

export async function askForPersistentStorage(): Promise<boolean | null> {
  if (!navigator.storage?.persist) return null;
  if (await navigator.storage.persisted()) return true;
  const appDb = await getAppDb();
  if (await getMeta<boolean>(appDb, 'persistAsked')) return false;
  await setMeta(appDb, 'persistAsked', true);
  return navigator.storage.persist();
}

export async function storageEstimate(): Promise<{ usage: number; quota: number } | null> {
  if (!navigator.storage?.estimate) return null;
  const { usage = 0, quota = 0 } = await navigator.storage.estimate();
  return { usage, quota };
}

/** True for the browser's "disk full / over quota" errors, whatever they are called. */
export function isQuotaError(error: unknown): boolean {
  const name = (error as { name?: string; inner?: { name?: string } } | null)?.name;
  const inner = (error as { inner?: { name?: string } } | null)?.inner?.name;
  return name === 'QuotaExceededError' || inner === 'QuotaExceededError';
}
