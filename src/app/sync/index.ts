// The page's sync engine: created once, wired to the browser's triggers (start, online,
// visible again, Background Sync messages from the service worker). Loaded lazily after
// the first screen is drawn; everything else reaches it through ./request.ts.
import { appDb } from '../data/appDb.ts';
import type { OutboxEntry } from '../data/db.ts';
import { getMeta } from '../data/meta.ts';
import { createHttp } from '../net/http.ts';
import { connectionKind } from '../pwa/network.ts';
import { createSyncEngine, type LockManagerLike, type SyncReason } from './engine.ts';
import { tusUploader } from './pageUploader.ts';
import { onSyncEvent } from './status.ts';
import { httpTransport } from './transport.ts';
import { appVersion } from '../version.ts';

const locks: LockManagerLike | undefined =
  typeof navigator !== 'undefined' && navigator.locks
    ? { request: (name, cb) => navigator.locks.request(name, cb) }
    : undefined;

/** Data saver: photos wait for Wi-Fi (or for "Send now"); small items always go. */
async function hold(entry: OutboxEntry): Promise<boolean> {
  if (entry.kind !== 'submission' || entry.force) return false;
  if (!(await getMeta<boolean>(appDb, 'sendOnWifiOnly'))) return false;
  return connectionKind() !== 'wifi';
}

export const engine = createSyncEngine({
  db: appDb,
  transport: httpTransport(createHttp(), appDb, tusUploader(appDb)),
  locks,
  hold,
  appVersion,
});

engine.subscribe(onSyncEvent);

addEventListener('online', () => {
  engine.resetBackoff();
  void engine.sync('online');
});
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') void engine.sync('visible');
});
navigator.serviceWorker?.addEventListener('message', (event: MessageEvent) => {
  if ((event.data as { type?: string } | null)?.type === 'homeward:sync') {
    void engine.sync('background');
  }
});

export function sync(reason: SyncReason): Promise<void> {
  return engine.sync(reason);
}

void engine.sync('start');
