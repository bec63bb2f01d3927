// A school's classes and pupils as both apps see them. Small on purpose: the staff
// workspace imports these without the family app's sync entities.
import { z } from 'zod';
import { id } from './primitives.ts';

export const classSchema = z.object({
  id,
  schoolId: id,
  name: z.string(),
});

export const pupilSchema = z.object({
  id,
  classId: id,
  /** Only what the family needs to tell its children apart: first name or a nickname. */
  displayName: z.string(),
  /** Key Stage 1 about 3 h a day, KS2 about 4 h, secondary about 5 h. */
  keyStage: z.enum(['EYFS', 'KS1', 'KS2', 'KS3', 'KS4', 'KS5']),
  /** Shows the symbol-led views for this child (SEND support). */
  visualSupport: z.boolean(),
});
