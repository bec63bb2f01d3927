// Response shapes of the staff and utility endpoints (added by the server side; the
// request bodies live in api.ts). Both the server's serializer and the OpenAPI document
// use these.
import { z } from 'zod';
import { id, instant, sessionCompletionSchema, timetableSessionSchema } from './entities.ts';
import { staffDeviceSchema, staffJoinCodeSchema, staffWeekSchema } from './api.ts';
import { absenceNoticeSchema, submissionFeedbackSchema, submissionSchema } from './submissions.ts';

// GET /api/health
export const healthResponseSchema = z.object({ ok: z.literal(true) });

// GET /api/v1/staff/timetable-weeks?classId=
export const staffWeeksQuerySchema = z.object({ classId: id });
export const staffWeeksResponseSchema = z.object({ weeks: z.array(staffWeekSchema) });
// PUT /api/v1/staff/timetable-weeks/:id  → 201 created / 200 updated
export const staffWeekResponseSchema = z.object({ week: staffWeekSchema });
// GET /api/v1/staff/timetable-weeks/:id
export const staffWeekWithSessionsResponseSchema = z.object({
  week: staffWeekSchema,
  sessions: z.array(timetableSessionSchema),
});
// PUT /api/v1/staff/timetable-sessions/:id → 201 created / 200 replaced
export const staffTimetableSessionResponseSchema = z.object({ session: timetableSessionSchema });

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
// GET /api/v1/staff/submissions?classId=   (newest first)
export const staffSubmissionsQuerySchema = z.object({ classId: id });
export const staffSubmissionPageSchema = z.object({
  id,
  /** 0-based position in the submission. */
  idx: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
  /** `/api/v1/staff/files/<pageId>`: the re-encoded JPEG (long edge ≤ 2400 px). */
  url: z.string(),
  /** `/api/v1/staff/files/<pageId>/thumb`: 320 px JPEG. */
  thumbUrl: z.string(),
});
export const staffSubmissionSchema = submissionSchema.extend({
  familyId: id,
  pupilName: z.string(),
  pages: z.array(staffSubmissionPageSchema),
  feedback: z.array(submissionFeedbackSchema),
});
export type StaffSubmission = z.infer<typeof staffSubmissionSchema>;
export const staffSubmissionsResponseSchema = z.object({
  submissions: z.array(staffSubmissionSchema),
});
// POST /api/v1/staff/submissions/:id/seen  body {} → 200
export const staffSubmissionResponseSchema = z.object({ submission: staffSubmissionSchema });
// POST /api/v1/staff/submissions/:id/feedback → 201
export const staffFeedbackBodySchema = z.object({ text: z.string().trim().min(1).max(4000) });
export const staffFeedbackResponseSchema = z.object({ feedback: submissionFeedbackSchema });

// GET /api/v1/staff/absence-notices?classId=   (newest first)
export const staffAbsenceNoticesQuerySchema = z.object({ classId: id });
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
