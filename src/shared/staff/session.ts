// Signing in and out, who is signed in, changing one's password.
import { z } from 'zod';
import { id, instant } from '../primitives.ts';
import { staffRoles } from './roles.ts';

/** A session ends this long after its last request… */
export const staffIdleMinutes = 30;
/** …and at the latest this long after signing in, however busy. */
export const staffSessionHours = 12;
/** New passwords: at least this long (a passphrase of three words passes; NCSC guidance). */
export const staffPasswordMinLength = 10;
export const staffPasswordMaxLength = 200;

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
  password: z.string().min(1).max(staffPasswordMaxLength),
});
export type StaffSignIn = z.input<typeof staffSignInSchema>;

// GET /api/v1/staff/me (and the answer to signing in)
export const staffMeResponseSchema = z.object({
  staff: staffSchema,
  school: z.object({ id, name: z.string() }),
  /** The classes the member is assigned to (teachers and teaching assistants reach only these). */
  classIds: z.array(id),
  /** Whether the member reaches every class of the school (SENCo, DSL, admin). */
  wholeSchool: z.boolean(),
  session: z.object({ expiresAt: instant, idleMinutes: z.number().int() }),
});
export type StaffMe = z.infer<typeof staffMeResponseSchema>;

// POST /api/v1/staff/password   → 204; other sessions of the member end
export const staffPasswordBodySchema = z.object({
  currentPassword: z.string().min(1).max(staffPasswordMaxLength),
  newPassword: z.string().min(staffPasswordMinLength).max(staffPasswordMaxLength),
});
export type StaffPasswordBody = z.input<typeof staffPasswordBodySchema>;
