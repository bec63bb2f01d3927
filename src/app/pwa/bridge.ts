// The page's one bridge to the service worker: registers it (workbox-window), tells the
// app when it is ready to work offline, and owns the update prompt. An update is applied
// only when the family says so and no write is in progress, then the page reloads once.
import { useSyncExternalStore } from 'react';
import type { Workbox } from 'workbox-window';

type PwaState = { offlineReady: boolean; updateWaiting: boolean };

let state: PwaState = { offlineReady: false, updateWaiting: false };
const listeners = new Set<() => void>();
let wb: Workbox | null = null;
let pendingWrites = 0;
let idleWaiters: Array<() => void> = [];

function set(patch: Partial<PwaState>) {
  state = { ...state, ...patch };
  for (const l of listeners) l();
}

/** Loads workbox-window only now (after the first screen), then registers. */
export async function registerServiceWorker(): Promise<void> {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  const { Workbox } = await import('workbox-window');
  wb = new Workbox('/sw.js', { scope: '/' });
  wb.addEventListener('waiting', () => set({ updateWaiting: true }));
  wb.addEventListener('activated', (event) => {
    if (!event.isUpdate) set({ offlineReady: true });
  });
  wb.addEventListener('controlling', (event) => {
    if (event.isUpdate) window.location.reload();
  });
  wb.register()
    .then(async () => {
      if ((await navigator.serviceWorker.ready).active && navigator.serviceWorker.controller) {
        set({ offlineReady: true });
      }
    })
    .catch(() => {
      // Blocked (private mode, policy, tests): the app still works online.
    });
}

/** Wrap every local write so an update never reloads the page in the middle of one. */
export async function guardWrite<T>(write: () => Promise<T>): Promise<T> {
  pendingWrites += 1;
  try {
    return await write();
  } finally {
    pendingWrites -= 1;
    if (pendingWrites === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    }
  }
}

/** Asks the server for a newer app now (e.g. it said this one is too old). */
export async function checkForUpdate(): Promise<void> {
  await wb?.update().catch(() => undefined);
}

export async function applyUpdate(): Promise<void> {
  if (!wb) return;
  if (pendingWrites > 0) await new Promise<void>((resolve) => idleWaiters.push(resolve));
  wb.messageSkipWaiting();
}

export function usePwaState(): PwaState {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => state,
  );
}
