// The roster import's routes (routes/staff/roster): an admin sends the CSV's bytes, gets
// the preview's report, and commits it with the preview's fingerprint; a file with errors
// or a stale fingerprint changes nothing; another school's admin imports into their own
// school only. (The roles that may not are in tests/server/roles.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rosterCommitResponseSchema, rosterReportSchema } from '../../src/shared/roster.ts';
import { asStaff, signIn, startApp, type TestApp } from './helpers.ts';
import { encode, rosterCsv, sample } from './roster-fixtures.ts';
import { secondSchool } from './second-school.ts';

const base = '/api/v1/staff/roster';
let t: TestApp;
let cookie: string;
let demoSchool: string;
beforeAll(async () => {
  t = await startApp();
  demoSchool = (await t.app.db.selectFrom('schools').select('id').executeTakeFirstOrThrow()).id;
  const head = t.demo.staff.find((s) => s.role === 'admin')!;
  ({ cookie } = await signIn(t.app, head.email, head.password));
});
afterAll(() => t.close());

const send = (
  path: string,
  body: string | Buffer,
  who = cookie,
  type = 'text/csv; charset=utf-8',
) =>
  t.app.inject(
    asStaff(who, {
      method: 'POST',
      url: `${base}${path}`,
      headers: { 'content-type': type },
      payload: body,
    }),
  );
const preview = async (body: string | Buffer, who = cookie) => {
  const res = await send('/preview', body, who);
  expect(res.statusCode).toBe(200);
  return rosterReportSchema.parse(res.json());
};
const pupilsNamed = async (schoolId: string, forename: string) =>
  t.app.db
    .selectFrom('pupils')
    .innerJoin('classes', 'classes.id', 'pupils.class_id')
    .select(['pupils.id', 'classes.name'])
    .where('classes.school_id', '=', schoolId)
    .where('pupils.full_name', 'like', `${forename} %`)
    .execute();

describe('roster import routes', () => {
  const csv = rosterCsv(sample);

  it('previews, commits once, and a second import of the same file changes nothing', async () => {
    const report = await preview(csv);
    expect(report.errors).toEqual([]);
    expect(report.pupils.create).toBe(sample.length);
    expect(report.rows.map((r) => r.line)).toEqual(sample.map((_, i) => i + 2));

    const done = await send(`/commit?fingerprint=${report.fingerprint}`, csv);
    expect(done.statusCode).toBe(200);
    const { created } = rosterCommitResponseSchema.parse(done.json());
    expect(created.pupils).toHaveLength(sample.length);

    const again = await preview(csv);
    expect(again.noChanges).toBe(true);
    expect(again.pupils.unchanged).toBe(sample.length);
    // The old fingerprint names a plan that is no longer the one: 409, with the new report.
    const stale = await send(`/commit?fingerprint=${report.fingerprint}`, csv);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('roster_changed');
    expect(rosterReportSchema.parse(stale.json().error.details.report).noChanges).toBe(true);
  });

  it('takes the file as a spreadsheet program saved it (UTF-16 with a BOM, sent as octet-stream)', async () => {
    const moved = sample.map((p, i) => (i === 0 ? { ...p, className: 'Year 6 Birch' } : p));
    const bytes = encode(rosterCsv(moved), 'utf-16le');
    const res = await send('/preview', bytes, cookie, 'application/octet-stream');
    const report = rosterReportSchema.parse(res.json());
    expect(report.encoding).toBe('utf-16le');
    expect(report.pupils.update).toBe(1);
    expect(report.rows.find((r) => r.action === 'update')?.changes).toContain('class');
  });

  it('reports each bad row with its line and imports nothing (422)', async () => {
    const bad = rosterCsv([
      { forename: 'Nia', surname: 'Good', className: 'Year 2 Ash', year: 'Year 2' },
      { forename: 'Omar', surname: 'Bad', className: 'Year 2 Ash', year: 'Year 42' },
      {
        forename: 'Pia',
        surname: 'Bad',
        className: 'Year 2 Ash',
        year: 'Year 2',
        carers: [{ name: 'P Bad', phone: 'not a phone' }],
      },
    ]);
    const report = await preview(bad);
    expect(report.errors.map((e) => [e.line, e.code])).toEqual([
      [3, 'invalid_year_group'],
      [4, 'invalid_phone'],
    ]);
    const refused = await send(`/commit?fingerprint=${'a'.repeat(64)}`, bad);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('roster_invalid');
    expect(await pupilsNamed(demoSchool, 'Nia')).toEqual([]);
  });

  it('serves a template that previews without errors', async () => {
    const res = await t.app.inject(asStaff(cookie, { method: 'GET', url: `${base}/template` }));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment/);
    const report = await preview(res.rawPayload);
    expect(report.encoding).toBe('utf-8');
    expect(report.errors).toEqual([]);
    expect(report.pupils.create).toBe(2);
  });

  it('says what is wrong with a file that is not a CSV, an empty body or the wrong type', async () => {
    const pdf = await preview(Buffer.from('%PDF-1.7\n%\xe2\xe3\n1 0 obj\n', 'latin1'));
    expect(pdf.errors.map((e) => e.code)).toEqual(['not_text']);
    const empty = await preview('');
    expect(empty.errors.map((e) => e.code)).toEqual(['empty']);
    const json = await send('/preview', '{"a":1}', cookie, 'application/json');
    expect(json.statusCode).toBe(400);
    const html = await send('/preview', csv, cookie, 'text/html');
    expect(html.statusCode).toBe(415);
    const noFingerprint = await send('/commit', csv);
    expect(noFingerprint.statusCode).toBe(400);
  });

  it('refuses a body far beyond the limit before reading it', async () => {
    const res = await send('/preview', Buffer.alloc(11 * 1024 * 1024, 0x61));
    expect(res.statusCode).toBe(413);
  });

  it("imports another school's file into that school only", async () => {
    const elm = await secondSchool(t, 'Rowan');
    const report = await preview(csv, elm.cookie);
    // The demo school has these pupils now; Rowan does not.
    expect(report.pupils.create).toBe(sample.length);
    const done = await send(`/commit?fingerprint=${report.fingerprint}`, csv, elm.cookie);
    expect(done.statusCode).toBe(200);
    const forename = sample[0]!.forename;
    expect(await pupilsNamed(elm.schoolId, forename)).toHaveLength(1);
    expect(await pupilsNamed(demoSchool, forename)).toHaveLength(1);
  });
});
