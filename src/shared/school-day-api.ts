// The staff contract of the school's day (issue 14): returned work and feedback with
// reply hours, saved phrases, the feedback tally, daily engagement and "needs a call",
// the contact log, week and school summaries, and CSV exports. Used by the Fastify
// routes (validation, serialization, OpenAPI) and by the workspace's client.
import { z } from 'zod';
import { calendarDate, clockTime, id, instant } from './primitives.ts';
import { submissionSchema } from './submissions.ts';

// ---- settings -------------------------------------------------------------------------
// GET /api/v1/staff/school-day-settings, PUT (admin) with the same shape
export const schoolDaySettingsSchema = z
  .object({
    /** Feedback written inside [replyFrom, replyUntil) on a school day reaches the family at once. */
    replyFrom: clockTime,
    replyUntil: clockTime,
    /** false: feedback is delivered at once whenever it is written. */
    holdOutsideReplyHours: z.boolean(),
    /** Pieces of work per child per week that should get feedback. */
    feedbackTarget: z.number().int().min(0).max(20),
    /** School days with no sign of work and no notice after which a family needs a call. */
    needsCallDays: z.number().int().min(1).max(20),
  })
  .refine((s) => s.replyFrom < s.replyUntil, {
    message: 'Reply hours must end after they begin.',
    path: ['replyUntil'],
  });
export const schoolDaySettingsResponseSchema = z.object({ settings: schoolDaySettingsSchema });

// ---- returned work and feedback -------------------------------------------------------
export const staffFeedbackSchema = z.object({
  id,
  submissionId: id,
  pupilId: id,
  staffName: z.string(),
  text: z.string(),
  createdAt: instant,
  /** When it reaches (or reached) the family: later than createdAt when held for reply hours. */
  deliverAt: instant,
  held: z.boolean(),
});
export type StaffFeedback = z.infer<typeof staffFeedbackSchema>;

export const inboxSubmissionSchema = submissionSchema.extend({
  familyId: id,
  pupilName: z.string(),
  pages: z.array(
    z.object({
      id,
      idx: z.number().int(),
      width: z.number().int(),
      height: z.number().int(),
      url: z.string(),
      thumbUrl: z.string(),
    }),
  ),
  feedback: z.array(staffFeedbackSchema),
  /** Its place in the timetable: the session the family handed it in for. */
  session: z
    .object({ id, date: calendarDate, startTime: z.string(), subject: z.string() })
    .nullable(),
});
export type InboxSubmission = z.infer<typeof inboxSubmissionSchema>;

const flag = z.enum(['1', '0', 'true', 'false']).transform((v) => v === '1' || v === 'true');
// GET /api/v1/staff/submissions?classId=&awaiting=1&week=2026-11-23&pupilId=&sessionId=&packId=&after=&limit=
export const inboxQuerySchema = z.object({
  classId: id,
  /** Only work with no feedback yet (held feedback counts as given). */
  awaiting: flag.optional(),
  /** Only work received in the week starting on this Monday (school time). */
  week: calendarDate.optional(),
  pupilId: id.optional(),
  sessionId: id.optional(),
  /** Only work for the sessions this pack is linked to. */
  packId: id.optional(),
  /** The `next` of the previous page. */
  after: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z_[0-9a-f-]{36}$/, 'expected a page cursor')
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export const inboxResponseSchema = z.object({
  submissions: z.array(inboxSubmissionSchema),
  /** Pass as `after` for the next page; null on the last one. */
  next: z.string().nullable(),
});
// GET /api/v1/staff/submissions/:id
export const inboxSubmissionResponseSchema = z.object({ submission: inboxSubmissionSchema });

// POST /api/v1/staff/submissions/:id/feedback → 201
export const feedbackBodySchema = z.object({
  text: z
    .string()
    .trim()
    .min(1, 'Write some feedback first.')
    .max(4000, 'Feedback can be at most 4,000 characters.'),
});
export const feedbackResponseSchema = z.object({ feedback: staffFeedbackSchema });

// GET /api/v1/staff/feedback-phrases, POST { text } → 201, DELETE /:id
export const feedbackPhraseSchema = z.object({ id, text: z.string(), createdAt: instant });
export const feedbackPhrasesResponseSchema = z.object({ phrases: z.array(feedbackPhraseSchema) });
export const feedbackPhraseBodySchema = z.object({
  text: z
    .string()
    .trim()
    .min(1, 'Write the phrase first.')
    .max(500, 'A saved phrase can be at most 500 characters.'),
});
export const feedbackPhraseResponseSchema = z.object({ phrase: feedbackPhraseSchema });

// GET /api/v1/staff/feedback-tally?classId=&week=
export const tallyQuerySchema = z.object({ classId: id, week: calendarDate.optional() });
export const tallyResponseSchema = z.object({
  weekStart: calendarDate,
  target: z.number().int(),
  children: z.array(
    z.object({
      pupilId: id,
      name: z.string(),
      /** Pieces of work that got feedback this week. */
      count: z.number().int(),
      below: z.boolean(),
      /** Work handed in this week that has no feedback yet. */
      awaiting: z.number().int(),
    }),
  ),
});

// ---- engagement ------------------------------------------------------------------------
export const childStatuses = ['handed_in', 'active', 'absent', 'waiting', 'quiet'] as const;
export const phoneSchema = z.object({
  deviceId: id,
  familyId: id,
  name: z.string(),
  lastSeenAt: instant.nullable(),
  /** Items the phone said it still holds at its last sync (null: it never said). */
  waiting: z.number().int().nullable(),
  waitingSince: instant.nullable(),
});
export const childDaySchema = z.object({
  pupilId: id,
  name: z.string(),
  classId: id,
  className: z.string(),
  handedIn: z.number().int(),
  sessionsDone: z.number().int(),
  activitiesDone: z.number().int(),
  stars: z.number().int(),
  notice: z
    .object({
      id,
      reason: z.string(),
      fromDate: calendarDate,
      toDate: calendarDate,
      acknowledged: z.boolean(),
    })
    .nullable(),
  phones: z.array(phoneSchema),
  status: z.enum(childStatuses),
});
export const carerSchema = z.object({ name: z.string(), phone: z.string().nullable() });
export const needsCallSchema = childDaySchema.extend({
  households: z.array(
    z.object({ familyId: id, familyName: z.string(), carers: z.array(carerSchema) }),
  ),
});
// GET /api/v1/staff/engagement?classId=&date=   (classId absent: the whole school, leaders)
export const engagementQuerySchema = z.object({ classId: id.optional(), date: calendarDate });
export const engagementResponseSchema = z.object({
  date: calendarDate,
  /** The school days "needs a call" looked at (the school's setting), oldest first. */
  quietDays: z.array(calendarDate),
  needsCall: z.array(needsCallSchema),
  children: z.array(childDaySchema),
});

// GET /api/v1/staff/engagement/week?classId=&week=
export const weekQuerySchema = z.object({ classId: id, week: calendarDate });
export const weekResponseSchema = z.object({
  days: z.array(calendarDate),
  children: z.array(
    z.object({
      pupilId: id,
      name: z.string(),
      statuses: z.array(z.enum(childStatuses)),
    }),
  ),
  rates: z.array(z.number().nullable()),
});
// GET /api/v1/staff/engagement/school?week=   (leaders)
export const schoolSummaryQuerySchema = z.object({ week: calendarDate });
export const schoolSummaryResponseSchema = z.object({
  days: z.array(calendarDate),
  classes: z.array(
    z.object({
      classId: id,
      name: z.string(),
      pupils: z.number().int(),
      days: z.array(
        z.object({
          date: calendarDate,
          active: z.number().int(),
          absent: z.number().int(),
          rate: z.number().nullable(),
        }),
      ),
    }),
  ),
});

// ---- contact log ------------------------------------------------------------------------
export const contactMethodSchema = z.enum(['phone', 'message', 'visit']);
export const contactOutcomeSchema = z.enum(['reached', 'no_answer', 'left_message', 'other']);
// POST /api/v1/staff/contact-log → 201
export const contactBodySchema = z.object({
  familyId: id,
  pupilId: id.nullable().optional(),
  at: instant,
  method: contactMethodSchema,
  outcome: contactOutcomeSchema,
  note: z.string().trim().max(2000, 'A note can be at most 2,000 characters.').default(''),
});
export const contactEntrySchema = z.object({
  id,
  familyId: id,
  familyName: z.string(),
  pupilId: id.nullable(),
  staffName: z.string(),
  at: instant,
  method: contactMethodSchema,
  outcome: contactOutcomeSchema,
  note: z.string(),
  createdAt: instant,
  /** Only for the DSL and admins. */
  safeguarding: z
    .object({ flagged: z.boolean(), by: z.string().nullable(), at: instant.nullable() })
    .optional(),
});
export type ContactEntry = z.infer<typeof contactEntrySchema>;
export const contactEntryResponseSchema = z.object({ entry: contactEntrySchema });
// GET /api/v1/staff/contact-log?classId=&familyId=   (classId absent: leaders, the school)
export const contactLogQuerySchema = z.object({
  classId: id.optional(),
  familyId: id.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const contactLogResponseSchema = z.object({ entries: z.array(contactEntrySchema) });
// PUT /api/v1/staff/contact-log/:id/safeguarding { flagged } (DSL and admins)
export const safeguardingBodySchema = z.object({ flagged: z.boolean() });

// ---- exports (text/csv) -------------------------------------------------------------------
/** The longest range an export covers: a term. */
export const maxExportDays = 93;
/** A range of days for an export: from ≤ to, at most `maxExportDays` days. */
const exportRange = z
  .object({ classId: id.optional(), from: calendarDate, to: calendarDate })
  .refine((q) => q.from <= q.to, { message: 'The range ends before it begins.', path: ['to'] })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < maxExportDays, {
    message: `A range can be at most ${maxExportDays} days (a term).`,
    path: ['to'],
  });
// GET /api/v1/staff/exports/engagement.csv?classId=&from=&to=   (classId absent: leaders)
export const engagementExportQuerySchema = exportRange;
// GET /api/v1/staff/exports/contact-log.csv?classId=&from=&to=
export const contactExportQuerySchema = exportRange;
// GET /api/v1/staff/exports/feedback-tally.csv?classId=&week=
export const tallyExportQuerySchema = tallyQuerySchema;
