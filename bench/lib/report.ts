// Budgets and the printed table. A budget is either a ceiling (max) or a floor (min).
import type { Results } from './context.ts';

export type Budget = { key: string; max?: number; min?: number };

export const budgets: Budget[] = [
  { key: 'firstScreenJsGzipBytes', max: 165_000 },
  { key: 'staffFirstScreenJsGzipBytes', max: 150_000 },
  { key: 'precacheGzipBytes', max: 400_000 },
  { key: 'offlineColdStartMs', max: 1_000 },
  { key: 'noChangeSyncResponseBytes', max: 1_024 },
  { key: 'syncRequestsPerSecond', min: 2_000 },
  { key: 'photoCompressMs', max: 1_000 },
  { key: 'photoCompressedBytes', max: 400_000 },
  { key: 'photoLongestMainThreadTaskMs', max: 50 },
  { key: 'uploadResentBytesAfterDrop', max: 1_048_576 },
  { key: 'symbolsPrecacheGzipBytes', max: 250_000 },
  { key: 'nextStepMs', max: 100 },
  { key: 'unchangedWeekRedownloadBytes', max: 0 },
  { key: 'engagementDayMs', max: 150 },
  { key: 'inboxFirstPageMs', max: 150 },
];

export type Verdict = { key: string; value: number; budget: string; ok: boolean };

export function judge(results: Results): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const b of budgets) {
    const value = results[b.key];
    if (value === undefined) continue;
    const ok = (b.max === undefined || value <= b.max) && (b.min === undefined || value >= b.min);
    const budget = b.max !== undefined ? `≤ ${fmt(b.max)}` : `≥ ${fmt(b.min ?? 0)}`;
    verdicts.push({ key: b.key, value, budget, ok });
  }
  return verdicts;
}

function fmt(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-GB') : n.toFixed(1);
}

export function table(results: Results): string {
  const verdicts = new Map(judge(results).map((v) => [v.key, v]));
  const rows = Object.entries(results).map(([key, value]) => {
    const v = verdicts.get(key);
    return [key, fmt(value), v?.budget ?? '', v ? (v.ok ? 'PASS' : 'FAIL  <<<') : ''];
  });
  const header = ['key', 'value', 'budget', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 1 || i === 2 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
