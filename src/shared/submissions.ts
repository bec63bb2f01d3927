// Contract for what families send back (issue 3): photo submissions of finished work and
// absence notices, both created on the phone with UUIDv7 ids and delivered exactly once.
import { z } from 'zod';
import { id, instant, calendarDate } from './primitives.ts';

// ---- uploads (tus) ---------------------------------------------------------------------
/** tus endpoint (tus-js-client on the phone, @tus/server on the server). Bearer auth. */
export const uploadsPath = '/api/v1/uploads';
/** Largest page the server takes (bytes). Phones send ~300 KB JPEGs; this allows originals. */
export const maxUploadBytes = 20 * 1024 * 1024;
/** tus `Upload-Metadata` keys the phone sends with each page. */
export type UploadMetadata = {
  submissionId: string;
  page: string; // "0", "1", …
  sha256: string; // hex of the bytes, checked on commit
  filetype: string; // what the phone thinks it is; the server trusts only the bytes
};
export const maxPagesPerSubmission = 20;

// ---- submissions -----------------------------------------------------------------------
export const submissionPageRefSchema = z.object({
  /** The tus upload id (last path segment of the upload URL). */
  uploadId: z.string().min(1).max(200),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().min(1).max(maxUploadBytes),
});

// PUT /api/v1/submissions/:id   (idempotent; commits uploaded pages)
export const submissionBodySchema = z.object({
  pupilId: id,
  /** The timetable session the work is for, or null for work handed in on its own. */
  sessionId: id.nullable(),
  note: z.string().max(1000),
  createdAt: instant,
  pages: z.array(submissionPageRefSchema).min(1).max(maxPagesPerSubmission),
});
export type SubmissionBody = z.infer<typeof submissionBodySchema>;

/** What syncs back to every phone of the family: where the work is. */
export const submissionSchema = z.object({
  id,
  pupilId: id,
  sessionId: id.nullable(),
  note: z.string(),
  pageCount: z.number().int(),
  createdAt: instant,
  receivedAt: instant,
  /** When a teacher first opened it. */
  seenAt: instant.nullable(),
});
export type Submission = z.infer<typeof submissionSchema>;
export const submissionResponseSchema = z.object({ submission: submissionSchema });

export const submissionFeedbackSchema = z.object({
  id,
  submissionId: id,
  pupilId: id,
  /** "Mrs Patel" — the name staff chose to show families. */
  staffName: z.string(),
  text: z.string().max(4000),
  createdAt: instant,
});
export type SubmissionFeedback = z.infer<typeof submissionFeedbackSchema>;

// ---- absence notices --------------------------------------------------------------------
export const absenceReasons = ['ill', 'medical', 'cannot_access', 'other'] as const;
export type AbsenceReason = (typeof absenceReasons)[number];

/**
 * PUT /api/v1/absence-notices/:id  (idempotent per revision)
 * - unknown id: created (any revision ≥ 1);
 * - same revision, same body: 200 with the stored notice; same revision, other body: 409;
 * - lower revision: 200 with the stored notice (a stale retry changes nothing);
 * - higher revision: replaces it, unless the school already acknowledged it, then 409
 *   `already_acknowledged` — except a withdrawal, which is always accepted.
 */
export const absenceNoticeBodySchema = z
  .object({
    pupilId: id,
    reason: z.enum(absenceReasons),
    from: calendarDate,
    to: calendarDate,
    note: z.string().max(1000),
    revision: z.number().int().min(1).max(1000),
    /** Set when the family withdraws the notice ("he's better, he'll do the work"). */
    withdrawnReason: z.string().min(1).max(500).nullable(),
    createdAt: instant,
  })
  .refine((n) => n.from <= n.to, { message: 'to must not be before from', path: ['to'] });
export type AbsenceNoticeBody = z.infer<typeof absenceNoticeBodySchema>;

export const absenceNoticeSchema = z.object({
  id,
  pupilId: id,
  reason: z.enum(absenceReasons),
  from: calendarDate,
  to: calendarDate,
  note: z.string(),
  revision: z.number().int(),
  withdrawnReason: z.string().nullable(),
  createdAt: instant,
  receivedAt: instant,
  acknowledgedAt: instant.nullable(),
  /** Who acknowledged it, as shown to families. */
  acknowledgedBy: z.string().nullable(),
});
export type AbsenceNotice = z.infer<typeof absenceNoticeSchema>;
export const absenceNoticeResponseSchema = z.object({ notice: absenceNoticeSchema });
