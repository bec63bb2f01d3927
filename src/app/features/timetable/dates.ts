// Day names for the timetable in the family's language (src/ui/format/dates.ts, total:
// a day that is not real is shown as it came). Calendar arithmetic: src/shared/calendar.ts.
import { formatDay as format } from '../../../ui/format/dates.ts';
import { intlLocale } from '../../i18n/languages.ts';

export { addDays, pickWeek, todayIn, weekDays } from '../../../shared/calendar.ts';

export const formatDay = (day: string, language: string, style: 'short' | 'long'): string =>
  format(day, intlLocale(language), style);
