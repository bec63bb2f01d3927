// Contract for issue 15: publishing the week from the workspace. Staff saves carry the
// revision they started from (`baseRevision`), and a save that started from an older one
// is a 409 `stale` whose `details.current` is what is stored now; copying a week; the
// daily minimum of learning per key stage; when next week should be published by; staff
// uploads of pack files (tus).
import { z } from 'zod';
import { calendarDate, clockTime, id, instant } from './primitives.ts';
import type { Pupil, TimetableSession } from './entities.ts';
import { addDays } from './calendar.ts';

/**
 * The revision the member of staff started from: what the record's `revision` was when
 * the screen loaded it. 0 (or absent): a new record. A timetable session names its WEEK's
 * revision: a week and its sessions change together (one week editor, one publish).
 */
export const baseRevision = z.number().int().min(0).max(1_000_000_000).optional();

/** `DELETE …?baseRevision=` of the staff routes that delete something published. */
export const baseRevisionQuerySchema = z.object({
  baseRevision: z.coerce.number().int().min(0).max(1_000_000_000).optional(),
});

/** `error.details` of a 409 `stale`: what is stored now (null: deleted meanwhile). */
export type StaleDetails<T> = { current: T | null; revision: number | null };

// ---- copy a week ---------------------------------------------------------------------
// POST /api/v1/staff/timetable-weeks/:id/copy → 201 the new week (a draft) with a copy of
// every session, moved by whole weeks; the same request again → 200 the same week.
export const staffCopyWeekBodySchema = z.object({
  /** Id of the new week (made by the workspace, so a retried copy makes one week). */
  newWeekId: id,
  /** The Monday it starts; default: the week after the one copied. */
  weekStart: calendarDate.optional(),
});
export type StaffCopyWeekBody = z.infer<typeof staffCopyWeekBodySchema>;

// ---- the daily minimum -----------------------------------------------------------------
export type KeyStage = Pupil['keyStage'];
export type MinimumGroup = 'ks1' | 'ks2' | 'secondary';
/** Which minimum a key stage keeps to; EYFS has none. */
export function minimumGroupOf(keyStage: KeyStage): MinimumGroup | null {
  if (keyStage === 'KS1') return 'ks1';
  if (keyStage === 'KS2') return 'ks2';
  if (keyStage === 'EYFS') return null;
  return 'secondary';
}

export const publishingSettingsSchema = z.object({
  /** Minutes of learning a day (lessons, live lessons, independent work; not breaks). */
  minMinutes: z.object({
    ks1: z.number().int().min(0).max(600),
    ks2: z.number().int().min(0).max(600),
    secondary: z.number().int().min(0).max(600),
  }),
  /** Next week should be published by this weekday of the week before (1 Monday … 7 Sunday)… */
  publishByWeekday: z.number().int().min(1).max(7),
  /** …at this time, in the school's time zone. */
  publishByTime: clockTime,
});
export type PublishingSettings = z.infer<typeof publishingSettingsSchema>;
export const defaultPublishingSettings: PublishingSettings = {
  minMinutes: { ks1: 180, ks2: 240, secondary: 300 },
  publishByWeekday: 5,
  publishByTime: '15:00',
};
// GET /api/v1/staff/publishing-settings   PUT (admin) with the same shape
export const publishingSettingsResponseSchema = z.object({ settings: publishingSettingsSchema });

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** Minutes of learning in sessions (breaks do not count). Sessions never overlap (the server refuses it). */
export function learningMinutes(
  sessions: Pick<TimetableSession, 'startTime' | 'endTime' | 'kind'>[],
): number {
  return sessions
    .filter((s) => s.kind !== 'break')
    .reduce((sum, s) => sum + Math.max(0, minutesOf(s.endTime) - minutesOf(s.startTime)), 0);
}

export const dayHoursSchema = z.object({
  date: calendarDate,
  /** Learning every child of the class gets that day (whole-class sessions). */
  classMinutes: z.number().int(),
  groups: z.array(
    z.object({
      group: z.enum(['ks1', 'ks2', 'secondary']),
      required: z.number().int(),
      /** The fewest minutes a child of this group gets that day (their own sessions added). */
      fewestMinutes: z.number().int(),
      short: z.boolean(),
    }),
  ),
});
export type DayHours = z.infer<typeof dayHoursSchema>;

/**
 * Each school day (Monday to Friday, and a weekend day that has sessions) of the week:
 * the learning each key-stage group of the class gets, against its minimum. Pure, so the
 * week editor shows it live as sessions change and the server answers the same.
 */
export function weekHours(
  weekStart: string,
  sessions: Pick<TimetableSession, 'date' | 'startTime' | 'endTime' | 'kind' | 'pupilId'>[],
  pupils: Pick<Pupil, 'id' | 'keyStage'>[],
  minMinutes: PublishingSettings['minMinutes'],
): DayHours[] {
  const days = Array.from({ length: 7 }, (_, i) => addDays(weekStart, i)).filter(
    (d, i) => i < 5 || sessions.some((s) => s.date === d),
  );
  const groups = [
    ...new Set(pupils.map((p) => minimumGroupOf(p.keyStage)).filter((g) => g !== null)),
  ].toSorted();
  return days.map((date) => {
    const ofDay = sessions.filter((s) => s.date === date);
    const classMinutes = learningMinutes(ofDay.filter((s) => s.pupilId === null));
    return {
      date,
      classMinutes,
      groups: groups.map((group) => {
        const required = minMinutes[group];
        const fewestMinutes = Math.min(
          ...pupils
            .filter((p) => minimumGroupOf(p.keyStage) === group)
            .map((p) => classMinutes + learningMinutes(ofDay.filter((s) => s.pupilId === p.id))),
        );
        return { group, required, fewestMinutes, short: fewestMinutes < required };
      }),
    };
  });
}

// ---- next week's publishing status ---------------------------------------------------
// GET /api/v1/staff/publishing-status → for each class the member works with: next week
export const nextWeekStatusSchema = z.object({
  classId: id,
  className: z.string(),
  /** The Monday of next week (in the school's time zone). */
  weekStart: calendarDate,
  /** Next week's timetable, if one was started. */
  weekId: id.nullable(),
  published: z.boolean(),
  /** When it should be published by (the school's setting). */
  dueAt: instant,
  /** Past `dueAt` and still not published: the warning to show. */
  late: z.boolean(),
});
export type NextWeekStatus = z.infer<typeof nextWeekStatusSchema>;
export const publishingStatusResponseSchema = z.object({
  settings: publishingSettingsSchema,
  classes: z.array(nextWeekStatusSchema),
});

// ---- staff uploads (tus) -------------------------------------------------------------
/** Where the workspace uploads pack files (tus 1.0.0, staff session cookie). */
export const staffUploadsPath = '/api/v1/staff/uploads';
