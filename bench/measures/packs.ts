// Learning packs (issue 5) on a family's phone, in Chromium. Join the demo family through
// the UI, wait until the service worker controls the page, open /packs and "Download this
// week" (the estimate, then "Download"):
//   - demoWeekPackBytes / demoWeekPackFiles: the bodies of the `/api/v1/files/<sha256>`
//     responses the page received (the bytes of the files; they are sent as they are);
//   - pdfViewerTransferBytes: the PDF reader's code fetched on the way (`/assets/pdf-*.js`
//     and `/assets/pdf.worker*.mjs`), as the server sent it: each response's
//     `content-length` header, which for these precompressed files (.br/.gz, see
//     src/server/plugins/static.ts) is the compressed size on the wire, headers not
//     counted. (Not CDP's encodedDataLength: the page's requests are answered by the
//     service worker, which does the network fetch itself, so the page's own loading
//     figures do not describe the wire.) Compared with `pdfViewerBytes` in
//     src/app/pdf/pdfjs.ts, the app's own data estimate;
//   - unchangedWeekRedownloadBytes: then reload (a new session), let the sync and the
//     app's after-sync check run, and count file bytes fetched again: should be 0.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page, Response } from 'playwright-core';
import {
  ensureServiceWorkerControls,
  joinThroughUi,
  newPhone,
  sessionSelector,
  watchForProblems,
} from '../lib/browser.ts';
import type { Measure } from '../lib/context.ts';
import { kb } from '../lib/stats.ts';

const filePath = /^\/api\/v1\/files\/([0-9a-f]{64})$/;
const viewerPath = /^\/assets\/(?:pdf-[^/]*\.js|pdf\.worker[^/]*\.mjs)$/;
/** How far the measured reader may be from the app's constant before it is called out. */
const viewerTolerance = 0.25;
/** After the sync that follows the reload: time for the after-sync check to (not) fetch. */
const settleMs = 2_000;

type FileFetch = { hash: string; status: number; bytes: number; fromServiceWorker: boolean };
type ViewerFetch = {
  path: string;
  status: number;
  wireBytes: number | null;
  bodyBytes: number;
  encoding: string;
  fromServiceWorker: boolean;
};

/** Waits for a locator with a timeout, failing with what the bench was waiting for. */
async function waitFor(locator: Locator, what: string, timeout = 30_000): Promise<void> {
  await locator.waitFor({ state: 'visible', timeout }).catch((error: unknown) => {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Error(`packs: ${what} did not show within ${timeout / 1000} s (${why})`);
  });
}

/**
 * Records every pack-file and PDF-reader response of the page. Bodies are read as they
 * arrive (they are gone after a reload); `settled()` waits for those reads.
 */
function recordFetches(page: Page) {
  const files: FileFetch[] = [];
  const viewer: ViewerFetch[] = [];
  const reads: Promise<void>[] = [];
  const failures: string[] = [];
  const read = async (response: Response) => {
    const path = new URL(response.url()).pathname;
    const file = filePath.exec(path);
    if (!file?.[1] && !viewerPath.test(path)) return;
    const body = await response.body().catch((error: unknown) => {
      failures.push(`${path}: body unavailable (${String(error).split('\n')[0]})`);
      return null;
    });
    if (!body) return;
    if (file?.[1]) {
      files.push({
        hash: file[1],
        status: response.status(),
        bytes: body.length,
        fromServiceWorker: response.fromServiceWorker(),
      });
      return;
    }
    const length = await response.headerValue('content-length');
    viewer.push({
      path,
      status: response.status(),
      wireBytes: length === null ? null : Number(length),
      bodyBytes: body.length,
      encoding: (await response.headerValue('content-encoding')) ?? 'none',
      fromServiceWorker: response.fromServiceWorker(),
    });
  };
  page.on('response', (response) => void reads.push(read(response)));
  page.on('requestfailed', (request) => {
    const path = new URL(request.url()).pathname;
    if (filePath.test(path) || viewerPath.test(path)) {
      failures.push(`${path}: request failed (${request.failure()?.errorText ?? '?'})`);
    }
  });
  return {
    files,
    viewer,
    failures,
    /** Waits for every body read started so far. */
    async settled(): Promise<void> {
      while (reads.length > 0) await Promise.all(reads.splice(0));
    },
    /** Forgets what was recorded (after settled()). */
    reset(): void {
      files.length = 0;
      viewer.length = 0;
      failures.length = 0;
    },
  };
}

/** The size of the precompressed file the server sends for this encoding, if any. */
function distSize(distDir: string, path: string, encoding: string): number | null {
  const suffix = encoding === 'br' ? '.br' : encoding === 'gzip' ? '.gz' : '';
  try {
    return statSync(join(distDir, `${path}${suffix}`)).size;
  } catch {
    return null;
  }
}

/** `export const pdfViewerBytes = 420_000;` in src/app/pdf/pdfjs.ts, or null. */
function appViewerEstimate(root: string): number | null {
  const source = readFileSync(join(root, 'src/app/pdf/pdfjs.ts'), 'utf8');
  const match = /export const pdfViewerBytes = ([\d_]+);/.exec(source);
  return match?.[1] ? Number(match[1].replaceAll('_', '')) : null;
}

/** The names that occur more than once. */
function repeated(names: string[]): string[] {
  return [...new Set(names.filter((n, i) => names.indexOf(n) !== i))];
}

/**
 * Warns when the files the page got through the service worker and the worker's network
 * fetches do not match.
 */
function checkAgainstWorker(files: FileFetch[], network: string[], warnings: string[]): void {
  const page = files
    .filter((f) => f.fromServiceWorker)
    .map((f) => f.hash)
    .toSorted();
  const worker = network.toSorted();
  if (page.join() !== worker.join()) {
    warnings.push(
      `the page got ${page.length} file answer(s) through the service worker, which fetched ` +
        `${worker.length} from the network (${worker.map((h) => h.slice(0, 12)).join(', ')}; ` +
        "Playwright's service-worker network events, a cross-check: they can miss a request)",
    );
  }
}

export const packs: Measure = {
  name: 'packs',
  title: 'Learning packs: download this week, then again',
  needsBrowser: true,
  async run(ctx) {
    const server = await ctx.server();
    const browser = await ctx.browser();
    const problems = new Set<string>();
    const warnings: string[] = [];
    const details: string[] = [];
    const context = await newPhone(browser);
    try {
      // Cross-check: the network requests the service worker made for pack files (the
      // page's requests go through it; one it answers from its cache is not on this list).
      const workerFetches: string[] = [];
      context.on('request', (request) => {
        const hash = filePath.exec(new URL(request.url()).pathname)?.[1];
        if (hash && request.serviceWorker()) workerFetches.push(hash);
      });
      const page = await context.newPage();
      watchForProblems(page, problems);
      const fetches = recordFetches(page);
      await joinThroughUi(page, server.url, server.demo.joinCode);
      // As on a phone some time after joining: the worker is installed and answers the page,
      // so the reader's code goes into its cache. (Right after joining, before it claims
      // the page, the same bytes would go straight to the network.)
      await ensureServiceWorkerControls(page);

      // 1. "Download this week" on the packs screen.
      await page.locator('nav a[href="/packs"]').click();
      await page.waitForURL(/\/packs$/, { timeout: 10_000 });
      const thisWeek = page.locator('section[aria-labelledby="packs-this"]');
      await waitFor(thisWeek, 'the "This week" packs (section[aria-labelledby="packs-this"])');
      await fetches.settled();
      if (fetches.files.length > 0 || fetches.viewer.length > 0) {
        warnings.push(
          `before "Download this week" the phone already fetched ${fetches.files.length} ` +
            `pack file(s) and ${fetches.viewer.length} PDF reader file(s) (not counted)`,
        );
      }
      fetches.reset();
      workerFetches.length = 0;
      const button = thisWeek.getByTestId('download-week');
      await waitFor(button, '"Download this week" (download-week)');
      await button.click();
      const estimate = thisWeek.getByTestId('download-estimate');
      await waitFor(estimate, 'the data estimate (download-estimate)');
      const estimateText = (await estimate.textContent()) ?? '';
      const started = Date.now();
      await thisWeek.getByTestId('download-confirm').click();
      const done = thisWeek.getByTestId('week-downloaded');
      await waitFor(done.or(thisWeek.getByRole('alert')), 'the end of the download', 90_000);
      if (!(await done.isVisible())) {
        const alert = await thisWeek.getByRole('alert').innerText();
        throw new Error(`packs: the download failed on the phone: ${alert}`);
      }
      const downloadMs = Date.now() - started;
      await fetches.settled();

      const files = [...fetches.files];
      const viewer = [...fetches.viewer];
      if (fetches.failures.length > 0) warnings.push(...fetches.failures);
      const bad = files.filter((f) => f.status !== 200 && f.status !== 206);
      if (bad.length > 0) {
        throw new Error(
          `packs: file answers other than 200/206: ${bad.map((f) => `${f.hash.slice(0, 12)} ${f.status}`).join(', ')}`,
        );
      }
      if (files.length === 0) throw new Error('packs: the download fetched no pack file');
      const twice = repeated(files.map((f) => f.hash));
      if (twice.length > 0) {
        warnings.push(`file(s) fetched more than once: ${twice.map((h) => h.slice(0, 12))}`);
      }
      const fileBytes = files.reduce((sum, f) => sum + f.bytes, 0);
      const distinct = new Set(files.map((f) => f.hash)).size;
      checkAgainstWorker(files, workerFetches, warnings);
      details.push(
        `app's estimate: "${estimateText}"`,
        `"Download this week": ${files.length} file request(s), ${distinct} distinct, ` +
          `${kb(fileBytes)} (${fileBytes} B) of file bodies, ${downloadMs} ms on loopback`,
        ...files
          .toSorted((a, b) => b.bytes - a.bytes)
          .map(
            (f) =>
              `${kb(f.bytes).padStart(10)}  ${f.hash.slice(0, 16)}…  (${f.status}` +
              `${f.fromServiceWorker ? ', through the service worker' : ''})`,
          ),
      );

      // The PDF reader's code, as the server sent it.
      if (viewer.length === 0) {
        warnings.push('no PDF reader code was fetched during the download (no PDF this week?)');
      }
      const unknownLength = viewer.filter((v) => v.wireBytes === null);
      if (unknownLength.length > 0) {
        throw new Error(
          `packs: no content-length on ${unknownLength.map((v) => v.path).join(', ')}: ` +
            'cannot tell the bytes on the wire (sent chunked?)',
        );
      }
      const twiceViewer = repeated(viewer.map((v) => v.path));
      if (twiceViewer.length > 0) {
        warnings.push(`PDF reader file(s) requested more than once: ${twiceViewer.join(', ')}`);
      }
      const viewerBytes = viewer.reduce((sum, v) => sum + (v.wireBytes ?? 0), 0);
      for (const v of viewer) {
        const onDisk = distSize(ctx.distDir, v.path, v.encoding);
        details.push(
          `${kb(v.wireBytes ?? 0).padStart(10)} sent  ${kb(v.bodyBytes).padStart(10)} raw  ` +
            `${v.path}  (as ${v.encoding}, ${v.status}` +
            `${v.fromServiceWorker ? ', through the service worker' : ''}` +
            `${onDisk === null ? '' : `, dist file ${onDisk} B`})`,
        );
        if (v.encoding === 'none') warnings.push(`${v.path} was sent uncompressed`);
        if (onDisk !== null && onDisk !== v.wireBytes) {
          warnings.push(
            `${v.path}: content-length ${v.wireBytes} but the dist file is ${onDisk} B`,
          );
        }
      }
      const estimateBytes = appViewerEstimate(ctx.root);
      if (estimateBytes === null) {
        warnings.push('could not read pdfViewerBytes from src/app/pdf/pdfjs.ts');
      } else if (viewer.length > 0) {
        const off = (viewerBytes - estimateBytes) / estimateBytes;
        const line =
          `PDF reader: ${viewerBytes} B on the wire, app's pdfViewerBytes ${estimateBytes} ` +
          `(${off >= 0 ? '+' : ''}${(off * 100).toFixed(1)}%)`;
        details.push(line);
        if (Math.abs(off) > viewerTolerance) {
          warnings.push(`${line}: more than ${viewerTolerance * 100}% off, update the constant`);
        }
      }

      // 2. The same week again: a new session, a sync, the after-sync check.
      fetches.reset();
      workerFetches.length = 0;
      const synced = page
        .waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/sync', {
          timeout: 30_000,
        })
        .then(() => true)
        .catch(() => false);
      await page.reload();
      await waitFor(
        page.locator(`${sessionSelector}, [data-testid="week-downloaded"]`).first(),
        'the app after the reload',
      );
      if (!page.url().endsWith('/packs')) {
        await page.locator('nav a[href="/packs"]').click();
      }
      await waitFor(done, 'the "This week" packs marked downloaded (week-downloaded) again');
      if (!(await synced)) {
        warnings.push('no /api/v1/sync response within 30 s of the reload: was the check run?');
      }
      await page.waitForTimeout(settleMs);
      await fetches.settled();
      const again = fetches.files.reduce((sum, f) => sum + f.bytes, 0);
      if (fetches.files.length > 0) {
        warnings.push(
          `the unchanged week fetched ${fetches.files.length} file(s) again: ` +
            fetches.files.map((f) => f.hash.slice(0, 12)).join(', '),
        );
      }
      if (fetches.failures.length > 0) warnings.push(...fetches.failures);
      checkAgainstWorker(fetches.files, workerFetches, warnings);
      const viewerAgain = fetches.viewer.filter((v) => !v.fromServiceWorker);
      details.push(
        `reloaded, synced (${settleMs} ms to settle): ${fetches.files.length} file request(s), ` +
          `${again} B; PDF reader requests ${fetches.viewer.length} ` +
          `(${viewerAgain.length} not answered by the service worker)`,
      );

      return {
        values: {
          demoWeekPackBytes: fileBytes,
          demoWeekPackFiles: distinct,
          unchangedWeekRedownloadBytes: again,
          pdfViewerTransferBytes: viewerBytes,
        },
        details,
        warnings: [...warnings, ...problems],
      };
    } finally {
      await context.close();
    }
  },
};
