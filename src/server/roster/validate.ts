// A table → pupils with their carers, one per line, and every problem with its line. A
// line with an error is reported and left out of the plan; any error stops the commit.
import {
  maxCarersPerRow,
  type RosterField,
  type RosterProblem,
  type RosterProblemCode,
} from '../../shared/roster.ts';
import type { ColumnMap } from './columns.ts';
import type { Table } from './parse.ts';
import {
  clean,
  fold,
  keyStageOfYear,
  normaliseKeyStage,
  normaliseLanguage,
  normalisePhone,
  normaliseYearGroup,
  normaliseYesNo,
  type KeyStage,
} from './values.ts';

export type CarerIn = { name: string; phone: string; language: string | null; line: number };
export type PupilIn = {
  line: number;
  misId: string | null;
  fullName: string;
  displayName: string;
  className: string;
  yearGroup: string | null;
  keyStage: KeyStage;
  /** null: the file has no such column, so an existing pupil keeps what staff set. */
  visualSupport: boolean | null;
  carers: CarerIn[];
};

export function problem(
  line: number | null,
  field: RosterField | null,
  code: RosterProblemCode,
  message: string,
  params: Record<string, string | number> = {},
): RosterProblem {
  return { line, field, code, message, params };
}

const limits = { name: 120, className: 60, misId: 40 };

/** A pupil's name as "Forename Surname" and the name families see (preferred, else forename). */
function names(cells: (f: RosterField) => string) {
  let forename = cells('forename');
  let surname = cells('surname');
  const full = cells('fullName');
  if (!forename && full) {
    // "Surname, Forename" is how SIMS and Arbor write a pupil's name.
    const comma = full.indexOf(',');
    if (comma > 0) {
      surname = clean(full.slice(0, comma));
      forename = clean(full.slice(comma + 1));
    } else {
      forename = full.split(' ')[0] ?? '';
    }
  }
  const fullName =
    full && full.indexOf(',') < 0 ? full : [forename, surname].filter(Boolean).join(' ');
  const displayName = cells('preferredName') || forename;
  return { fullName, displayName };
}

export function validateRows(
  table: Table,
  columns: ColumnMap,
): { pupils: PupilIn[]; errors: RosterProblem[]; warnings: RosterProblem[] } {
  const errors: RosterProblem[] = [];
  const warnings: RosterProblem[] = [];
  const pupils: PupilIn[] = [];
  const width = table.headings.length;
  const malformed = new Set(table.malformed);

  for (const { line, cells: raw } of table.records) {
    const before = errors.length;
    const cells = (f: RosterField) => {
      const i = columns.index[f];
      return i === undefined ? '' : clean(raw[i]);
    };
    const fail = (
      field: RosterField | null,
      code: RosterProblemCode,
      msg: string,
      params: Record<string, string | number> = {},
    ) => errors.push(problem(line, field, code, `Line ${line}: ${msg}`, { line, ...params }));
    const warn = (
      field: RosterField | null,
      code: RosterProblemCode,
      msg: string,
      params: Record<string, string | number> = {},
    ) => warnings.push(problem(line, field, code, `Line ${line}: ${msg}`, { line, ...params }));

    if (malformed.has(line)) {
      fail(null, 'malformed', 'a quote is opened and never closed.');
      continue;
    }
    if (raw.slice(width).some((c) => c.trim() !== '')) {
      fail(
        null,
        'extra_cells',
        `${raw.length} cells but ${width} headings (is there a comma in a name without quotes around it?).`,
        { cells: raw.length, headings: width },
      );
      continue;
    }

    const { fullName, displayName } = names(cells);
    if (!fullName || !displayName) fail('fullName', 'missing_value', 'the pupil has no name.');
    else if (fullName.length > limits.name)
      fail('fullName', 'too_long', `the name is longer than ${limits.name} characters.`, {
        max: limits.name,
      });
    const className = cells('className');
    if (!className) fail('className', 'missing_value', 'the pupil has no class.');
    else if (className.length > limits.className)
      fail(
        'className',
        'too_long',
        `the class name is longer than ${limits.className} characters.`,
        { max: limits.className },
      );
    const misId = cells('misId') || null;
    if (misId && misId.length > limits.misId)
      fail('misId', 'too_long', `the MIS id is longer than ${limits.misId} characters.`, {
        max: limits.misId,
      });

    const yearCell = cells('yearGroup');
    const yearGroup = yearCell ? normaliseYearGroup(yearCell) : null;
    if (yearCell && !yearGroup)
      fail(
        'yearGroup',
        'invalid_year_group',
        `"${yearCell}" is not a year group (Reception, Year 1 … Year 13).`,
        { value: yearCell },
      );
    const stageCell = cells('keyStage');
    let keyStage = stageCell ? normaliseKeyStage(stageCell) : null;
    if (stageCell && !keyStage)
      fail(
        'keyStage',
        'invalid_key_stage',
        `"${stageCell}" is not a key stage (EYFS, KS1 … KS5).`,
        { value: stageCell },
      );
    if (keyStage && yearGroup && keyStageOfYear(yearGroup) !== keyStage) {
      warn(
        'keyStage',
        'key_stage_differs',
        `year ${yearGroup} is usually ${keyStageOfYear(yearGroup)}, the file says ${keyStage}; ${keyStage} is kept.`,
        { year: yearGroup, expected: keyStageOfYear(yearGroup), given: keyStage },
      );
    }
    if (!keyStage && yearGroup) keyStage = keyStageOfYear(yearGroup);
    if (!keyStage && !stageCell && !yearCell)
      fail('yearGroup', 'missing_value', 'the pupil has no year group or key stage.');

    let visualSupport: boolean | null = null;
    if (columns.index.visualSupport !== undefined) {
      const cell = cells('visualSupport');
      visualSupport = normaliseYesNo(cell);
      if (visualSupport === null)
        fail('visualSupport', 'invalid_visual_support', `"${cell}" is not yes or no.`, {
          value: cell,
        });
    }

    const rowLanguage = cells('homeLanguage');
    const carers: CarerIn[] = [];
    for (let n = 1; n <= maxCarersPerRow; n++) {
      const nameField = `carer${n}Name` as RosterField;
      const phoneField = `carer${n}Phone` as RosterField;
      const langField = `carer${n}Language` as RosterField;
      const name = cells(nameField);
      const phoneCell = cells(phoneField);
      if (!phoneCell) {
        if (name)
          fail(phoneField, 'carer_without_phone', `carer ${n} (${name}) has no phone number.`, {
            carer: n,
          });
        continue;
      }
      const phone = normalisePhone(phoneCell);
      if (!phone.ok) {
        if (phone.asNumber)
          fail(
            phoneField,
            'phone_as_number',
            `carer ${n}'s phone "${phoneCell}" was turned into a number by a spreadsheet: format the column as text and export again.`,
            { carer: n, value: phoneCell },
          );
        else
          fail(
            phoneField,
            'invalid_phone',
            `carer ${n}'s phone "${phoneCell}" is not a phone number.`,
            { carer: n, value: phoneCell },
          );
        continue;
      }
      if (carers.some((c) => c.phone === phone.phone)) {
        fail(
          phoneField,
          'duplicate_carer',
          `carer ${n} has the same phone as another carer on this line.`,
          { carer: n },
        );
        continue;
      }
      if (name.length > limits.name) {
        fail(nameField, 'too_long', `carer ${n}'s name is longer than ${limits.name} characters.`, {
          carer: n,
          max: limits.name,
        });
        continue;
      }
      const langCell = cells(langField) || rowLanguage;
      const lang = normaliseLanguage(langCell);
      if (!lang.known) {
        warn(
          columns.index[langField] !== undefined ? langField : 'homeLanguage',
          'unknown_language',
          `"${langCell}" is not a language Homeward knows; carer ${n}'s letter will be in English.`,
          { carer: n, value: langCell },
        );
      }
      carers.push({ name, phone: phone.phone, language: lang.known ? lang.code : null, line });
    }
    if (errors.length > before || !keyStage) continue;
    if (carers.length === 0)
      warn(
        null,
        'no_carer',
        `${displayName} has no carer with a phone number: no family, no join letter.`,
        { pupil: displayName },
      );
    pupils.push({
      line,
      misId,
      fullName,
      displayName,
      className,
      yearGroup,
      keyStage,
      visualSupport,
      carers,
    });
  }
  return { pupils, errors, warnings };
}

/** The pupil's key when the file has no MIS id: name, class and year group. */
export function pupilKey(fullName: string, className: string, yearGroup: string | null): string {
  return `${fold(fullName)}\u0000${fold(className)}\u0000${yearGroup ?? ''}`;
}
