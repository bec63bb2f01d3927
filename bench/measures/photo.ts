// Photo compression on a phone: the real compressor (src/app/photos/compress.ts and its
// module worker, bundled by Vite exactly as the app bundles them) in Chromium at 4x CPU
// throttling, on generated phone photos made with sharp:
//   - 12 MP (4032×3024, ~5 MB, EXIF orientation 6 + GPS): photoCompressMs (median of 3
//     after one cold run), photoCompressedBytes, photoLongestMainThreadTaskMs (Chromium
//     trace: longest task on the page's main thread while compressing);
//   - 48 MP (8000×6000): photoCompress48mpMs, and the output must not be blank.
// Every output is checked in Node: no EXIF APP1, no GPS, orientation applied (1200×1600
// and the stored top-left marker now at the top right), SHA-256 right, ≤ 400 KB.
//
// How the code gets into the page: a Vite build of src/app/photos/compress.ts (same Vite,
// same default worker options as vite.config.ts, base /__bench-photo/) into a temp folder,
// served with page routes on the real server's origin (same-origin module worker, as in
// the app). This does not depend on the app importing the module yet, and it cannot be a
// stale dist/. The measure fails if the worker script was not loaded (no silent fallback
// to the main thread).
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { build } from 'vite';
import {
  hasExif,
  hasGps,
  jpegMetadataSummary,
  jpegSize,
} from '../../src/app/photos/jpegInspect.ts';
import { newPhone, watchForProblems } from '../lib/browser.ts';
import type { Measure } from '../lib/context.ts';
import { gzipSize, kb, median, round } from '../lib/stats.ts';

const cpuSlowdown = Number(process.env.BENCH_CPU_RATE ?? 4);
const runs = 3;
const maxBytes = 400_000;
const prefix = '/__bench-photo/';

/** A photo-like picture: smooth gradients, soft blobs, sensor-like noise, a red marker. */
async function phonePhoto(width: number, height: number, quality: number): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  let seed = 12345;
  const marker = Math.round(Math.min(width, height) / 8);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      const n = ((seed >>> 16) & 31) - 16;
      const i = (y * width + x) * 3;
      if (x < marker && y < marker) {
        raw[i] = 230;
        raw[i + 1] = 20;
        raw[i + 2] = 20;
        continue;
      }
      const wave = 40 * Math.sin(x / 97) * Math.cos(y / 131);
      raw[i] = clamp(60 + (150 * x) / width + wave + n);
      raw[i + 1] = clamp(90 + (100 * y) / height - wave + n);
      raw[i + 2] = clamp(140 + 50 * Math.sin((x + y) / 211) + n);
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality })
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Make: 'BenchPhone', Model: 'Mk I' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '51/1 30/1 2637/100',
        GPSLongitudeRef: 'W',
        GPSLongitude: '0/1 7/1 3950/100',
      },
    })
    .toBuffer();
}
const clamp = (v: number) => Math.max(0, Math.min(255, Math.round(v)));

async function buildHarness(root: string): Promise<{ dir: string; entry: string; worker: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-photo-bench-'));
  await build({
    configFile: false,
    root,
    base: prefix,
    logLevel: 'warn',
    publicDir: false,
    build: {
      outDir: dir,
      emptyOutDir: true,
      target: 'es2022',
      assetsInlineLimit: 0,
      modulePreload: false,
      rolldownOptions: {
        input: { compress: join(root, 'src/app/photos/compress.ts') },
        preserveEntrySignatures: 'strict',
      },
    },
  });
  const assets = readdirSync(join(dir, 'assets'));
  const entry = assets.find((f) => /^compress-.*\.js$/.test(f));
  const worker = assets.find((f) => /^compress\.worker-.*\.js$/.test(f));
  if (!entry || !worker) throw new Error(`harness build is missing files: ${assets.join(', ')}`);
  return { dir, entry: `assets/${entry}`, worker: `assets/${worker}` };
}

type Run = {
  ms: number;
  bytes: number[];
  width: number;
  height: number;
  sha256: string;
  /** Longest task the page's longtask observer saw while compressing (0: none ≥ 50 ms). */
  longTaskMs: number;
};

type BenchWindow = {
  __compressMain: BenchWindow['__compress'];
  __compress: (b: Blob) => Promise<{ blob: Blob; width: number; height: number; sha256: string }>;
  __input?: Blob;
  __output?: { blob: Blob; width: number; height: number; sha256: string };
  __longTaskMs: number;
};

/**
 * One compression, in three steps so only the middle one is timed and traced: fetch the
 * input into a Blob, compress it (between the marks photo-start/photo-end), read it back.
 */
async function compressInPage(
  page: Page,
  input: string,
  between?: () => Promise<void>,
  fn: '__compress' | '__compressMain' = '__compress',
): Promise<Run> {
  await page.evaluate(async (url) => {
    const w = window as unknown as BenchWindow;
    w.__input = await (await fetch(url)).blob();
    w.__output = undefined;
  }, `${prefix}${input}`);
  await between?.();
  const { ms, longTaskMs } = await page.evaluate(async (name) => {
    const w = window as unknown as BenchWindow;
    if (!w.__input) throw new Error('no input');
    let longest = 0;
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longest = Math.max(longest, e.duration);
    });
    observer.observe({ type: 'longtask' });
    performance.mark('photo-start');
    const t0 = performance.now();
    w.__output = await w[name](w.__input);
    const elapsed = performance.now() - t0;
    performance.mark('photo-end');
    // Long-task entries are delivered after the task ends: give them a frame.
    await new Promise((r) => setTimeout(r, 50));
    observer.disconnect();
    return { ms: elapsed, longTaskMs: longest };
  }, fn);
  await between?.();
  const out = await page.evaluate(async () => {
    const r = (window as unknown as BenchWindow).__output;
    if (!r) throw new Error('no output');
    const bytes = Array.from(new Uint8Array(await r.blob.arrayBuffer()));
    return { bytes, width: r.width, height: r.height, sha256: r.sha256 };
  });
  return { ms, longTaskMs, ...out };
}

/**
 * Longest RunTask on the page's main thread in a Chromium trace between the user-timing
 * marks photo-start and photo-end, in ms.
 */
function longestMainThreadTask(trace: Buffer): number {
  const events = (JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const main = new Set(
    events
      .filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const mark = (name: string) =>
    events.find((e) => e.name === name && e.cat?.includes('blink.user_timing'))?.ts;
  const from = mark('photo-start');
  const to = mark('photo-end');
  if (from === undefined || to === undefined) throw new Error('trace has no photo-start/end marks');
  let longest = 0;
  for (const e of events) {
    if (e.name !== 'RunTask' || e.ph !== 'X' || !main.has(`${e.pid}:${e.tid}`)) continue;
    const end = e.ts + (e.dur ?? 0);
    if (end >= from && e.ts <= to) longest = Math.max(longest, (e.dur ?? 0) / 1000);
  }
  return longest;
}
type TraceEvent = {
  name: string;
  cat?: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string };
};

type Checked = { width: number; height: number; bytes: number; notes: string[] };

/** The output checks; throws when one fails (a number is worth nothing if these fail). */
async function check(label: string, run: Run, expectRotated: boolean): Promise<Checked> {
  const out = Buffer.from(run.bytes);
  const problems: string[] = [];
  if (hasExif(out)) problems.push('an EXIF APP1 segment is still there');
  if (hasGps(out)) problems.push('GPS is still there');
  const size = jpegSize(out);
  if (!size || size.width !== run.width || size.height !== run.height) {
    problems.push(`JPEG frame ${JSON.stringify(size)} ≠ reported ${run.width}×${run.height}`);
  }
  if (Math.max(run.width, run.height) !== 1600) problems.push(`long edge is not 1600`);
  if (expectRotated && !(run.width < run.height))
    problems.push('orientation 6 not applied (w ≥ h)');
  if (out.length > maxBytes) problems.push(`${out.length} bytes > ${maxBytes}`);
  if (createHash('sha256').update(out).digest('hex') !== run.sha256)
    problems.push('sha256 mismatch');
  const stats = await sharp(out).stats();
  const spread = Math.max(...stats.channels.map((c) => c.stdev));
  if (spread < 10) problems.push(`looks blank (largest channel stdev ${spread.toFixed(1)})`);
  // The red marker was stored top-left; orientation 6 (90° clockwise) shows it top-right.
  const side = Math.round(Math.min(run.width, run.height) / 16);
  const corner = async (left: number) => {
    // stats() reads its input, not the pipeline: extract to a buffer first.
    const region = await sharp(out).extract({ left, top: 0, width: side, height: side }).toBuffer();
    const s = await sharp(region).stats();
    const [r, g] = s.channels;
    return (r?.mean ?? 0) > 180 && (g?.mean ?? 255) < 80;
  };
  if (expectRotated && !((await corner(run.width - side)) && !(await corner(0)))) {
    problems.push('the marker stored top-left is not shown top-right');
  }
  if (problems.length > 0) throw new Error(`${label}: ${problems.join('; ')}`);
  const markers = jpegMetadataSummary(out);
  const unexpected = markers.filter((m) => m !== 'APP0 JFIF' && m !== 'APP2 ICC_PROFILE');
  if (unexpected.length > 0)
    throw new Error(`${label}: unexpected metadata ${unexpected.join(', ')}`);
  return {
    width: run.width,
    height: run.height,
    bytes: out.length,
    notes: [
      `metadata segments left: ${markers.join(', ') || 'none'}`,
      `stdev ${spread.toFixed(0)}`,
    ],
  };
}

export const photo: Measure = {
  name: 'photo',
  title: 'Photo compression (worker, 4x CPU)',
  needsBrowser: true,
  async run(ctx) {
    const server = await ctx.server();
    const browser: Browser = await ctx.browser();
    const [harness, photo12, photo48] = await Promise.all([
      buildHarness(ctx.root),
      phonePhoto(4032, 3024, 92),
      phonePhoto(8000, 6000, 88),
    ]);
    const problems = new Set<string>();
    const context = await newPhone(browser);
    let workerLoads = 0;
    try {
      const files: Record<string, { body: Buffer; type: string }> = {
        'index.html': {
          body: Buffer.from('<!doctype html><title>photo bench</title>'),
          type: 'text/html',
        },
        'in-12mp.jpg': { body: photo12, type: 'image/jpeg' },
        'in-48mp.jpg': { body: photo48, type: 'image/jpeg' },
      };
      await context.route(`${server.url}${prefix}**`, async (route) => {
        const path = new URL(route.request().url()).pathname.slice(prefix.length);
        if (path === harness.worker) workerLoads++;
        const file =
          files[path] ??
          (path.startsWith('assets/')
            ? {
                body: readFileSync(join(harness.dir, path)),
                type: types[extname(path)] ?? 'application/octet-stream',
              }
            : undefined);
        if (!file) return route.fulfill({ status: 404 });
        return route.fulfill({
          status: 200,
          body: file.body,
          headers: { 'content-type': file.type },
        });
      });
      const page = await context.newPage();
      watchForProblems(page, problems);
      await page.goto(`${server.url}${prefix}index.html`);
      await page.evaluate(async (url) => {
        const m = (await import(url)) as { compressPhoto: unknown; compressOnMainThread: unknown };
        const w = window as unknown as { __compress: unknown; __compressMain: unknown };
        w.__compress = m.compressPhoto;
        w.__compressMain = m.compressOnMainThread;
      }, `${prefix}${harness.entry}`);
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuSlowdown });

      const cold = await compressInPage(page, 'in-12mp.jpg');
      if (workerLoads !== 1)
        throw new Error(`the worker script was loaded ${workerLoads} times, expected 1`);
      await check('12 MP cold', cold, true);
      const timed: Run[] = [];
      let last: Checked | undefined;
      for (let i = 0; i < runs; i++) {
        const run = await compressInPage(page, 'in-12mp.jpg');
        last = await check(`12 MP run ${i + 1}`, run, true);
        timed.push(run);
      }
      const times = timed.map((r) => r.ms);
      // Main-thread blocking, from a Chromium trace of one more compression.
      let trace: Buffer | undefined;
      let tracing = false;
      const traced = await compressInPage(page, 'in-12mp.jpg', async () => {
        if (!tracing) {
          tracing = true;
          await browser.startTracing(page, {
            categories: [
              'devtools.timeline',
              'disabled-by-default-devtools.timeline',
              'blink.user_timing',
            ],
          });
        } else {
          trace ??= await browser.stopTracing();
        }
      });
      if (!trace) throw new Error('no trace');
      const longest = Math.max(
        longestMainThreadTask(trace),
        ...[cold, ...timed].map((r) => r.longTaskMs),
      );
      await check('12 MP traced', traced, true);

      const big = await compressInPage(page, 'in-48mp.jpg');
      const bigChecked = await check('48 MP', big, true);
      if (workerLoads !== 1) throw new Error(`the worker was restarted (${workerLoads} loads)`);
      // For contrast (and to prove the long-task probe sees blocking): the fallback path.
      const fallback = await compressInPage(page, 'in-12mp.jpg', undefined, '__compressMain');
      await check('12 MP main-thread fallback', fallback, true);
      await cdp.detach();
      if (!last) throw new Error('no run');

      return {
        values: {
          photoCompressMs: round(median(times)),
          photoCompressedBytes: last.bytes,
          photoLongestMainThreadTaskMs: round(longest, 1),
          photoCompress48mpMs: round(big.ms),
        },
        details: [
          `12 MP input ${kb(photo12.length)} (4032×3024, orientation 6, GPS) → ${last.width}×${last.height} ${kb(last.bytes)}; ${last.notes.join(', ')}`,
          `CPU ${cpuSlowdown}x slower: cold (worker start) ${Math.round(cold.ms)} ms, then ${times.map((t) => Math.round(t)).join(', ')} ms; traced run ${Math.round(traced.ms)} ms`,
          `48 MP input ${kb(photo48.length)} (8000×6000) → ${bigChecked.width}×${bigChecked.height} ${kb(bigChecked.bytes)} in ${Math.round(big.ms)} ms; ${bigChecked.notes.join(', ')}`,
          `main-thread fallback (no worker), same photo: ${Math.round(fallback.ms)} ms, longest task ${Math.round(fallback.longTaskMs)} ms`,
          `harness: Vite build of src/app/photos/compress.ts → ${harness.entry} + ${harness.worker} (${kb(gzipSize(readFileSync(join(harness.dir, harness.worker))))} gzip)`,
        ],
        warnings: [...problems],
      };
    } finally {
      await context.close();
      rmSync(harness.dir, { recursive: true, force: true });
    }
  },
};

const types: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.html': 'text/html',
};
