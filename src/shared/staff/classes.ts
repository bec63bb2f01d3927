// The classes a member of staff reaches, and one class with its pupils.
import { z } from 'zod';
import { classSchema, pupilSchema } from '../pupils.ts';
import { id } from '../primitives.ts';

/** Params of a route that names one record: `/…/:id`. */
export const idParamsSchema = z.object({ id });

export const staffClassSchema = classSchema.extend({ pupils: z.array(pupilSchema) });
export type StaffClass = z.infer<typeof staffClassSchema>;

// GET /api/v1/staff/classes
export const staffClassesResponseSchema = z.object({ classes: z.array(staffClassSchema) });
// GET /api/v1/staff/classes/:id
export const staffClassResponseSchema = z.object({ class: staffClassSchema });

// GET /api/v1/staff/families (a teacher sees the families of their classes' children)
export const staffFamiliesResponseSchema = z.object({
  families: z.array(z.object({ id, name: z.string(), pupils: z.array(pupilSchema) })),
});
