// Asks the engine to sync without loading it up front (it carries zod and the transport).
// After a new outbox entry, also registers Background Sync where the browser has it, so
// the service worker can send the entry even if the page is closed (never relied on:
// Safari has no Background Sync).
import type { SyncReason } from './engine.ts';

export function requestSync(reason: SyncReason): Promise<void> {
  if (reason === 'write') void registerBackgroundSync();
  return import('./index.ts').then((m) => m.sync(reason));
}

type SyncManagerLike = { register(tag: string): Promise<void> };

async function registerBackgroundSync(): Promise<void> {
  try {
    const registration = await navigator.serviceWorker?.getRegistration();
    const syncManager = (registration as { sync?: SyncManagerLike } | undefined)?.sync;
    await syncManager?.register('homeward-outbox');
  } catch {
    // Not supported or not allowed: the page's own triggers still drain the outbox.
  }
}

export function startSync(): void {
  void import('./index.ts');
}
