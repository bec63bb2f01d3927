// What the sync status bar shows, fed by engine events. Tiny on purpose: it loads with the
// first screen, while the engine itself loads just after.
import { useSyncExternalStore } from 'react';
import type { SyncErrorKind, SyncEvent } from './engine.ts';

export type SyncStatus = {
  syncing: boolean;
  progress: { sent: number; total: number } | null;
  error: { kind: SyncErrorKind; retryInMs: number | null } | null;
  /** Bytes on their way, per record (photo submissions), while a drain runs. */
  uploads: Readonly<Record<string, { sent: number; total: number }>>;
};

let status: SyncStatus = { syncing: false, progress: null, error: null, uploads: {} };
const listeners = new Set<() => void>();

function set(next: SyncStatus) {
  status = next;
  for (const l of listeners) l();
}

export function onSyncEvent(event: SyncEvent): void {
  switch (event.type) {
    case 'start':
      set({ ...status, syncing: true, progress: null });
      break;
    case 'progress':
      set({ ...status, progress: { sent: event.sent, total: event.total } });
      break;
    case 'upload':
      set({
        ...status,
        uploads: { ...status.uploads, [event.recordId]: { sent: event.sent, total: event.total } },
      });
      break;
    case 'success':
      set({ syncing: false, progress: null, error: null, uploads: {} });
      break;
    case 'error':
      set({
        syncing: false,
        progress: null,
        error: { kind: event.kind, retryInMs: event.retryInMs },
        uploads: {},
      });
      break;
  }
}

export function useSyncStatus(): SyncStatus {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => status,
  );
}

export function useOnline(): boolean {
  return useSyncExternalStore(
    (l) => {
      addEventListener('online', l);
      addEventListener('offline', l);
      return () => {
        removeEventListener('online', l);
        removeEventListener('offline', l);
      };
    },
    () => navigator.onLine,
  );
}
