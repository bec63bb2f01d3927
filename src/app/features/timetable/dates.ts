// Day names for the timetable in the family's language. Calendar arithmetic lives in
// src/shared/calendar.ts. Total: a day that is not a real calendar day (bad data from a
// server or another phone) is shown as it came, never thrown on, so one bad record cannot
// break a screen for the household.
import { dateFormat } from '../../i18n/formatters.ts';
import { intlLocale } from '../../i18n/languages.ts';

export { addDays, pickWeek, todayIn, weekDays } from '../../../shared/calendar.ts';

/** The day as a Date at noon UTC, or null unless it is a real `YYYY-MM-DD` day. */
function calendarDay(day: unknown): Date | null {
  if (typeof day !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const d = new Date(`${day}T12:00:00Z`);
  // 2026-02-30 parses as 2 March: only a day that reads back the same is real.
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day ? d : null;
}

export function formatDay(day: string, language: string, style: 'short' | 'long'): string {
  const d = calendarDay(day);
  if (!d) return typeof day === 'string' && day ? day : '–';
  try {
    return dateFormat(intlLocale(language), {
      timeZone: 'UTC',
      weekday: style,
      ...(style === 'long' ? { day: 'numeric', month: 'long' } : { day: 'numeric' }),
    }).format(d);
  } catch {
    return day;
  }
}
