// The roster import's report: what a school's CSV (an export of its management system)
// would create, update or leave unchanged, and every problem with its line. The server's
// preview and commit answer with it; the workspace shows it as the preview table.
import { z } from 'zod';
import { id } from './primitives.ts';

/** What a column of the file was understood as (src/server/roster/columns.ts). */
export const rosterFields = [
  'misId',
  'fullName',
  'forename',
  'surname',
  'preferredName',
  'className',
  'yearGroup',
  'keyStage',
  'visualSupport',
  'homeLanguage',
  'carer1Name',
  'carer1Phone',
  'carer1Language',
  'carer2Name',
  'carer2Phone',
  'carer2Language',
  'carer3Name',
  'carer3Phone',
  'carer3Language',
  'carer4Name',
  'carer4Phone',
  'carer4Language',
] as const;
export type RosterField = (typeof rosterFields)[number];
export const maxCarersPerRow = 4;

/** Problems that stop the import (errors) or that it works around (warnings). */
export const rosterProblemCodes = [
  // the file as a whole (line null)
  'too_large', // more bytes than the import takes
  'too_many_rows',
  'not_text', // binary: not a CSV at all
  'spreadsheet_file', // an .xlsx/.xls/.ods workbook: save it as CSV first
  'empty', // no heading line, or no pupils
  'no_headings', // the first line names none of the columns the import knows
  'missing_columns', // a column the import needs is not there
  'duplicate_columns', // two columns mean the same thing
  'no_carer_columns', // warning: no carers, so no families will be made
  // one line
  'malformed', // unbalanced quotes
  'extra_cells', // more cells than headings (often a comma in an unquoted name)
  'missing_value', // a required cell is empty
  'too_long',
  'invalid_year_group',
  'invalid_key_stage',
  'invalid_visual_support',
  'invalid_phone',
  'phone_as_number', // a spreadsheet turned the phone into 7.7009E+09
  'carer_without_phone', // a carer's name with no phone to tell them apart by
  'duplicate_pupil', // the same pupil twice in the file
  'duplicate_carer', // the same phone twice on one line
  // warnings
  'unknown_language', // kept as "not known": letters go in English
  'key_stage_differs', // the key stage given is not the year group's usual one
  'carer_name_differs', // one phone, two names: the first is kept
  'carer_language_differs', // one phone, two languages: the first is kept
  'no_carer', // a pupil without any carer: no family, no join letter
] as const;
export type RosterProblemCode = (typeof rosterProblemCodes)[number];

export const rosterProblemSchema = z.object({
  /** The line in the file as a spreadsheet numbers its rows (headings are line 1); null: the whole file. */
  line: z.number().int().min(1).nullable(),
  field: z.enum(rosterFields).nullable(),
  code: z.enum(rosterProblemCodes),
  /** English, for logs and the API; the workspace translates by `code` and `params`. */
  message: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type RosterProblem = z.infer<typeof rosterProblemSchema>;

export const rosterActions = ['create', 'update', 'unchanged'] as const;
export type RosterAction = (typeof rosterActions)[number];

export const rosterRowSchema = z.object({
  line: z.number().int().min(2),
  pupil: z.string(),
  className: z.string(),
  action: z.enum(rosterActions),
  /** What changes for an existing pupil (`class`, `displayName`, `carers`, …). */
  changes: z.array(z.string()),
  carers: z.array(z.object({ name: z.string(), phone: z.string(), action: z.enum(rosterActions) })),
});
export type RosterRow = z.infer<typeof rosterRowSchema>;

const counts = z.object({
  create: z.number().int(),
  update: z.number().int(),
  unchanged: z.number().int(),
});

export const rosterReportSchema = z.object({
  /** What the file was read as. */
  encoding: z.enum(['utf-8', 'windows-1252', 'utf-16le', 'utf-16be']).nullable(),
  delimiter: z.string().nullable(),
  /** Lines with a pupil on them (not the headings, not blank lines). */
  rowCount: z.number().int(),
  columns: z.object({
    used: z.array(z.object({ heading: z.string(), field: z.enum(rosterFields) })),
    /** Headings the import does not use: ignored, never stored. */
    ignored: z.array(z.string()),
  }),
  errors: z.array(rosterProblemSchema),
  warnings: z.array(rosterProblemSchema),
  classes: z.object({ create: z.array(z.string()), existing: z.number().int() }),
  pupils: counts.extend({
    /** Pupils Homeward has that the file does not name: left as they are. */
    notInFile: z.number().int(),
  }),
  families: counts,
  links: z.object({ add: z.number().int(), remove: z.number().int() }),
  rows: z.array(rosterRowSchema),
  /** Names this exact plan against this exact roster: a commit must send it back. */
  fingerprint: z.string(),
  /** Nothing would change: committing it is a no-op. */
  noChanges: z.boolean(),
});
export type RosterReport = z.infer<typeof rosterReportSchema>;

export const rosterCommitQuerySchema = z.object({
  /** The preview's fingerprint: the commit is refused (409) if the plan is no longer it. */
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
});
export const rosterCommitResponseSchema = z.object({
  report: rosterReportSchema,
  /** Ids made for new classes, pupils and families (for the workspace's next screen). */
  created: z.object({
    classes: z.array(id),
    pupils: z.array(id),
    families: z.array(id),
  }),
});
export type RosterCommitResponse = z.infer<typeof rosterCommitResponseSchema>;
