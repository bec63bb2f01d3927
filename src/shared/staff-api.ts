// Response shapes of the staff and utility endpoints (added by the server side; the
// request bodies live in api.ts). Both the server's serializer and the OpenAPI document
// use these.
import { z } from 'zod';
import { id, instant, sessionCompletionSchema, timetableSessionSchema } from './entities.ts';
import { staffDeviceSchema, staffJoinCodeSchema, staffWeekSchema } from './api.ts';
import { absenceNoticeSchema } from './submissions.ts';
import { dayHoursSchema } from './publishing.ts';

// GET /api/health
export const healthResponseSchema = z.object({ ok: z.literal(true) });

// GET /api/v1/staff/timetable-weeks?classId=
export const staffWeeksQuerySchema = z.object({ classId: id });
export const staffWeeksResponseSchema = z.object({ weeks: z.array(staffWeekSchema) });
// PUT /api/v1/staff/timetable-weeks/:id  → 201 created / 200 updated
export const staffWeekResponseSchema = z.object({ week: staffWeekSchema });
// GET /api/v1/staff/timetable-weeks/:id (also `details.current` of a 409 `stale`, without hours)
export const staffWeekWithSessionsSchema = z.object({
  week: staffWeekSchema,
  sessions: z.array(timetableSessionSchema),
});
export type StaffWeekWithSessions = z.infer<typeof staffWeekWithSessionsSchema>;
export const staffWeekWithSessionsResponseSchema = staffWeekWithSessionsSchema.extend({
  /** Each day's learning per key stage against the school's minimum (publishing.ts). */
  hours: z.array(dayHoursSchema),
});
// PUT /api/v1/staff/timetable-sessions/:id → 201 created / 200 replaced
export const staffTimetableSessionResponseSchema = z.object({
  session: timetableSessionSchema,
  /** The week's revision after this save: what the next save of the week starts from. */
  weekRevision: z.number().int(),
});

// GET /api/v1/staff/families: src/shared/staff/classes.ts
export { idParamsSchema, staffFamiliesResponseSchema } from './staff/classes.ts';
// POST /api/v1/staff/families/:familyId/join-codes → 201, DELETE /api/v1/staff/join-codes/:code → 200
export const staffJoinCodeResponseSchema = z.object({ joinCode: staffJoinCodeSchema });
// GET /api/v1/staff/families/:familyId/devices
export const staffDevicesResponseSchema = z.object({ devices: z.array(staffDeviceSchema) });
// DELETE /api/v1/staff/devices/:id → 200
export const staffDeviceResponseSchema = z.object({ device: staffDeviceSchema });

// GET /api/v1/staff/session-completions?weekId=
export const staffCompletionsQuerySchema = z.object({ weekId: id });
export const staffCompletionSchema = sessionCompletionSchema.extend({
  deviceId: id,
  receivedAt: instant,
});
export const staffCompletionsResponseSchema = z.object({
  completions: z.array(staffCompletionSchema),
});

// ---- issue 3: returned work and absence notices -------------------------------------
// Returned work and feedback: src/shared/school-day-api.ts (the inbox, issue 14).

// GET /api/v1/staff/absence-notices?classId=&current=1   (newest first; current: only
// notices that cover today or a later day, in the school's time zone, withdrawn ones too)
export const staffAbsenceNoticesQuerySchema = z.object({
  classId: id,
  current: z
    .enum(['1', '0', 'true', 'false'])
    .transform((v) => v === '1' || v === 'true')
    .optional(),
});
export const staffAbsenceNoticeSchema = absenceNoticeSchema.extend({
  familyId: id,
  pupilName: z.string(),
});
export type StaffAbsenceNotice = z.infer<typeof staffAbsenceNoticeSchema>;
export const staffAbsenceNoticesResponseSchema = z.object({
  notices: z.array(staffAbsenceNoticeSchema),
});
// POST /api/v1/staff/absence-notices/:id/acknowledge  body {} → 200 (idempotent)
export const staffAbsenceNoticeResponseSchema = z.object({ notice: staffAbsenceNoticeSchema });
/** Body of the staff POSTs that carry nothing (they must still be JSON: send `{}`). */
export const emptyBodySchema = z.object({}).optional();
