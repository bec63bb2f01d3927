// The REST contract between the family app, the staff tools and the server.
// Paths and bodies live here once; the server validates with these schemas and the
// OpenAPI document is generated from them.
import { z } from 'zod';
import {
  classSchema,
  clockTime,
  id,
  instant,
  calendarDate,
  pupilSchema,
  sessionCompletionSchema,
  sessionKinds,
  syncEntitySchemas,
  syncEntityNames,
  type SyncEntityName,
} from './entities.ts';
import { joinCodeAlphabet, joinCodeLength, normalizeJoinCode } from './paths.ts';
import { baseRevision } from './publishing.ts';

export {
  API,
  checkJoinCode,
  joinCodeAlphabet,
  joinCodeLength,
  normalizeJoinCode,
} from './paths.ts';

export const joinCodeSchema = z
  .string()
  .transform(normalizeJoinCode)
  .pipe(
    z.string().regex(new RegExp(`^[${joinCodeAlphabet}]{${joinCodeLength}}$`), 'not a join code'),
  );

// POST /api/v1/join
export const joinRequestSchema = z.object({
  /**
   * As typed: the route checks it with `checkJoinCode` (shared/paths.ts) and says what is
   * wrong (`join_code_length`, `join_code_characters`) instead of a bare 400.
   */
  code: z.string().max(200),
  /** Helps staff tell a family's phones apart when they revoke one ("Mum's phone"). */
  deviceName: z.string().trim().max(60).optional(),
});
export const joinResponseSchema = z.object({
  token: z.string(),
  deviceId: id,
  familyId: id,
  familyName: z.string(),
  /** The children joined, for the phone's welcome (their full records come with the sync). */
  children: z.array(z.object({ id, displayName: z.string() })).default([]),
});
export type JoinRequest = z.input<typeof joinRequestSchema>;
export type JoinResponse = z.infer<typeof joinResponseSchema>;

// GET /api/v1/sync?since=<cursor>&limit=<n>   (Authorization: Bearer <token>)
export const syncQuerySchema = z.object({
  /** Opaque; omit or empty for the first sync. */
  since: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

function upsertOf<N extends SyncEntityName>(name: N) {
  return z.object({
    op: z.literal('upsert'),
    entity: z.literal(name),
    data: syncEntitySchemas[name] as (typeof syncEntitySchemas)[N],
  });
}
export const syncUpsertSchema = z.discriminatedUnion('entity', [
  upsertOf('school'),
  upsertOf('class'),
  upsertOf('pupil'),
  upsertOf('timetableWeek'),
  upsertOf('timetableSession'),
  upsertOf('sessionCompletion'),
  upsertOf('submission'),
  upsertOf('submissionFeedback'),
  upsertOf('absenceNotice'),
  upsertOf('mediaFile'),
  upsertOf('visualSchedule'),
  upsertOf('rewardChart'),
  upsertOf('rewardEvent'),
  upsertOf('pack'),
  upsertOf('activityCompletion'),
  upsertOf('paperRequest'),
]);
export const syncDeleteSchema = z.object({
  op: z.literal('delete'),
  entity: z.enum(syncEntityNames as [SyncEntityName, ...SyncEntityName[]]),
  id,
});
export const syncChangeSchema = z.union([syncUpsertSchema, syncDeleteSchema]);
export const syncResponseSchema = z.object({
  /** Send back as `since` next time. */
  cursor: z.string(),
  /** More changes wait: ask again at once with the new cursor. */
  more: z.boolean(),
  /**
   * The family's scope changed (a child joined or left the family, or the cursor is
   * unknown): the changes are a full snapshot and the phone must drop every
   * server-owned record it has before applying them. Never drops unsent family writes.
   */
  reset: z.boolean(),
  changes: z.array(syncChangeSchema),
});
export type SyncChange = z.infer<typeof syncChangeSchema>;
export type SyncResponse = z.infer<typeof syncResponseSchema>;

// PUT /api/v1/<family collection>/:id — every write whose id the phone made. The id is
// matched whatever its case (an upper-case copy of a stored id is that record); `sentAs`
// keeps it as it came, because a NEW record's id must be a lower-case UUIDv7
// (`isNewRecordId`): nil, max, other versions and upper case are refused with a 400.
export const familyWriteParamsSchema = z
  .object({ id: z.uuid() })
  .transform(({ id: sent }) => ({ id: sent.toLowerCase(), sentAs: sent }));
export type FamilyWriteParams = z.infer<typeof familyWriteParamsSchema>;

// PUT /api/v1/session-completions/:id   (idempotent; id is a UUIDv7 made on the phone)
export const sessionCompletionBodySchema = sessionCompletionSchema.omit({ id: true });
export type SessionCompletionBody = z.infer<typeof sessionCompletionBodySchema>;
export const sessionCompletionResponseSchema = z.object({ completion: sessionCompletionSchema });

// ---- staff --------------------------------------------------------------------------
export const staffRoles = ['teacher', 'admin'] as const;
export const staffSchema = z.object({
  id,
  schoolId: id,
  name: z.string(),
  email: z.string(),
  role: z.enum(staffRoles),
});
export type Staff = z.infer<typeof staffSchema>;

// POST /api/v1/staff/session   → sets the httpOnly session cookie
export const staffSignInSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  password: z.string().min(1).max(200),
});
export const staffMeResponseSchema = z.object({ staff: staffSchema });

// GET /api/v1/staff/classes
export const staffClassesResponseSchema = z.object({
  classes: z.array(classSchema.extend({ pupils: z.array(pupilSchema) })),
});

// PUT /api/v1/staff/timetable-weeks/:id
export const staffWeekBodySchema = z.object({
  classId: id,
  weekStart: calendarDate,
  note: z.string().max(2000).default(''),
  /** Families see a week only once it is published. */
  published: z.boolean(),
  /** The week's revision this save started from (see publishing.ts); absent: a new week. */
  baseRevision,
});
export const staffWeekSchema = staffWeekBodySchema.omit({ baseRevision: true }).extend({
  id,
  publishedAt: instant.nullable(),
  /** +1 on every real change of the week or of one of its sessions. */
  revision: z.number().int(),
});

// PUT /api/v1/staff/timetable-sessions/:id  (create or replace)   DELETE …/:id
export const staffSessionBodySchema = z
  .object({
    weekId: id,
    pupilId: id.nullable().default(null),
    date: calendarDate,
    startTime: clockTime,
    endTime: clockTime,
    subject: z.string().trim().min(1).max(120),
    kind: z.enum(sessionKinds),
    details: z.string().max(4000).default(''),
    liveUrl: z
      .url({
        protocol: /^https$/,
        message: 'a live link must be a full https:// address (https://…)',
      })
      .max(2000)
      .nullable()
      .default(null),
    /** The WEEK's revision this save started from (a week and its sessions change together). */
    baseRevision,
  })
  .refine((s) => s.startTime < s.endTime, {
    message: 'the session must end after it starts',
    path: ['endTime'],
  });

// GET /api/v1/staff/timetable-weeks/:id → the week with all its sessions (for tests/demo)

// POST /api/v1/staff/families/:familyId/join-codes
export const staffJoinCodeBodySchema = z.object({
  /** How long the code works; default 14 days. */
  validForHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24 * 14),
});
export const staffJoinCodeSchema = z.object({
  code: z.string(),
  familyId: id,
  expiresAt: instant,
  revokedAt: instant.nullable(),
  /** Path of the join link (`/join/<code>`), what a QR code holds with the origin. */
  joinPath: z.string(),
});
// DELETE /api/v1/staff/join-codes/:code  → revoke

// GET /api/v1/staff/families/:familyId/devices     DELETE /api/v1/staff/devices/:id → revoke
export const staffDeviceSchema = z.object({
  id,
  familyId: id,
  name: z.string(),
  createdAt: instant,
  lastSeenAt: instant.nullable(),
  revokedAt: instant.nullable(),
});

// GET /api/v1/staff/session-completions?weekId=  (who marked what done)
