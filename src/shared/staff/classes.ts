// The classes a member of staff reaches, and one class with its pupils.
import { z } from 'zod';
import { classSchema, pupilSchema } from '../entities.ts';

export const staffClassSchema = classSchema.extend({ pupils: z.array(pupilSchema) });
export type StaffClass = z.infer<typeof staffClassSchema>;

// GET /api/v1/staff/classes
export const staffClassesResponseSchema = z.object({ classes: z.array(staffClassSchema) });
// GET /api/v1/staff/classes/:id
export const staffClassResponseSchema = z.object({ class: staffClassSchema });
