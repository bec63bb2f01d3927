// Performance bench: `npm run bench` (builds first) or `node bench/run.ts [--only=a,b]`.
// Runs each measure in turn against the built app (dist/) and the real server, prints a
// table with budgets, and writes the flat record of numbers to bench/results.json.
// Over budget is reported loudly but exits 0; a measure that crashes exits 1.
// To add a number: write a Measure (bench/measures/) returning it, list it below, and if
// it has a budget add it to bench/lib/report.ts. See bench/README.md.
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BenchContext, type Measure, type Results } from './lib/context.ts';
import { judge, table } from './lib/report.ts';
import { firstScreen } from './measures/first-screen.ts';
import { offlineStart } from './measures/offline-start.ts';
import { photo } from './measures/photo.ts';
import { upload } from './measures/upload.ts';
import { precache } from './measures/precache.ts';
import { syncBytes } from './measures/sync-bytes.ts';
import { syncLoad } from './measures/sync-load.ts';
import { nextStep } from './measures/next-step.ts';
import { symbols } from './measures/symbols.ts';
import { packs } from './measures/packs.ts';
import { schoolDay } from './measures/school-day.ts';
import { roster } from './measures/roster.ts';
import { packUpload } from './measures/pack-upload.ts';
import { staffFirstScreen } from './measures/staff-first-screen.ts';

// Order matters a little: the load test runs last, after Chromium is closed.
const measures: Measure[] = [
  precache,
  symbols,
  syncBytes,
  firstScreen,
  staffFirstScreen,
  offlineStart,
  photo,
  upload,
  nextStep,
  packs,
  schoolDay,
  roster,
  packUpload,
  syncLoad,
];

const root = join(import.meta.dirname, '..');
const resultsPath = join(import.meta.dirname, 'results.json');

function selected(): Measure[] {
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  if (!only) return measures;
  const names = only.split(',').map((s) => s.trim());
  const unknown = names.filter((n) => !measures.some((m) => m.name === n));
  if (unknown.length > 0) {
    throw new Error(
      `unknown measure(s) ${unknown.join(', ')}; known: ${measures.map((m) => m.name).join(', ')}`,
    );
  }
  return measures.filter((m) => names.includes(m.name));
}

async function main(): Promise<number> {
  const chosen = selected();
  const partial = chosen.length !== measures.length;
  if (!existsSync(join(root, 'dist', 'index.html')) || !existsSync(join(root, 'dist', 'sw.js'))) {
    console.error('bench: dist/ is missing or incomplete: run `npm run build` first.');
    return 1;
  }
  if (chosen.some((m) => m.needsBrowser) && !existsSync('/usr/bin/chromium')) {
    console.error(
      'Chromium not found at /usr/bin/chromium: install it with `apt-get update && apt-get install -y chromium`',
    );
    return 1;
  }

  const ctx = new BenchContext(root);
  const results: Results = {};
  const report: string[] = [];
  const warnings: string[] = [];
  const failures: string[] = [];
  const t0 = Date.now();
  try {
    for (const m of chosen) {
      const started = Date.now();
      process.stdout.write(`bench: ${m.title} … `);
      try {
        const out = await m.run(ctx);
        Object.assign(results, out.values);
        console.log(`${((Date.now() - started) / 1000).toFixed(1)} s`);
        report.push(`\n${m.title} (${m.name})`, ...(out.details ?? []).map((d) => `  ${d}`));
        warnings.push(...(out.warnings ?? []).map((w) => `${m.name}: ${w}`));
      } catch (err) {
        console.log('FAILED');
        const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
        failures.push(`${m.name}: ${message}`);
      }
    }
  } finally {
    const server = await ctx.startedServer();
    const serverOutput = server?.output() ?? '';
    await ctx.close();
    if (failures.length > 0 && serverOutput) {
      report.push(
        '\nServer output',
        ...serverOutput
          .trimEnd()
          .split('\n')
          .map((l) => `  ${l}`),
      );
    }
  }

  console.log(report.join('\n'));
  console.log(`\n${table(results)}\n`);

  if (!partial && failures.length === 0) {
    // Atomic: a crashed run never leaves half a file behind.
    writeFileSync(`${resultsPath}.tmp`, `${JSON.stringify(results, null, 2)}\n`);
    renameSync(`${resultsPath}.tmp`, resultsPath);
    console.log(`wrote ${resultsPath}`);
  } else {
    console.log(
      `not writing ${resultsPath}: ${partial ? 'partial run (--only)' : 'a measure failed'}`,
    );
  }

  for (const w of warnings) console.log(`WARNING ${w}`);
  const over = judge(results).filter((v) => !v.ok);
  if (over.length > 0) {
    console.log(`\n${'!'.repeat(72)}`);
    console.log(`OVER BUDGET (${over.length}):`);
    for (const v of over) console.log(`  ${v.key} = ${v.value}, budget ${v.budget}`);
    console.log('!'.repeat(72));
  } else if (failures.length === 0) {
    console.log('All measured keys are within budget.');
  }
  for (const f of failures) console.error(`\nMEASURE FAILED ${f}`);
  console.log(`bench took ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  return failures.length > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
