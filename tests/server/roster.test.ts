// The roster import (src/server/roster, db/roster.ts) against the real database: every
// encoding spreadsheets write, bad rows and bad files, re-import and update, limits, and
// what reaches families' phones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncResponseSchema, type SyncChange } from '../../src/shared/api.ts';
import { commitRosterFile, previewRosterFile } from '../../src/server/db/roster.ts';
import { newJoinCode } from '../../src/server/lib/crypto.ts';
import { HttpError } from '../../src/server/lib/http-error.ts';
import { bearer, join_, startApp, type TestApp } from './helpers.ts';
import { bigClass, encode, headings, rosterCsv, sample } from './roster-fixtures.ts';
import { secondSchool } from './second-school.ts';

let t: TestApp;
let schoolId: string;
beforeAll(async () => {
  t = await startApp();
  schoolId = (await t.app.db.selectFrom('schools').select('id').executeTakeFirstOrThrow()).id;
});
afterAll(() => t.close());

const now = () => t.app.now();
const preview = (csv: string | Buffer, school = schoolId) =>
  previewRosterFile(t.app.db, school, typeof csv === 'string' ? Buffer.from(csv) : csv);
async function importFile(csv: string | Buffer, school = schoolId) {
  const bytes = typeof csv === 'string' ? Buffer.from(csv) : csv;
  const { report } = await previewRosterFile(t.app.db, school, bytes);
  expect(report.errors).toEqual([]);
  return commitRosterFile(t.app.db, school, bytes, report.fingerprint, now());
}

/** Row counts of every table an import touches, and the change log's length. */
async function tableCounts() {
  const count = async (table: 'classes' | 'pupils' | 'families' | 'family_pupils' | 'changes') =>
    Number(
      (
        await t.app.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    classes: await count('classes'),
    pupils: await count('pupils'),
    families: await count('families'),
    links: await count('family_pupils'),
    changes: await count('changes'),
  };
}

async function expectRefused(csv: string | Buffer, fingerprint = '0'.repeat(64)) {
  const before = await tableCounts();
  const bytes = typeof csv === 'string' ? Buffer.from(csv) : csv;
  const err = await commitRosterFile(t.app.db, schoolId, bytes, fingerprint, now()).catch(
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(HttpError);
  expect(await tableCounts()).toEqual(before);
  return err as HttpError;
}

async function familiesByPhone(school = schoolId) {
  const rows = await t.app.db
    .selectFrom('families')
    .select(['id', 'name', 'phone', 'home_language', 'scope_version'])
    .where('school_id', '=', school)
    .where('phone', 'is not', null)
    .execute();
  return new Map(rows.map((r) => [r.phone, r]));
}

async function pupilByMis(misId: string) {
  return t.app.db
    .selectFrom('pupils')
    .innerJoin('classes', 'classes.id', 'pupils.class_id')
    .select([
      'pupils.id',
      'pupils.display_name',
      'pupils.full_name',
      'pupils.key_stage',
      'pupils.year_group',
      'classes.name as class_name',
      'pupils.class_id',
    ])
    .where('pupils.mis_id', '=', misId)
    .execute();
}

describe('roster import: reading the file', () => {
  const text = rosterCsv(sample);
  it.each(['utf-8', 'utf-8-bom', 'windows-1252', 'utf-16le', 'utf-16be'] as const)(
    'reads a file saved as %s, accents and all',
    async (encoding) => {
      const { report } = await preview(encode(text, encoding));
      expect(report.errors).toEqual([]);
      expect(report.encoding).toBe(encoding === 'utf-8-bom' ? 'utf-8' : encoding);
      expect(report.rows.map((r) => r.pupil)).toEqual([
        'Zoë Brontë',
        "Amelia O'Neill",
        'Leo Brontë',
      ]);
      expect(report.rows[1]?.carers[0]?.name).toBe('Róisín O’Neill');
      expect(report.columns.used[0]).toEqual({ heading: 'UPN', field: 'misId' });
      expect(report.pupils).toMatchObject({ create: 3, update: 0, unchanged: 0 });
      expect(report.classes.create).toEqual(['Year 3 Birch', 'Reception Acorn']);
      expect(report.families).toEqual({ create: 3, update: 0, unchanged: 0 });
    },
  );

  it('reads Excel’s “Unicode text” (UTF-16, tab-separated) and semicolon CSV', async () => {
    const tabbed = text.replaceAll(',', '\t');
    const a = await preview(encode(tabbed, 'utf-16le'));
    expect(a.report.errors).toEqual([]);
    expect(a.report.delimiter).toBe('\t');
    expect(a.report.rowCount).toBe(3);
    const b = await preview(text.replaceAll(',', ';'));
    expect(b.report.delimiter).toBe(';');
    expect(b.report.rows[0]?.pupil).toBe('Zoë Brontë');
  });

  it('reads UTF-16 without a byte-order mark and Windows-1252 without being told', async () => {
    const le = encode(text, 'utf-16le').subarray(2);
    expect((await preview(le)).report.encoding).toBe('utf-16le');
    const latin = encode('Forename,Class,Year\r\nJosé,Year 2 Elm,2\r\n', 'windows-1252');
    const { report } = await preview(latin);
    expect(report.encoding).toBe('windows-1252');
    expect(report.rows[0]?.pupil).toBe('José');
  });

  it('matches headings leniently and lists the columns it does not use', async () => {
    const csv = [
      'Legal Forename,LEGAL SURNAME,registration group,NC Year,Date of birth,Parent 1 – Name,Parent1Telephone,First Language',
      'Ava,Lee,Year 6 Yew,6,2015-03-02,Mei Lee,07700 900111,Chinese',
    ].join('\n');
    const { report } = await preview(csv);
    expect(report.errors).toEqual([]);
    expect(report.columns.ignored).toEqual(['Date of birth']);
    expect(report.columns.used.map((u) => u.field)).toEqual([
      'forename',
      'surname',
      'className',
      'yearGroup',
      'carer1Name',
      'carer1Phone',
      'homeLanguage',
    ]);
    expect(report.rows[0]).toMatchObject({ pupil: 'Ava Lee', className: 'Year 6 Yew' });
  });

  it('numbers lines as a spreadsheet does, past blank lines and a cell with a line break', async () => {
    const csv = [
      'Pupil name,Class,Year,Carer 1 name,Carer 1 phone',
      'Ann Able,Year 1 Elm,1,"Ms A\nAble",07700 900201',
      '',
      'Ben Bold,Year 1 Elm,Year 9 and a half,Mr Bold,07700 900202',
    ].join('\r\n');
    const { report } = await preview(csv);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatchObject({
      line: 4,
      field: 'yearGroup',
      code: 'invalid_year_group',
    });
  });
});

describe('roster import: bad files', () => {
  it.each([
    [
      'an Excel workbook',
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0, 8, 0]),
      'spreadsheet_file',
    ],
    [
      'an old .xls workbook',
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
      'spreadsheet_file',
    ],
    ['a PDF', Buffer.from('%PDF-1.7\n%\xe2\xe3\n1 0 obj'), 'not_text'],
    ['a PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'not_text'],
    ['binary noise', Buffer.from([1, 2, 3, 0x41, 0x2c, 0x42, 0, 0x0a, 7, 8]), 'not_text'],
    ['JSON', Buffer.from('{"pupils":[{"name":"Ann"}]}'), 'no_headings'],
    ['an empty file', Buffer.alloc(0), 'empty'],
    ['headings only', Buffer.from('Pupil name,Class,Year\r\n'), 'empty'],
  ])('refuses %s with a clear report and writes nothing', async (_what, bytes, code) => {
    const { report, plan } = await preview(bytes);
    expect(plan).toBeNull();
    expect(report.errors.map((e) => e.code)).toEqual([code]);
    expect(report.errors[0]?.line).toBeNull();
    const err = await expectRefused(bytes);
    expect(err.statusCode).toBe(422);
    expect(err.code).toBe('roster_invalid');
  });

  it('names the columns that are missing, and columns that say the same thing twice', async () => {
    const missing = await preview('Pupil name,Year,Carer 1 name\r\nAnn,1,Mum\r\n');
    expect(missing.report.errors).toHaveLength(1);
    expect(missing.report.errors[0]).toMatchObject({ code: 'missing_columns', line: null });
    expect(missing.report.errors[0]?.message).toContain('Class');
    expect(missing.report.errors[0]?.message).toContain('Carer 1 phone');
    const twice = await preview('Pupil name,Class,Reg group,Year\r\nAnn,Elm,Elm,1\r\n');
    expect(twice.report.errors[0]).toMatchObject({ code: 'duplicate_columns' });
    expect(twice.report.errors[0]?.params.headings).toBe('Class, Reg group');
    await expectRefused('Pupil name,Year,Carer 1 name\r\nAnn,1,Mum\r\n');
  });

  it('refuses 100,000 rows, and a file over the size cap, without reading them into the roster', async () => {
    const lines = ['Pupil name,Class,Year'];
    for (let i = 0; i < 100_000; i++) lines.push(`P${i},C,1`);
    const big = lines.join('\n');
    const started = performance.now();
    const { report } = await preview(big);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatchObject({
      code: 'too_many_rows',
      params: { rows: 100_000, max: 20_000 },
    });
    expect(report.errors[0]?.message).toContain('100,000');
    await expectRefused(big);
    const huge = Buffer.alloc(6 * 1024 * 1024, 'Pupil name,Class,Year\n');
    const size = await preview(huge);
    expect(size.report.errors[0]?.code).toBe('too_large');
    await expectRefused(huge);
  });
});

describe('roster import: bad rows', () => {
  const csv = [
    'UPN,Forename,Surname,Class,Year,Carer 1 name,Carer 1 phone,Carer 1 language,Carer 2 name,Carer 2 phone',
    'U1,Ann,Able,Year 1 Elm,1,Mum Able,07700 900301,Polish,,',
    'U2,Ben,Bold,,1,Mr Bold,07700 900302,,,',
    'U3,Cat,Cole,Year 1 Elm,Year 15,Ms Cole,07700 900303,,,',
    'U4,Dan,Dee,Year 1 Elm,1,Mr Dee,7.7009E+09,,,',
    'U5,Eve,Eden,Year 1 Elm,1,Ms Eden,call me,,,',
    'U6,Fay,Fox,Year 1 Elm,1,Mrs Fox,07700 900306,,Mr Fox,',
    'U1,Ann,Able,Year 1 Elm,1,Mum Able,07700 900301,Polish,,',
    'U8,Gus,Gray,Year 1 Elm,1,Ms Gray,07700 900308,,,,Extra, stuff',
    'U9,,,Year 1 Elm,1,,,,,',
    'U10,Hal,Hart,Year 1 Elm,1,Ms Hart,07700 900310,Klingon,,',
  ].join('\r\n');

  it('reports every bad row with its line and field, and commits nothing', async () => {
    const { report, plan } = await preview(csv);
    expect(plan).toBeNull();
    expect(report.errors.map((e) => [e.line, e.field, e.code])).toEqual([
      [3, 'className', 'missing_value'],
      [4, 'yearGroup', 'invalid_year_group'],
      [5, 'carer1Phone', 'phone_as_number'],
      [6, 'carer1Phone', 'invalid_phone'],
      [7, 'carer2Phone', 'carer_without_phone'],
      [8, 'misId', 'duplicate_pupil'],
      [9, null, 'extra_cells'],
      [10, 'fullName', 'missing_value'],
    ]);
    expect(report.errors[5]?.message).toBe('Line 8: the same pupil as on line 2 (MIS id U1).');
    expect(report.warnings.map((w) => [w.line, w.code])).toEqual([[11, 'unknown_language']]);
    // The good lines are still shown, so the preview says what the fixed file would do.
    expect(report.rows.map((r) => r.line)).toEqual([2, 11]);
    const err = await expectRefused(csv, report.fingerprint);
    expect(err.code).toBe('roster_invalid');
    expect((err.details as { report: { errors: unknown[] } }).report.errors).toHaveLength(8);
  });
});

describe('roster import: commit, re-import, update', () => {
  it('creates classes, pupils and one family per carer phone; a child may live in two households', async () => {
    const res = await importFile(rosterCsv(sample));
    expect(res.created.classes).toHaveLength(2);
    expect(res.created.pupils).toHaveLength(3);
    expect(res.created.families).toHaveLength(3);
    const families = await familiesByPhone();
    expect(families.get('+447700900001')).toMatchObject({
      name: 'Siân Brontë',
      home_language: 'en',
    });
    expect(families.get('+447700900002')).toMatchObject({
      name: 'José Brontë',
      home_language: 'es',
    });
    const [zoe] = await pupilByMis('K801200001001');
    expect(zoe).toMatchObject({
      display_name: 'Zoë',
      full_name: 'Zoë Brontë',
      key_stage: 'KS2',
      year_group: '3',
      class_name: 'Year 3 Birch',
    });
    const [leo] = await pupilByMis('K801200001003');
    expect(leo).toMatchObject({ key_stage: 'EYFS', year_group: 'R' });
    const links = await t.app.db
      .selectFrom('family_pupils')
      .select(['family_id', 'pupil_id'])
      .where('pupil_id', 'in', [zoe!.id, leo!.id])
      .execute();
    const homesOf = (id: string) =>
      links
        .filter((l) => l.pupil_id === id)
        .map((l) => l.family_id)
        .toSorted();
    const twoHomes = [
      families.get('+447700900001')!.id,
      families.get('+447700900002')!.id,
    ].toSorted();
    expect(homesOf(zoe!.id)).toEqual(twoHomes);
    expect(homesOf(leo!.id)).toEqual(twoHomes);
    // The demo's families (made by hand, no phone) are untouched.
    const khan = await t.app.db
      .selectFrom('families')
      .select('id')
      .where('name', '=', 'Khan family')
      .execute();
    expect(khan).toHaveLength(1);
  });

  it('changes nothing when the same file comes again, in another encoding too', async () => {
    const before = await tableCounts();
    for (const enc of ['utf-8', 'utf-16le', 'windows-1252'] as const) {
      const { report } = await preview(encode(rosterCsv(sample), enc));
      expect(report.noChanges).toBe(true);
      expect(report.pupils).toMatchObject({ create: 0, update: 0, unchanged: 3 });
      expect(report.families).toEqual({ create: 0, update: 0, unchanged: 3 });
      expect(report.rows.every((r) => r.action === 'unchanged')).toBe(true);
      await commitRosterFile(
        t.app.db,
        schoolId,
        encode(rosterCsv(sample), enc),
        report.fingerprint,
        now(),
      );
    }
    expect(await tableCounts()).toEqual(before);
  });

  it('updates a changed file in place: a class move, a new name, a carer replaced, never a duplicate', async () => {
    const [amelia] = await pupilByMis('K801200001002');
    const oldClass = amelia!.class_id;
    const siân = (await familiesByPhone()).get('+447700900001')!;
    const changed = structuredClone(sample);
    changed[1]!.className = 'Year 3 Rowan';
    changed[1]!.carers = [{ name: 'Róisín O’Neill', phone: '07700900003', language: 'Polish' }];
    changed[0]!.forename = 'Zoe';
    changed[2]!.carers = [{ name: 'Siân Brontë', phone: '07700 900001', language: 'ENG' }];
    const before = await tableCounts();
    const seqBefore = await maxSeq();
    const { report } = await preview(rosterCsv(changed));
    expect(report.pupils).toMatchObject({ create: 0, update: 3, unchanged: 0 });
    expect(report.classes.create).toEqual(['Year 3 Rowan']);
    expect(report.links).toEqual({ add: 0, remove: 1 });
    expect(report.rows.map((r) => r.changes)).toEqual([
      ['displayName', 'fullName'],
      ['class'],
      ['carers'],
    ]);
    expect(report.families).toEqual({ create: 0, update: 1, unchanged: 2 });
    await commitRosterFile(
      t.app.db,
      schoolId,
      Buffer.from(rosterCsv(changed)),
      report.fingerprint,
      now(),
    );

    const after = await tableCounts();
    expect(after.pupils).toBe(before.pupils);
    expect(after.families).toBe(before.families);
    expect(after.classes).toBe(before.classes + 1);
    expect(after.links).toBe(before.links - 1);
    const moved = await pupilByMis('K801200001002');
    expect(moved).toHaveLength(1);
    expect(moved[0]!.class_name).toBe('Year 3 Rowan');
    expect((await familiesByPhone()).get('+447700900003')?.home_language).toBe('pl');
    // Leo left José's household; Siân's keeps him, and her phones sync afresh.
    expect((await familiesByPhone()).get('+447700900002')!.scope_version).toBe(2);
    expect((await familiesByPhone()).get('+447700900001')!.scope_version).toBe(siân.scope_version);
    // The move is in the change log for the old class, the new class and the child.
    const logged = await t.app.db
      .selectFrom('changes')
      .select(['scope_type', 'scope_id', 'entity'])
      .where('seq', '>', seqBefore)
      .where('entity_id', '=', amelia!.id)
      .execute();
    expect(logged.map((l) => l.scope_id).toSorted()).toEqual(
      [amelia!.id, oldClass, moved[0]!.class_id].toSorted(),
    );
  });

  it('matches pupils by name, class and year group when the file has no MIS id', async () => {
    const csv =
      'Pupil name,Class,Key stage\r\nNia Jones,Year 2 Elm,KS1\r\nOmar Ali,Year 2 Elm,KS1\r\n';
    await importFile(csv);
    const again = await preview(csv.replace('KS1\r\nOmar', 'Key Stage 1\r\nOmar'));
    expect(again.report.noChanges).toBe(true);
    const twice = await preview(`${csv}Nia Jones,year 2 elm,ks1\r\n`);
    expect(twice.report.errors.map((e) => [e.line, e.code])).toEqual([[4, 'duplicate_pupil']]);
  });

  it('adopts a pupil made without an MIS id when a later file has one', async () => {
    const before = await tableCounts();
    const csv = 'UPN,Pupil name,Class,Key stage\r\nX77,Nia Jones,Year 2 Elm,KS1\r\n';
    const { report } = await preview(csv);
    expect(report.rows[0]).toMatchObject({ action: 'update', changes: ['misId'] });
    await importFile(csv);
    expect((await tableCounts()).pupils).toBe(before.pupils);
  });

  it('refuses a commit whose roster changed since the preview (409), and applies nothing', async () => {
    const csv =
      'UPN,Pupil name,Class,Year,Carer 1 name,Carer 1 phone\r\nQ1,Pia Quill,Year 4 Elm,4,Mr Quill,07700 900401\r\n';
    const { report } = await preview(csv);
    await importFile('UPN,Pupil name,Class,Year\r\nQ2,Ray Quill,Year 4 Elm,4\r\n');
    const err = await expectRefused(csv, report.fingerprint);
    expect(err.statusCode).toBe(409);
    expect(err.code).toBe('roster_changed');
  });

  it('keeps each school’s roster its own, even with the same phones', async () => {
    const elm = await secondSchool(t, 'Elmtree');
    await importFile(rosterCsv(sample), elm.schoolId);
    const ours = await familiesByPhone();
    const theirs = await familiesByPhone(elm.schoolId);
    expect(theirs.size).toBe(3);
    expect(theirs.get('+447700900001')!.id).not.toBe(ours.get('+447700900001')!.id);
    expect((await pupilByMis('K801200001001')).map((p) => p.class_name).toSorted()).toEqual([
      'Year 3 Birch',
      'Year 3 Birch',
    ]);
  });
});

async function maxSeq(): Promise<number> {
  const row = await t.app.db
    .selectFrom('changes')
    .select((eb) => eb.fn.max('seq').as('m'))
    .executeTakeFirstOrThrow();
  return Number(row.m ?? 0);
}

const dataOf = (change: SyncChange | undefined) =>
  change?.op === 'upsert' ? (change.data as Record<string, unknown>) : undefined;

describe('roster import: what families see', () => {
  it('reaches a joined phone through the change log: a new name as a change, a class move as a fresh start', async () => {
    const csv = (name: string, cls: string) =>
      `UPN,Forename,Preferred name,Surname,Class,Year,Carer 1 name,Carer 1 phone\r\nS1,Samuel,${name},Stone,${cls},5,Ms Stone,07700 900501\r\n`;
    const { created } = await importFile(csv('Sam', 'Year 5 Oak'));
    const familyId = created.families[0]!;
    const code = newJoinCode();
    await t.app.db
      .insertInto('join_codes')
      .values({
        code,
        family_id: familyId,
        expires_at: '2999-01-01T00:00:00.000Z',
        revoked_at: null,
        created_at: now().toISOString(),
      })
      .execute();
    const { token } = await join_(t.app, code);
    const pull = async (since?: string) => {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/sync${since ? `?since=${encodeURIComponent(since)}` : ''}`,
        headers: bearer(token),
      });
      expect(res.statusCode).toBe(200);
      return syncResponseSchema.parse(res.json());
    };
    const first = await pull();
    const pupil = first.changes.find((c) => c.entity === 'pupil');
    expect(dataOf(pupil)?.displayName).toBe('Sam');

    await importFile(csv('Sammy', 'Year 5 Oak'));
    const second = await pull(first.cursor);
    expect(second.reset).toBe(false);
    expect(second.changes).toHaveLength(1);
    const renamed = second.changes[0];
    expect(dataOf(renamed)?.displayName).toBe('Sammy');

    await importFile(csv('Sammy', 'Year 5 Ash'));
    const third = await pull(second.cursor);
    expect(third.reset).toBe(true);
    const cls = third.changes.find((c) => c.entity === 'class');
    expect(dataOf(cls)?.name).toBe('Year 5 Ash');
  });
});

describe('roster import: size', () => {
  it('imports 1,000 pupils in one go, and the same file again changes nothing', async () => {
    const s = await secondSchool(t, 'Bigschool');
    const csv = rosterCsv(bigClass(1000), headings);
    const started = performance.now();
    const res = await importFile(csv, s.schoolId);
    const ms = performance.now() - started;
    expect(res.created.pupils).toHaveLength(1000);
    expect(res.created.families).toHaveLength(1000);
    expect(ms).toBeLessThan(15_000);
    const again = await preview(csv, s.schoolId);
    expect(again.report.noChanges).toBe(true);
    expect(again.report.pupils.unchanged).toBe(1000);
  });
});
