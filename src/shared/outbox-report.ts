// What a phone still holds, told to the school with each sync so staff can tell
// "offline, 3 waiting" from "nothing done": `Homeward-Outbox: <count>;<ageSeconds>`, the
// number of outbox entries not yet delivered and how long ago the oldest was made. An age,
// not the phone's timestamp: it is measured on one clock (the phone's), so a phone whose
// clock is wrong still reports it right; the server turns it into an instant on its own.
export const outboxHeader = 'Homeward-Outbox';

export type OutboxReport = { count: number; ageSeconds: number };

const maxCount = 100_000;
/** A year: anything older is reported as a year (the display says "since" a date anyway). */
const maxAgeSeconds = 366 * 24 * 3600;

export function formatOutboxReport(report: OutboxReport): string {
  const count = Math.max(0, Math.min(maxCount, Math.floor(report.count)));
  const age = count === 0 ? 0 : Math.max(0, Math.min(maxAgeSeconds, Math.floor(report.ageSeconds)));
  return `${count};${age}`;
}

/** The header as a report, or null when it is absent or not in the format (never a throw). */
export function parseOutboxReport(value: string | string[] | undefined): OutboxReport | null {
  if (typeof value !== 'string') return null;
  const m = /^\s*(\d{1,6})\s*;\s*(\d{1,9})\s*$/.exec(value);
  if (!m) return null;
  const count = Number(m[1]);
  const ageSeconds = Number(m[2]);
  if (count > maxCount) return null;
  return { count, ageSeconds: count === 0 ? 0 : Math.min(ageSeconds, maxAgeSeconds) };
}
