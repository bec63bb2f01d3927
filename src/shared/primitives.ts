// Small zod building blocks shared by every schema file.
import { z } from 'zod';

export const id = z.uuid();
/** A calendar day, `YYYY-MM-DD`, in the school's time zone. */
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
/** A wall-clock time, `HH:MM` (24 h), in the school's time zone. */
export const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');
/** An instant, ISO 8601 in UTC (`2026-11-23T09:00:00.000Z`). */
export const instant = z.iso.datetime();
