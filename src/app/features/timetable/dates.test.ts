// Every screen that shows a date goes through these helpers: a day or instant that is not
// real (bad data synced from a server or another phone) must show as it came, never throw
// (`Intl.DateTimeFormat().format(new Date('2026-99-99'))` is a RangeError).
import { describe, expect, it } from 'vitest';
import { addDays, weekStartOf } from '../../../shared/calendar.ts';
import { formatInstant, formatRelative } from '../status/formatRelative.ts';
import { formatDay } from './dates.ts';

const bad = ['2026-99-99', '0000-00-00', '2026-02-30', '2026-13-01', 'tomorrow', ''];
const now = Date.parse('2026-11-23T12:00:00.000Z');

describe('dates on screen', () => {
  it('formats real days in every shipped language', () => {
    expect(formatDay('2026-11-23', 'en', 'long')).toBe('Monday 23 November');
    for (const lang of ['ar', 'ur', 'pl']) {
      expect(formatDay('2026-11-23', lang, 'short')).not.toBe('2026-11-23');
    }
  });

  it.each(bad)('shows the day %j as it came instead of throwing', (day) => {
    for (const lang of ['en', 'ar', 'ur', 'pl']) {
      expect(formatDay(day, lang, 'long')).toBe(day || '–');
      expect(formatDay(day, lang, 'short')).toBe(day || '–');
    }
  });

  it.each(['2026-99-99T10:00:00Z', 'not a time', ''])('shows the instant %j as it came', (iso) => {
    expect(formatRelative(iso, now, 'en')).toBe(iso || '–');
    expect(formatInstant(iso, 'pl')).toBe(iso || '–');
  });

  it('still says how long ago a real instant was', () => {
    expect(formatRelative('2026-11-23T11:58:00.000Z', now, 'en')).toBe('2 minutes ago');
    expect(formatInstant('2026-11-23T11:58:00.000Z', 'en', { timeZone: 'UTC' })).toContain('2026');
  });

  it('does calendar arithmetic on a bad day without throwing', () => {
    expect(addDays('2026-99-99', 1)).toBe('2026-99-99');
    expect(weekStartOf('0000-00-00')).toBe('0000-00-00');
    expect(addDays('2026-11-23', 7)).toBe('2026-11-30');
  });
});
