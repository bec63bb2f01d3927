/// <reference lib="webworker" />
// The service worker: precaches the app shell (so the app opens with no signal), answers
// navigations with index.html, leaves /api/ to the network, and drains the outbox through
// Background Sync where the browser has it (Chromium). It updates only when the page asks
// (the update prompt in src/app/pwa/), never in the middle of a write.
import {
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import { ExpirationPlugin } from 'workbox-expiration';
import { CacheableResponsePlugin } from 'workbox-cacheable-response';
import { clientsClaim } from 'workbox-core';
import { openDatabase } from './data/db.ts';
import { parkSharedFiles } from './data/shared.ts';
import { createHttp } from './net/http.ts';
import { filesCacheName } from './net/packFiles.ts';
import { packFilePathPattern } from '../shared/paths.ts';
import { createSyncEngine } from './sync/engine.ts';
import { sendEntry } from './sync/send.ts';
import { appVersion } from './version.ts';

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: Array<{ url: string; revision: string | null }>;
};

precacheAndRoute(self.__WB_MANIFEST);
// The first install takes control of the open page at once, so a family that has just
// joined can lose signal straight away. Updates still wait for the family's "Update now"
// (SKIP_WAITING below), and only then claim.
clientsClaim();
cleanupOutdatedCaches();

registerRoute(
  new NavigationRoute(createHandlerBoundToURL('index.html'), {
    // The staff workspace (/staff) is never answered from here: it is online-first and
    // not part of the family app.
    denylist: [/^\/api\//, /^\/assets\//, /^\/staff(\/|$)/],
  }),
);

// Hashed app files that are not precached (PDF.js and its worker, loaded when a pack's PDF
// is downloaded or opened): kept the first time they are fetched. A name never changes its
// bytes; after app updates the oldest versions go.
registerRoute(
  ({ url, request }) =>
    url.origin === self.location.origin &&
    url.pathname.startsWith('/assets/') &&
    request.method === 'GET',
  new CacheFirst({
    cacheName: 'homeward-viewer',
    plugins: [
      new CacheableResponsePlugin({ statuses: [200] }),
      new ExpirationPlugin({ maxEntries: 6 }),
    ],
  }),
);

// Learning-pack files by content hash (`/api/v1/files/<sha256>`): the page's downloader
// (net/packFiles.ts) stores them, checked, in `filesCacheName`; here they are answered
// from there, so a file on the phone opens with no signal. Missing ones go to the network
// untouched (and are not stored here: only whole, checked files are kept).
registerRoute(
  ({ url }) => url.origin === self.location.origin && packFilePathPattern.test(url.pathname),
  async ({ request }) => {
    const cache = await caches.open(filesCacheName);
    return (await cache.match(request.url)) ?? fetch(request);
  },
);

// Web Share Target: a photo shared from the gallery arrives as a POST to /share. Park the
// files in IndexedDB and open the submit screen, which adds them to a new submission.
registerRoute(
  ({ url }) => url.pathname === '/share',
  async ({ request }) => {
    const form = await request.formData();
    const files = form.getAll('photos').filter((f): f is File => f instanceof File);
    await parkSharedFiles(openDatabase(), files.slice(0, 20));
    return Response.redirect('/submit?shared=1', 303);
  },
  'POST',
);

self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

type SyncEventLike = ExtendableEvent & { tag: string };

self.addEventListener('sync', (event) => {
  const syncEvent = event as SyncEventLike;
  if (syncEvent.tag !== 'homeward-outbox') return;
  syncEvent.waitUntil(drainFromWorker());
});

async function drainFromWorker(): Promise<void> {
  const windows = await self.clients.matchAll({ type: 'window' });
  if (windows.length > 0) {
    // A page is open: its engine does the work and shows progress.
    for (const client of windows) client.postMessage({ type: 'homeward:sync' });
    return;
  }
  const db = openDatabase();
  const engine = createSyncEngine({
    db,
    transport: { send: sendEntry(createHttp()) },
    // Photos, pictures and clips need tus (XMLHttpRequest, which a service worker lacks):
    // they wait for a page. What names one of them (a schedule using a new picture) waits
    // with it: the engine holds back whatever depends on an entry that cannot go.
    hold: (entry) => entry.kind === 'submission' || entry.kind === 'media',
    appVersion,
    locks: { request: (name, cb) => self.navigator.locks.request(name, cb) },
  });
  let failed = false;
  engine.subscribe((e) => {
    if (e.type === 'error') failed = e.kind === 'offline' || e.kind === 'server';
  });
  await engine.sync('background');
  engine.dispose();
  // Rejecting asks the browser to retry this Background Sync later.
  if (failed) throw new Error('outbox not drained yet');
}
