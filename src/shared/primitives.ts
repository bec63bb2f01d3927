// Small zod building blocks shared by every schema file.
import { z } from 'zod';

/**
 * A record id: a UUID, matched whatever its case. What comes in is lower-cased (so an
 * upper-case copy of an id names the same record, in params, queries and bodies alike);
 * what goes out is sent as stored. A codec, not a transform, so the server's response
 * serializer (which encodes) can use the same schema.
 */
export const id = z.codec(z.uuid(), z.string(), {
  decode: (value) => value.toLowerCase(),
  encode: (value) => value,
});

/** The only ids a phone may give a NEW record: lower-case UUIDv7 (`uuid` v7 makes them). */
const newRecordIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export function isNewRecordId(value: string): boolean {
  return newRecordIdPattern.test(value);
}

/** The years a calendar date may name: anything outside is a typo or an attack. */
export const calendarYears = { min: 2000, max: 2099 } as const;
/**
 * A calendar day, `YYYY-MM-DD`, in the school's time zone: a real Gregorian date (no
 * 30 February, no month 99) between 2000 and 2099. Every date field of every schema uses
 * this one type, so nothing a phone or a screen formats can be an impossible date.
 */
export const calendarDate = z.iso
  .date({ message: 'expected a real calendar date, YYYY-MM-DD' })
  .refine(
    (day) => {
      const year = Number(day.slice(0, 4));
      return year >= calendarYears.min && year <= calendarYears.max;
    },
    { message: `expected a date between ${calendarYears.min} and ${calendarYears.max}` },
  );
/** A wall-clock time, `HH:MM` (24 h), in the school's time zone. */
export const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');
/** An instant, ISO 8601 in UTC (`2026-11-23T09:00:00.000Z`). */
export const instant = z.iso.datetime();
/**
 * A mark's place among the marks of its record: the revision of the latest mark the phone
 * knew, plus one. The latest mark is the one with the highest revision, then the latest
 * `at`, then the highest id, so a decision made after another wins whatever the clocks say.
 * Absent: a mark from a build before revisions (the server stores it at the revision of
 * the latest mark it has, so among those the time decides, as it did then).
 */
export const markRevision = z.number().int().min(0).max(1_000_000);
