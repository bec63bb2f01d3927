// GET /api/v1/staff/audit (admin only): who read or exported which child's or class's
// records, and when. Newest first, paged with `before` (the last entry's id).
import { z } from 'zod';
import { id, instant } from '../primitives.ts';
import { auditActions, auditSubjectTypes, staffRoles } from './roles.ts';

export const auditPageSize = 100;

export const staffAuditQuerySchema = z.object({
  /** Only entries older than this one (the `next` of the previous page). */
  before: id.optional(),
  /** Only this member of staff's entries. */
  staffId: id.optional(),
  /** Only entries about this child, class or family. */
  subjectId: id.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(auditPageSize),
});

export const auditEntrySchema = z.object({
  id,
  at: instant,
  staff: z.object({ id, name: z.string(), role: z.enum(staffRoles) }),
  action: z.enum(auditActions),
  /** What was read: `submissions`, `absence-notices`, `visual-schedules`, … */
  kind: z.string(),
  subject: z.object({
    type: z.enum(auditSubjectTypes),
    id,
    /** The child's, class's or family's name now; null when it is gone. */
    name: z.string().nullable(),
  }),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const staffAuditResponseSchema = z.object({
  entries: z.array(auditEntrySchema),
  /** Pass as `before` for the next (older) page; null on the last page. */
  next: id.nullable(),
});
export type StaffAuditResponse = z.infer<typeof staffAuditResponseSchema>;
