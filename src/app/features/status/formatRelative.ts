// "2 minutes ago" in the family's language; a date for anything older than a day.
import { dateFormat, relativeFormat } from '../../i18n/formatters.ts';
import { intlLocale } from '../../i18n/languages.ts';

export function formatRelative(iso: string, nowMs: number, language: string): string {
  const locale = intlLocale(language);
  const then = Date.parse(iso);
  const seconds = Math.round((then - nowMs) / 1000);
  const rtf = relativeFormat(locale);
  const abs = Math.abs(seconds);
  if (abs < 60) return rtf.format(0, 'second');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return rtf.format(Math.round(seconds / 3600), 'hour');
  return dateFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(then);
}
