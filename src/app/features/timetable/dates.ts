// Day names for the timetable in the family's language. Calendar arithmetic lives in
// src/shared/calendar.ts.
import { dateFormat } from '../../i18n/formatters.ts';
import { intlLocale } from '../../i18n/languages.ts';

export { addDays, pickWeek, todayIn, weekDays } from '../../../shared/calendar.ts';

export function formatDay(day: string, language: string, style: 'short' | 'long'): string {
  const d = new Date(`${day}T12:00:00Z`);
  return dateFormat(intlLocale(language), {
    timeZone: 'UTC',
    weekday: style,
    ...(style === 'long' ? { day: 'numeric', month: 'long' } : { day: 'numeric' }),
  }).format(d);
}
