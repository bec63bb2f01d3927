// Contract for issue 5: learning packs. A pack is what a school sends for a week (or a
// session, a schedule step, a child): a title, instructions in Markdown, files (PDF,
// images, audio), links, and activities the family ticks off. Files are addressed by the
// SHA-256 of their bytes: `GET /api/v1/files/<sha256>` never changes, so the phone fetches
// each file once and a changed file is a new hash (a new URL) while the rest stay put.
import { z } from 'zod';
import { calendarDate, id, instant, markRevision } from './primitives.ts';
import { baseRevision, baseRevisionQuerySchema } from './publishing.ts';

// ---- files -----------------------------------------------------------------------------
export const packFileKinds = ['pdf', 'image', 'audio'] as const;
export type PackFileKind = (typeof packFileKinds)[number];
/** Largest file the school can put in a pack (a scanned workbook). */
export const maxPackFileBytes = 25 * 1024 * 1024;
export const maxFilesPerPack = 20;
export const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 in hex');

/** Where a file's bytes are: immutable, device auth, 404 unless a visible pack has it. */
export { packFilePath, packFilePathPattern } from './paths.ts';

export const packFileSchema = z.object({
  /** Stable across replacements: a new version of a worksheet keeps its id, not its hash. */
  id,
  kind: z.enum(packFileKinds),
  /** What the family sees ("Fractions worksheet.pdf"). */
  name: z.string().min(1).max(200),
  /** What the server serves: application/pdf, image/jpeg, audio/… */
  contentType: z.string(),
  bytes: z.number().int().min(1),
  sha256: sha256Hex,
});
export type PackFile = z.infer<typeof packFileSchema>;

// ---- packs -----------------------------------------------------------------------------
export const packLinkSchema = z.object({
  title: z.string().trim().min(1).max(120),
  /** Opens outside the app and needs internet: https only. */
  url: z.url({ protocol: /^https$/ }).max(2000),
});
export type PackLink = z.infer<typeof packLinkSchema>;

export const packActivitySchema = z.object({
  /** Made by whoever wrote the pack; stable across edits so "done" marks stay attached. */
  id,
  title: z.string().trim().min(1).max(200),
});
export type PackActivity = z.infer<typeof packActivitySchema>;

export const maxInstructionsChars = 20000;

const packFields = {
  classId: id,
  /** null: for the whole class; otherwise for this pupil only. */
  pupilId: id.nullable(),
  /** The Monday of the week it belongs to; null: not tied to a week. */
  weekStart: calendarDate.nullable(),
  title: z.string().trim().min(1).max(120),
  links: z.array(packLinkSchema).max(20),
  activities: z.array(packActivitySchema).max(30),
  /** Timetable sessions it is for (same class). */
  sessionIds: z.array(id).max(20),
  /** Schedule steps it is for (step ids of the child's visual schedules). */
  stepIds: z.array(id).max(30),
};

/**
 * Markdown written by staff. Raw HTML in it is data, never trusted: the server turns it
 * into `instructionsHtml`, and the phone puts that through a sanitiser that keeps text
 * formatting and https/mailto/tel links only.
 */
const instructionsField = z.string().max(maxInstructionsChars);

/** As sync sends it (published packs only; unpublishing or deleting sends a delete). */
export const packSchema = z.object({
  id,
  ...packFields,
  /**
   * The instructions as HTML, made by the server from the staff's Markdown (so phones need
   * no Markdown parser). Still untrusted: the phone sanitises it (DOMPurify) before it
   * reaches the page.
   */
  instructionsHtml: z.string(),
  files: z.array(packFileSchema).max(maxFilesPerPack),
  publishedAt: instant,
  updatedAt: instant,
});
export type Pack = z.infer<typeof packSchema>;

// PUT /api/v1/staff/packs/:id   create or replace the pack's text (files are separate)
export const staffPackBodySchema = z.object({
  ...packFields,
  instructions: instructionsField,
  /** false keeps it a draft that no family sees. */
  published: z.boolean(),
  /** The pack's revision this save started from (publishing.ts); absent: a new pack. */
  baseRevision,
});
export type StaffPackBody = z.infer<typeof staffPackBodySchema>;

// ---- activity "done" marks (like session completions: append-only, see markRevision) ----
// PUT /api/v1/activity-completions/:id   (idempotent by the phone's UUIDv7)
export const activityCompletionBodySchema = z.object({
  packId: id,
  activityId: id,
  pupilId: id,
  done: z.boolean(),
  at: instant,
  revision: markRevision.optional(),
});
export type ActivityCompletionBody = z.infer<typeof activityCompletionBodySchema>;
export const activityCompletionSchema = z.object({ id, ...activityCompletionBodySchema.shape });
export type ActivityCompletion = z.infer<typeof activityCompletionSchema>;
export const activityCompletionResponseSchema = z.object({
  completion: activityCompletionSchema,
});

// ---- "please post us a paper copy" -----------------------------------------------------
// PUT /api/v1/paper-requests/:id   (idempotent by the phone's UUIDv7)
export const paperRequestBodySchema = z.object({
  packId: id,
  pupilId: id,
  /** Anything the school should know ("we have no printer", a different address). */
  note: z.string().trim().max(500),
  createdAt: instant,
});
export type PaperRequestBody = z.infer<typeof paperRequestBodySchema>;
export const paperRequestSchema = z.object({
  id,
  ...paperRequestBodySchema.shape,
  receivedAt: instant,
  /** When staff marked the copy as posted or delivered. */
  postedAt: instant.nullable(),
});
export type PaperRequest = z.infer<typeof paperRequestSchema>;
export const paperRequestResponseSchema = z.object({ request: paperRequestSchema });

// ---- staff (appended by the server side; the shapes above are the app's contract) -------
/** A pack as staff see it: drafts too (`published: false`, `publishedAt: null`). */
export const staffPackSchema = packSchema.extend({
  /** The Markdown as staff wrote it (families get only `instructionsHtml`). */
  instructions: z.string(),
  published: z.boolean(),
  publishedAt: instant.nullable(),
  /** +1 on every real change of the text; files are versioned by their sha256. */
  revision: z.number().int(),
});
export type StaffPack = z.infer<typeof staffPackSchema>;
// PUT /api/v1/staff/packs/:id → 201 created / 200 replaced (or unchanged)
export const staffPackResponseSchema = z.object({ pack: staffPackSchema });

// PUT /api/v1/staff/packs/:id/files/:fileId?name=&position=   raw bytes, Content-Type
// application/pdf, image/jpeg|png|webp or audio/… → 201 created / 200 replaced
export const staffPackFileParamsSchema = z.object({ id, fileId: id });
const packFilePlacement = {
  /** Required for a new file; a replacement keeps its name unless one is given. */
  name: z.string().trim().min(1).max(200).optional(),
  /** Order in the pack (ascending); a new file goes last unless one is given. */
  position: z.coerce.number().int().min(0).max(1000).optional(),
  /**
   * A replacement names the sha256 of the file it replaces (what the screen showed): if
   * the file changed meanwhile the save is a 409 `stale`. A new file names none.
   */
  replaces: sha256Hex.optional(),
};
export const staffPackFileQuerySchema = z.object(packFilePlacement);
export type StaffPackFilePlacement = z.infer<typeof staffPackFileQuerySchema>;
/** `DELETE /staff/packs/:id/files/:fileId?sha256=`: refused (409 `stale`) if the file changed. */
export const staffPackFileDeleteQuerySchema = z.object({ sha256: sha256Hex.optional() });

/** Most bytes one pack's files may add up to: what a family downloads for it. */
export const maxPackBytes = 60 * 1024 * 1024;

// POST /api/v1/staff/packs/:id/files/:fileId/upload   commit a finished staff tus upload
// (publishing.ts `staffUploadsPath`) as the file: the same answers as the raw-bytes PUT
export const staffPackFileCommitBodySchema = z.object({
  ...packFilePlacement,
  position: z.number().int().min(0).max(1000).optional(),
  /** The tus upload id (last segment of its URL). */
  uploadId: z.string().min(1).max(200),
  /** The type the browser gave the file (checked against its bytes, as Content-Type is). */
  contentType: z.string().min(1).max(200),
});
export type StaffPackFileCommitBody = z.infer<typeof staffPackFileCommitBodySchema>;
export const staffPackFileResponseSchema = z.object({
  file: packFileSchema,
  pack: staffPackSchema,
});

/** A paper-copy request as staff see it: who asked, for which child and pack. */
export const staffPaperRequestSchema = paperRequestSchema.extend({
  familyId: id,
  familyName: z.string(),
  pupilName: z.string(),
  classId: id,
  packTitle: z.string(),
});
export type StaffPaperRequest = z.infer<typeof staffPaperRequestSchema>;

// GET /api/v1/staff/packs?classId=&weekStart=   the school's packs (drafts too) with their
// files, each child's ticked activities and the paper copies asked for
/** `DELETE /staff/packs/:id?force=1`: delete even with paper copies still to post. */
export const staffPackDeleteQuerySchema = baseRevisionQuerySchema.extend({
  force: z.literal('1').optional(),
});

export const staffPacksQuerySchema = z.object({
  classId: id.optional(),
  weekStart: calendarDate.optional(),
});
export const staffPackProgressSchema = z.object({
  pupilId: id,
  pupilName: z.string(),
  /** Activities whose latest mark (by revision, then `at`, then id) is "done". */
  doneActivityIds: z.array(id),
  done: z.number().int(),
  /** How many activities the pack has. */
  of: z.number().int(),
});
export const staffPackListItemSchema = staffPackSchema.extend({
  /** One entry per child the pack is for (the pupil, or every child of the class). */
  progress: z.array(staffPackProgressSchema),
  paperRequests: z.array(staffPaperRequestSchema),
});
export type StaffPackListItem = z.infer<typeof staffPackListItemSchema>;
export const staffPacksResponseSchema = z.object({ packs: z.array(staffPackListItemSchema) });

// GET /api/v1/staff/paper-requests?classId=   open ones first (oldest first), then posted
export const staffPaperRequestsQuerySchema = z.object({ classId: id.optional() });
export const staffPaperRequestsResponseSchema = z.object({
  requests: z.array(staffPaperRequestSchema),
});
// POST /api/v1/staff/paper-requests/:id/posted  body {} → 200 (idempotent: keeps the first time)
export const staffPaperRequestResponseSchema = z.object({ request: staffPaperRequestSchema });
