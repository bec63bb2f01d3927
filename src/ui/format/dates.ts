// Days and instants for people to read, in a given Intl locale. Total: a day or instant
// that is not real (bad data from a server or another device) is shown as it came, never
// thrown on, so one bad record cannot break a screen.
import { dateFormat, relativeFormat } from './intl.ts';

const asText = (value: unknown) => (typeof value === 'string' && value ? value : '–');

/** The day as a Date at noon UTC, or null unless it is a real `YYYY-MM-DD` day. */
function calendarDay(day: unknown): Date | null {
  if (typeof day !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const d = new Date(`${day}T12:00:00Z`);
  // 2026-02-30 parses as 2 March: only a day that reads back the same is real.
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day ? d : null;
}

/** "Wed 25" (short) or "Wednesday 25 November" (long). */
export function formatDay(day: string, locale: string, style: 'short' | 'long'): string {
  const d = calendarDay(day);
  if (!d) return typeof day === 'string' && day ? day : '–';
  try {
    return dateFormat(locale, {
      timeZone: 'UTC',
      weekday: style,
      ...(style === 'long' ? { day: 'numeric', month: 'long' } : { day: 'numeric' }),
    }).format(d);
  } catch {
    return day;
  }
}

/** An instant as a date (and time). */
export function formatInstant(
  iso: string,
  locale: string,
  options: Intl.DateTimeFormatOptions = { dateStyle: 'long' },
): string {
  const then = typeof iso === 'string' ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(then)) return asText(iso);
  try {
    return dateFormat(locale, options).format(then);
  } catch {
    return asText(iso);
  }
}

/** "2 minutes ago"; a date and time for anything a day or more away. */
export function formatRelative(iso: string, nowMs: number, locale: string): string {
  const then = typeof iso === 'string' ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(then) || !Number.isFinite(nowMs)) return asText(iso);
  const seconds = Math.round((then - nowMs) / 1000);
  const rtf = relativeFormat(locale);
  const abs = Math.abs(seconds);
  if (abs < 60) return rtf.format(0, 'second');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return rtf.format(Math.round(seconds / 3600), 'hour');
  return formatInstant(iso, locale, { dateStyle: 'medium', timeStyle: 'short' });
}
