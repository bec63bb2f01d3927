// The contact log (who tried to reach which family, and the safeguarding flag only the
// DSL and admins set and see) and the CSV exports (they parse, formula characters are
// escaped, bad ranges are refused, another school is refused).
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { secondSchool } from './second-school.ts';
import { get, handIn, markDone, notice, send, setup, type Ctx } from './school-day-fixtures.ts';

const parse = (body: string) => {
  expect(body.startsWith('\uFEFF')).toBe(true);
  const parsed = Papa.parse<string[]>(body.slice(1), { skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
};

describe('contact log', () => {
  let c: Ctx;
  beforeEach(async () => {
    c = await setup();
  });
  afterEach(() => c.t.close());

  const log = (cookie: string, body: Record<string, unknown>) =>
    send(c, cookie, 'POST', '/contact-log', {
      familyId: c.kids.Cal!.families[0],
      pupilId: c.kids.Cal!.id,
      at: '2026-11-25T09:30:00.000Z',
      method: 'phone',
      outcome: 'no_answer',
      note: 'Rang twice, will try after lunch',
      ...body,
    });

  it('records a call; staff read it, only the DSL and admins see and set the flag', async () => {
    const res = await log(c.teacher, {});
    expect(res.statusCode).toBe(201);
    const entry = res.json().entry;
    expect(entry).toMatchObject({
      staffName: 'Mrs Priya Patel',
      method: 'phone',
      outcome: 'no_answer',
    });
    expect(entry).not.toHaveProperty('safeguarding');

    const flagByTeacher = await send(c, c.teacher, 'PUT', `/contact-log/${entry.id}/safeguarding`, {
      flagged: true,
    });
    expect(flagByTeacher.statusCode).toBe(403);
    const flagged = await send(c, c.admin, 'PUT', `/contact-log/${entry.id}/safeguarding`, {
      flagged: true,
    });
    expect(flagged.statusCode).toBe(200);
    expect(flagged.json().entry.safeguarding).toMatchObject({ flagged: true });

    const byClass = (await get(c, c.teacher, `/contact-log?classId=${c.classId}`)).json().entries;
    expect(byClass.map((e: { id: string }) => e.id)).toEqual([entry.id]);
    expect(byClass[0]).not.toHaveProperty('safeguarding');
    const byFamily = (
      await get(c, c.teacher, `/contact-log?familyId=${c.kids.Cal!.families[0]}`)
    ).json();
    expect(byFamily.entries).toHaveLength(1);
    const school = (await get(c, c.admin, '/contact-log')).json().entries;
    expect(school[0].safeguarding.flagged).toBe(true);
    expect((await get(c, c.teacher, '/contact-log')).statusCode).toBe(403);
    // Another class's list does not have it.
    const oak = await c.t.app.db
      .selectFrom('classes')
      .select('id')
      .where('name', '=', 'Year 4 Oak')
      .executeTakeFirstOrThrow();
    expect((await get(c, c.teacher, `/contact-log?classId=${oak.id}`)).json().entries).toEqual([]);
  });

  it('refuses another school’s family and entries, and bad entries, clearly', async () => {
    const elm = await secondSchool(c.t);
    const other = await log(c.teacher, { familyId: elm.familyId, pupilId: null });
    expect(other.statusCode).toBe(404);
    expect(other.json().error.message).toBe('No such family.');
    const ours = (await log(c.teacher, {})).json().entry;
    expect(
      (await send(c, elm.cookie, 'PUT', `/contact-log/${ours.id}/safeguarding`, { flagged: true }))
        .statusCode,
    ).toBe(404);
    expect(
      (await get(c, elm.cookie, `/contact-log?familyId=${c.kids.Cal!.families[0]}`)).statusCode,
    ).toBe(404);
    expect((await get(c, elm.cookie, '/contact-log')).json().entries).toEqual([]);
    const how = await log(c.teacher, { method: 'pigeon' });
    expect(how.statusCode).toBe(400);
    const long = await log(c.teacher, { note: 'x'.repeat(2001) });
    expect(long.statusCode).toBe(400);
    expect(long.json().error.message).toMatch(/at most 2,000/);
  });
});

describe('CSV exports', () => {
  let c: Ctx;
  beforeEach(async () => {
    c = await setup();
  });
  afterEach(() => c.t.close());

  it('exports engagement for a range, escaping formula characters', async () => {
    await c.t.app.db
      .updateTable('pupils')
      .set({ display_name: '=HYPERLINK("x")' })
      .where('id', '=', c.kids.Ada!.id)
      .execute();
    await handIn(c.t.app.db, c.kids.Ada!, '2026-11-23T10:00:00.000Z');
    await markDone(c.t.app.db, c.kids.Eli!, '2026-11-24T10:00:00.000Z');
    await notice(c.t.app.db, c.kids.Dee!, '2026-11-24', '2026-11-24');
    const res = await get(
      c,
      c.teacher,
      `/exports/engagement.csv?classId=${c.classId}&from=2026-11-21&to=2026-11-24`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      /attachment; filename="engagement-2026-11-21-to-2026-11-24.csv"/,
    );
    const rows = parse(res.body);
    expect(rows[0]?.slice(0, 3)).toEqual(['date', 'class', 'child']);
    // Monday and Tuesday only (the weekend is not a school day), 6 children each.
    expect(rows).toHaveLength(1 + 2 * 6);
    expect(rows[1]).toEqual([
      '2026-11-23',
      'Year 5 Ash',
      `'=HYPERLINK("x")`,
      '1',
      '0',
      '0',
      '0',
      '',
      'handed_in',
    ]);
    const tuesday = rows.filter((r) => r[0] === '2026-11-24');
    expect(tuesday.find((r) => r[2] === 'Dee')?.slice(7)).toEqual(['ill', 'absent']);
    expect(tuesday.find((r) => r[2] === 'Eli')?.[4]).toBe('1');
    // The whole school: leaders only.
    expect(
      (await get(c, c.teacher, '/exports/engagement.csv?from=2026-11-23&to=2026-11-24')).statusCode,
    ).toBe(403);
    const school = await get(c, c.admin, '/exports/engagement.csv?from=2026-11-23&to=2026-11-23');
    expect(parse(school.body).map((r) => r[1])).toContain('Year 4 Oak');
  });

  it('exports the contact log and the tally, with + - @ escaped too', async () => {
    for (const note of ['+44 7700 900123 rang back', '-ve reply', '@parent said fine', '=1+1']) {
      await send(c, c.teacher, 'POST', '/contact-log', {
        familyId: c.kids.Ben!.families[0],
        at: '2026-11-25T09:30:00.000Z',
        method: 'message',
        outcome: 'reached',
        note,
      });
    }
    const res = await get(
      c,
      c.teacher,
      `/exports/contact-log.csv?classId=${c.classId}&from=2026-11-25&to=2026-11-25`,
    );
    const rows = parse(res.body);
    expect(rows[0]).toEqual(['when', 'family', 'by', 'how', 'outcome', 'note']);
    expect(
      rows
        .slice(1)
        .map((r) => r[5])
        .toSorted(),
    ).toEqual(["'+44 7700 900123 rang back", "'-ve reply", "'=1+1", "'@parent said fine"]);
    expect(rows[1]?.[0]).toBe('2026-11-25 09:30');
    // An admin's export carries the safeguarding column.
    const admin = parse(
      (
        await get(
          c,
          c.admin,
          `/exports/contact-log.csv?classId=${c.classId}&from=2026-11-25&to=2026-11-25`,
        )
      ).body,
    );
    expect(admin[0]?.at(-1)).toBe('safeguarding concern');

    const tally = parse(
      (await get(c, c.teacher, `/exports/feedback-tally.csv?classId=${c.classId}&week=2026-11-25`))
        .body,
    );
    expect(tally[0]).toEqual([
      'week',
      'child',
      'work with feedback',
      'target',
      'below target',
      'awaiting feedback',
    ]);
    expect(tally).toHaveLength(7);
    expect(tally[1]).toEqual(['2026-11-23', 'Ada', '0', '2', 'yes', '0']);
  });

  it('refuses a range backwards or a year long, and another school’s class', async () => {
    const back = await get(
      c,
      c.teacher,
      `/exports/engagement.csv?classId=${c.classId}&from=2026-11-25&to=2026-11-20`,
    );
    expect(back.statusCode).toBe(400);
    expect(back.json().error.message).toMatch(/ends before it begins/);
    const year = await get(
      c,
      c.teacher,
      `/exports/contact-log.csv?classId=${c.classId}&from=2025-11-25&to=2026-11-24`,
    );
    expect(year.statusCode).toBe(400);
    expect(year.json().error.message).toMatch(/at most 93 days/);
    const elm = await secondSchool(c.t);
    for (const what of ['engagement.csv', 'contact-log.csv']) {
      const res = await get(
        c,
        elm.cookie,
        `/exports/${what}?classId=${c.classId}&from=2026-11-23&to=2026-11-24`,
      );
      expect({ what, status: res.statusCode }).toEqual({ what, status: 404 });
    }
    expect(
      (await get(c, elm.cookie, `/exports/feedback-tally.csv?classId=${c.classId}`)).statusCode,
    ).toBe(404);
  });
});
