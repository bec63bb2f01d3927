// The records that sync from the school's server to a family's phone, one zod schema each.
// The server serializes with these; the app parses everything it receives with them
// ("restore on read") before it touches IndexedDB.
import { z } from 'zod';

import { calendarDate, clockTime, id, instant, markRevision } from './primitives.ts';
import { classSchema, pupilSchema } from './pupils.ts';
import {
  mediaFileSchema,
  rewardChartSchema,
  rewardEventSchema,
  visualScheduleSchema,
} from './schedules.ts';
import { activityCompletionSchema, packSchema, paperRequestSchema } from './packs.ts';
import { absenceNoticeSchema, submissionFeedbackSchema, submissionSchema } from './submissions.ts';

export { calendarDate, clockTime, id, instant };
// Classes and pupils live in pupils.ts (the staff workspace imports them without the rest).
export { classSchema, pupilSchema } from './pupils.ts';

export const contactSchema = z.object({
  role: z.string().max(80), // "Class teacher", "Designated safeguarding lead"
  name: z.string().max(120),
  phone: z.string().max(40).nullable(),
  email: z.string().max(200).nullable(),
  /** What to contact them for, in the school's words. */
  about: z.string().max(300),
});

export const schoolSchema = z.object({
  id,
  name: z.string(),
  /** Hours in which staff answer, e.g. "Mon–Fri 08:45–15:15". */
  contactHours: z.string(),
  contacts: z.array(contactSchema),
  timeZone: z.string(), // IANA, e.g. Europe/London
});

export const timetableWeekSchema = z.object({
  id,
  classId: id,
  /** The Monday the week starts on. */
  weekStart: calendarDate,
  publishedAt: instant,
  /** A note for families about the whole week, optional. */
  note: z.string().max(2000),
});

export const sessionKinds = ['lesson', 'live', 'independent', 'break'] as const;

export const timetableSessionSchema = z.object({
  id,
  weekId: id,
  /** null: for the whole class; otherwise for this pupil only (personalised work). */
  pupilId: id.nullable(),
  date: calendarDate,
  startTime: clockTime,
  endTime: clockTime,
  subject: z.string().max(120),
  kind: z.enum(sessionKinds),
  /** What to do, in plain text. */
  details: z.string().max(4000),
  /** A live-lesson link (Teams, Zoom…): https only. */
  liveUrl: z
    .url({ protocol: /^https$/ })
    .max(2000)
    .nullable(),
});

/**
 * "Done" marks are append-only events made on the phone (UUIDv7 ids), so two phones
 * offline at once never lose one: the latest (see `markRevision`) decides.
 */
export const sessionCompletionSchema = z.object({
  id,
  sessionId: id,
  pupilId: id,
  done: z.boolean(),
  at: instant,
  revision: markRevision.optional(),
});

export type School = z.infer<typeof schoolSchema>;
export type Contact = z.infer<typeof contactSchema>;
export type SchoolClass = z.infer<typeof classSchema>;
export type Pupil = z.infer<typeof pupilSchema>;
export type TimetableWeek = z.infer<typeof timetableWeekSchema>;
export type SessionKind = (typeof sessionKinds)[number];
export type TimetableSession = z.infer<typeof timetableSessionSchema>;
export type SessionCompletion = z.infer<typeof sessionCompletionSchema>;

/** Every entity type the sync endpoint may send, with its schema. */
export const syncEntitySchemas = {
  school: schoolSchema,
  class: classSchema,
  pupil: pupilSchema,
  timetableWeek: timetableWeekSchema,
  timetableSession: timetableSessionSchema,
  sessionCompletion: sessionCompletionSchema,
  submission: submissionSchema,
  submissionFeedback: submissionFeedbackSchema,
  absenceNotice: absenceNoticeSchema,
  mediaFile: mediaFileSchema,
  visualSchedule: visualScheduleSchema,
  rewardChart: rewardChartSchema,
  rewardEvent: rewardEventSchema,
  pack: packSchema,
  activityCompletion: activityCompletionSchema,
  paperRequest: paperRequestSchema,
} as const;

export type SyncEntityName = keyof typeof syncEntitySchemas;
export const syncEntityNames = Object.keys(syncEntitySchemas) as SyncEntityName[];
