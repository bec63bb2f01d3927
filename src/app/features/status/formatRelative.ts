// "2 minutes ago" in the family's language; a date for anything older than a day. Total:
// an instant that does not parse is shown as it came (or a dash), never thrown on.
import { dateFormat, relativeFormat } from '../../i18n/formatters.ts';
import { intlLocale } from '../../i18n/languages.ts';

const asText = (value: unknown) => (typeof value === 'string' && value ? value : '–');

/** An instant as a date (and time) in the family's language. */
export function formatInstant(
  iso: string,
  language: string,
  options: Intl.DateTimeFormatOptions = { dateStyle: 'long' },
): string {
  const then = typeof iso === 'string' ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(then)) return asText(iso);
  try {
    return dateFormat(intlLocale(language), options).format(then);
  } catch {
    return asText(iso);
  }
}

export function formatRelative(iso: string, nowMs: number, language: string): string {
  const then = typeof iso === 'string' ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(then) || !Number.isFinite(nowMs)) return asText(iso);
  const seconds = Math.round((then - nowMs) / 1000);
  const rtf = relativeFormat(intlLocale(language));
  const abs = Math.abs(seconds);
  if (abs < 60) return rtf.format(0, 'second');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return rtf.format(Math.round(seconds / 3600), 'hour');
  return formatInstant(iso, language, { dateStyle: 'medium', timeStyle: 'short' });
}
