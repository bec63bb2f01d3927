// "2 minutes ago" in the family's language; a date for anything older than a day
// (src/ui/format/dates.ts, total: an instant that does not parse is shown as it came).
import { formatInstant as instant, formatRelative as relative } from '../../../ui/format/dates.ts';
import { intlLocale } from '../../i18n/languages.ts';

/** An instant as a date (and time) in the family's language. */
export const formatInstant = (
  iso: string,
  language: string,
  options?: Intl.DateTimeFormatOptions,
): string => instant(iso, intlLocale(language), options);

export const formatRelative = (iso: string, nowMs: number, language: string): string =>
  relative(iso, nowMs, intlLocale(language));
