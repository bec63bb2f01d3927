// The school's day on the server: engagement that knows a quiet phone from a quiet
// family, "needs a call", reply hours, the tally, the contact log, exports, and who may
// see what (another school is always refused).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bearer } from './helpers.ts';
import { secondSchool } from './second-school.ts';
import {
  get,
  handIn,
  markDone,
  notice,
  phoneFor,
  send,
  setup,
  wednesday,
  type Ctx,
} from './school-day-fixtures.ts';

describe('daily engagement', () => {
  let c: Ctx;
  beforeEach(async () => {
    c = await setup();
  });
  afterEach(() => c.t.close());

  it('tells work, absence, a phone holding items and a quiet family apart; needs a call first', async () => {
    const { t, kids } = c;
    await handIn(t.app.db, kids.Ada!, '2026-11-25T09:12:00.000Z');
    // Ben's phone synced on Monday with 3 photos it could not send since then.
    await c.setNow('2026-11-23T16:00:00.000Z');
    const ben = await phoneFor(t, c.admin, kids.Ben!.families[0]!);
    const synced = await t.app.inject({
      method: 'GET',
      url: '/api/v1/sync',
      headers: { ...bearer(ben.token), 'homeward-outbox': '3;3600' },
    });
    expect(synced.statusCode).toBe(200);
    await c.setNow(wednesday.toISOString());
    await notice(t.app.db, kids.Dee!, '2026-11-23', '2026-11-27');
    await markDone(t.app.db, kids.Eli!, '2026-11-25T08:30:00.000Z');
    await markDone(t.app.db, kids.Fay!, '2026-11-23T11:00:00.000Z');
    await t.app.db
      .updateTable('families')
      .set({ phone: '+447700900123' })
      .where('id', '=', kids.Cal!.families[0]!)
      .execute();
    // Marked done then undone the same day counts as not done.
    await markDone(t.app.db, kids.Cal!, '2026-11-25T08:00:00.000Z', 1);
    await t.app.db
      .updateTable('session_completions')
      .set({ done: 0, revision: 2 })
      .where('pupil_id', '=', kids.Cal!.id)
      .execute();

    const res = await get(c, c.teacher, `/engagement?classId=${c.classId}&date=2026-11-25`);
    expect(res.statusCode).toBe(200);
    const day = res.json();
    expect(day.quietDays).toEqual(['2026-11-23', '2026-11-24', '2026-11-25']);
    const status = Object.fromEntries(
      day.children.map((k: { name: string; status: string }) => [k.name, k.status]),
    );
    expect(status).toEqual({
      Ada: 'handed_in',
      Ben: 'waiting',
      Cal: 'quiet',
      Dee: 'absent',
      Eli: 'active',
      Fay: 'quiet',
    });
    const benRow = day.children.find((k: { name: string }) => k.name === 'Ben');
    expect(benRow.phones).toEqual([
      expect.objectContaining({
        waiting: 3,
        waitingSince: '2026-11-23T15:00:00.000Z',
        lastSeenAt: '2026-11-23T16:00:00.000Z',
      }),
    ]);
    // Fay worked on Monday, Ben's phone holds work, Dee is ill: only Cal needs a call.
    expect(day.needsCall.map((k: { name: string }) => k.name)).toEqual(['Cal']);
    expect(day.needsCall[0].households).toEqual([
      {
        familyId: kids.Cal!.families[0],
        familyName: 'Cal household 1',
        carers: [{ name: 'Cal household 1', phone: '+447700900123' }],
      },
    ]);

    // The school's setting decides how many quiet days make a call: with 1, Fay too.
    const put = await send(c, c.admin, 'PUT', '/school-day-settings', {
      replyFrom: '08:45',
      replyUntil: '15:15',
      holdOutsideReplyHours: true,
      feedbackTarget: 2,
      needsCallDays: 1,
    });
    expect(put.statusCode).toBe(200);
    const again = (
      await get(c, c.teacher, `/engagement?classId=${c.classId}&date=2026-11-25`)
    ).json();
    expect(again.needsCall.map((k: { name: string }) => k.name)).toEqual(['Cal', 'Fay']);
  });

  it('gives a week per child and the whole school’s participation per class per day', async () => {
    const { t, kids } = c;
    await handIn(t.app.db, kids.Ada!, '2026-11-23T10:00:00.000Z');
    await handIn(t.app.db, kids.Ada!, '2026-11-24T10:00:00.000Z');
    await notice(t.app.db, kids.Dee!, '2026-11-23', '2026-11-23');
    await markDone(t.app.db, kids.Eli!, '2026-11-23T08:30:00.000Z');
    const week = (
      await get(c, c.teacher, `/engagement/week?classId=${c.classId}&week=2026-11-25`)
    ).json();
    expect(week.days).toEqual([
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
    ]);
    const ada = week.children.find((k: { name: string }) => k.name === 'Ada');
    expect(ada.statuses).toEqual(['handed_in', 'handed_in', 'quiet', 'quiet', 'quiet']);
    // Monday: Ada and Eli of the 5 expected (Dee was off): 0.4; Tuesday: 1 of 6.
    expect(week.rates.slice(0, 2)).toEqual([2 / 5, 1 / 6]);

    const school = await get(c, c.admin, '/engagement/school?week=2026-11-23');
    expect(school.statusCode).toBe(200);
    const ash = school.json().classes.find((k: { name: string }) => k.name === 'Year 5 Ash');
    expect(ash.pupils).toBe(6);
    expect(ash.days[0]).toEqual({ date: '2026-11-23', active: 2, absent: 1, rate: 0.4 });
    expect(school.json().classes.map((k: { name: string }) => k.name)).toContain('Year 4 Oak');
    // Only leaders see the whole school.
    expect((await get(c, c.teacher, '/engagement/school?week=2026-11-23')).statusCode).toBe(403);
    expect((await get(c, c.teacher, '/engagement?date=2026-11-25')).statusCode).toBe(403);
  });

  it('refuses another school’s class, and bad dates, with a clear message', async () => {
    const elm = await secondSchool(c.t);
    for (const url of [
      `/engagement?classId=${c.classId}&date=2026-11-25`,
      `/engagement/week?classId=${c.classId}&week=2026-11-23`,
      `/feedback-tally?classId=${c.classId}`,
      `/submissions?classId=${c.classId}`,
      `/exports/engagement.csv?classId=${c.classId}&from=2026-11-23&to=2026-11-27`,
    ]) {
      const res = await get(c, elm.cookie, url);
      expect({ url, status: res.statusCode }).toEqual({ url, status: 404 });
    }
    // Elm's own whole-school view has only Elm's class.
    const school = (await get(c, elm.cookie, '/engagement/school?week=2026-11-23')).json();
    expect(school.classes.map((k: { classId: string }) => k.classId)).toEqual([elm.classId]);
    const bad = await get(c, c.teacher, `/engagement?classId=${c.classId}&date=2026-02-30`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/date/);
  });
});
