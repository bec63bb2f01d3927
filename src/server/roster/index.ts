// The roster import as one pure step: a file's bytes and the school's roster as stored →
// the report staff see and the plan a commit applies (db/roster.ts). Nothing here writes.
import type { RosterField, RosterProblem, RosterReport } from '../../shared/roster.ts';
import { mapColumns, type ColumnMap } from './columns.ts';
import { decodeCsv, type Encoding } from './decode.ts';
import { parseTable } from './parse.ts';
import { planRoster, type ExistingRoster, type Plan } from './plan.ts';
import { problem, validateRows } from './validate.ts';

export type { ExistingRoster, Plan } from './plan.ts';

export type RosterLimits = { maxBytes: number; maxRows: number };
/**
 * The largest schools have about 3,000 pupils; a trust imports one school at a time. The
 * caps keep a wrong file (a whole trust, a log) from holding the server for minutes.
 */
export const defaultRosterLimits: RosterLimits = { maxBytes: 5 * 1024 * 1024, maxRows: 20_000 };

export type RosterPreview = { report: RosterReport; plan: Plan | null };

const emptyReport = (errors: RosterProblem[], extra: Partial<RosterReport> = {}): RosterReport => ({
  encoding: null,
  delimiter: null,
  rowCount: 0,
  columns: { used: [], ignored: [] },
  errors,
  warnings: [],
  classes: { create: [], existing: 0 },
  pupils: { create: 0, update: 0, unchanged: 0, notInFile: 0 },
  families: { create: 0, update: 0, unchanged: 0 },
  links: { add: 0, remove: 0 },
  rows: [],
  fingerprint: '',
  noChanges: true,
  ...extra,
});

const fileError = (code: RosterProblem['code'], message: string, params = {}) =>
  problem(null, null, code, message, params);

function columnErrors(columns: ColumnMap): RosterProblem[] {
  const errors: RosterProblem[] = [];
  const has = (f: keyof ColumnMap['index']) => columns.index[f] !== undefined;
  for (const d of columns.duplicates) {
    errors.push(
      fileError(
        'duplicate_columns',
        `These columns mean the same thing; keep one: ${d.headings.join(', ')}.`,
        { headings: d.headings.join(', '), field: d.field },
      ),
    );
  }
  const missing: string[] = [];
  if (!has('fullName') && !has('forename')) missing.push('Pupil name (or Forename)');
  if (!has('className')) missing.push('Class');
  if (!has('yearGroup') && !has('keyStage')) missing.push('Year group (or Key stage)');
  for (let n = 1; n <= 4; n++) {
    const field = (part: string) => `carer${n}${part}` as RosterField;
    if ((has(field('Name')) || has(field('Language'))) && !has(field('Phone'))) {
      missing.push(`Carer ${n} phone`);
    }
  }
  if (missing.length > 0) {
    errors.push(
      fileError('missing_columns', `The file has no column for: ${missing.join('; ')}.`, {
        columns: missing.join('; '),
      }),
    );
  }
  return errors;
}

export function previewRoster(
  bytes: Uint8Array,
  existing: ExistingRoster,
  limits: RosterLimits = defaultRosterLimits,
): RosterPreview {
  if (bytes.length > limits.maxBytes) {
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    return {
      report: emptyReport([
        fileError(
          'too_large',
          `The file is ${mb(bytes.length)}; the import takes at most ${mb(limits.maxBytes)} (one school at a time).`,
          { bytes: bytes.length, max: limits.maxBytes },
        ),
      ]),
      plan: null,
    };
  }
  const decoded = decodeCsv(bytes);
  if (!decoded.ok) {
    return {
      report: emptyReport([
        decoded.reason === 'spreadsheet_file'
          ? fileError(
              'spreadsheet_file',
              'This is a spreadsheet workbook, not a CSV file: save it as "CSV UTF-8" and choose that file.',
            )
          : fileError(
              'not_text',
              `This is not a CSV file (it looks like ${decoded.kind === 'binary' ? 'a binary file' : `a ${decoded.kind}`}).`,
              { kind: decoded.kind },
            ),
      ]),
      plan: null,
    };
  }
  const encoding: Encoding = decoded.encoding;
  const table = parseTable(decoded.text);
  if (!table) {
    return {
      report: emptyReport([fileError('empty', 'The file is empty.')], { encoding }),
      plan: null,
    };
  }
  const base = { encoding, delimiter: table.delimiter, rowCount: table.records.length };
  if (table.records.length > limits.maxRows) {
    return {
      report: emptyReport(
        [
          fileError(
            'too_many_rows',
            `The file has ${table.records.length.toLocaleString('en-GB')} pupils; the import takes at most ${limits.maxRows.toLocaleString('en-GB')} (one school at a time).`,
            { rows: table.records.length, max: limits.maxRows },
          ),
        ],
        base,
      ),
      plan: null,
    };
  }
  const columns = mapColumns(table.headings);
  const columnsReport = { used: columns.used, ignored: columns.ignored };
  if (columns.used.length === 0) {
    return {
      report: emptyReport(
        [
          fileError(
            'no_headings',
            'The first line should be column headings such as Pupil name, Class, Year group, Carer 1 name, Carer 1 phone.',
          ),
        ],
        { ...base, columns: columnsReport },
      ),
      plan: null,
    };
  }
  const fileErrors = columnErrors(columns);
  if (fileErrors.length > 0) {
    return { report: emptyReport(fileErrors, { ...base, columns: columnsReport }), plan: null };
  }
  if (table.records.length === 0) {
    return {
      report: emptyReport([fileError('empty', 'The file has headings but no pupils.')], {
        ...base,
        columns: columnsReport,
      }),
      plan: null,
    };
  }
  const fileWarnings: RosterProblem[] = [];
  if (!columns.used.some((u) => u.field.endsWith('Phone'))) {
    fileWarnings.push(
      fileError(
        'no_carer_columns',
        'The file has no carers’ phone numbers: pupils only, no families and no join letters.',
      ),
    );
  }
  const valid = validateRows(table, columns);
  const summary = planRoster(valid.pupils, existing);
  const errors = [...valid.errors, ...summary.errors].toSorted(
    (a, b) => (a.line ?? 0) - (b.line ?? 0),
  );
  const warnings = [...fileWarnings, ...valid.warnings, ...summary.warnings].toSorted(
    (a, b) => (a.line ?? 0) - (b.line ?? 0),
  );
  return {
    report: {
      ...base,
      columns: columnsReport,
      errors,
      warnings,
      classes: summary.classes,
      pupils: summary.pupils,
      families: summary.families,
      links: summary.links,
      rows: summary.rows,
      fingerprint: summary.fingerprint,
      noChanges: summary.noChanges,
    },
    plan: errors.length > 0 ? null : summary.plan,
  };
}
