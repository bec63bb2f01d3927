// Returned work for staff: the inbox's filters and pages, feedback held outside the
// school's reply hours and released when they begin, saved phrases, the week's tally,
// absence notices of today and later, and the bad input of the issue.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliveryTime } from '../../src/server/db/feedback.ts';
import { defaultSchoolDaySettings } from '../../src/server/db/school-day-settings.ts';
import { bearer } from './helpers.ts';
import { secondSchool } from './second-school.ts';
import { get, handIn, notice, phoneFor, send, setup, type Ctx } from './school-day-fixtures.ts';

type Feedback = { id: string; deliverAt: string; held: boolean };

describe('feedback and reply hours', () => {
  let c: Ctx;
  let token = '';
  let work = '';
  beforeEach(async () => {
    c = await setup();
    const ada = c.kids.Ada!;
    ({ token } = await phoneFor(c.t, c.admin, ada.families[0]!));
    work = await handIn(c.t.app.db, ada, '2026-11-25T09:00:00.000Z');
  });
  afterEach(() => c.t.close());

  const reply = (text: string, id = work) =>
    send(c, c.teacher, 'POST', `/submissions/${id}/feedback`, { text });
  const familySees = async () => {
    const res = await c.t.app.inject({
      method: 'GET',
      url: '/api/v1/sync',
      headers: bearer(token),
    });
    return (res.json().changes as { entity: string; data: { text: string } }[])
      .filter((ch) => ch.entity === 'submissionFeedback')
      .map((ch) => ch.data.text);
  };

  it('sends at once inside reply hours, holds outside them and releases at opening', async () => {
    await c.setNow('2026-11-25T10:00:00.000Z'); // Wednesday, inside 08:45–15:15
    const now = (await reply('Lovely handwriting')).json().feedback as Feedback;
    expect(now).toMatchObject({ held: false, deliverAt: '2026-11-25T10:00:00.000Z' });

    await c.setNow('2026-11-25T18:30:00.000Z'); // Wednesday evening
    const res = await reply('Well done on the fractions');
    expect(res.statusCode).toBe(201);
    const held = res.json().feedback as Feedback;
    expect(held).toMatchObject({ held: true, deliverAt: '2026-11-26T08:45:00.000Z' });
    expect(await familySees()).toEqual(['Lovely handwriting']);
    // Staff see it waiting, with when it will go.
    const one = (await get(c, c.teacher, `/submissions/${work}`)).json().submission;
    expect(one.feedback.map((f: Feedback) => [f.held, f.deliverAt])).toEqual([
      [false, '2026-11-25T10:00:00.000Z'],
      [true, '2026-11-26T08:45:00.000Z'],
    ]);

    await c.setNow('2026-11-26T08:44:00.000Z');
    expect(await c.t.app.releaseHeldFeedback()).toBe(0);
    await c.setNow('2026-11-26T08:45:30.000Z');
    expect(await c.t.app.releaseHeldFeedback()).toBe(1);
    expect(await c.t.app.releaseHeldFeedback()).toBe(0);
    expect((await familySees()).toSorted()).toEqual([
      'Lovely handwriting',
      'Well done on the fractions',
    ]);
  });

  it('knows when reply hours next begin: the same morning, or the next school day', () => {
    const at = (iso: string) =>
      deliveryTime(new Date(iso), 'Europe/London', defaultSchoolDaySettings).toISOString();
    expect(at('2026-11-27T16:00:00.000Z')).toBe('2026-11-30T08:45:00.000Z'); // Friday → Monday
    expect(at('2026-11-28T10:00:00.000Z')).toBe('2026-11-30T08:45:00.000Z'); // Saturday
    expect(at('2026-11-30T07:10:00.000Z')).toBe('2026-11-30T08:45:00.000Z'); // before opening
    expect(at('2026-11-30T15:15:00.000Z')).toBe('2026-12-01T08:45:00.000Z'); // at closing
    expect(at('2026-11-30T15:14:59.000Z')).toBe('2026-11-30T15:14:59.000Z'); // inside
    // Summer time: 08:45 in London is 07:45 UTC.
    expect(at('2026-06-30T20:00:00.000Z')).toBe('2026-07-01T07:45:00.000Z');
  });

  it('delivers at once whenever written once an admin turns holding off (teachers may not)', async () => {
    const settings = {
      replyFrom: '09:00',
      replyUntil: '15:00',
      holdOutsideReplyHours: false,
      feedbackTarget: 3,
      needsCallDays: 3,
    };
    expect((await send(c, c.teacher, 'PUT', '/school-day-settings', settings)).statusCode).toBe(
      403,
    );
    const backwards = await send(c, c.admin, 'PUT', '/school-day-settings', {
      ...settings,
      replyUntil: '08:00',
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.message).toMatch(/end after they begin/);
    expect((await send(c, c.admin, 'PUT', '/school-day-settings', settings)).statusCode).toBe(200);
    await c.setNow('2026-11-25T21:00:00.000Z');
    expect((await reply('Late but fine')).json().feedback.held).toBe(false);
    expect(await familySees()).toEqual(['Late but fine']);
    // Another school's admin changes only their own school.
    const elm = await secondSchool(c.t);
    expect(
      (await send(c, elm.cookie, 'PUT', '/school-day-settings', { ...settings, feedbackTarget: 9 }))
        .statusCode,
    ).toBe(200);
    expect((await get(c, c.teacher, '/school-day-settings')).json().settings.feedbackTarget).toBe(
      3,
    );
  });

  it('refuses empty, too long, and unknown or another school’s work, clearly', async () => {
    const empty = await reply('   ');
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toMatch(/Write some feedback first/);
    const long = await reply('x'.repeat(4001));
    expect(long.statusCode).toBe(400);
    expect(long.json().error.message).toMatch(/at most 4,000/);
    const gone = await reply('Hello', '01900000-0000-7000-8000-000000000000');
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.message).toBe('No such submission.');
    const elm = await secondSchool(c.t);
    const other = await send(c, elm.cookie, 'POST', `/submissions/${work}/feedback`, {
      text: 'Hi',
    });
    expect(other.statusCode).toBe(404);
    expect((await get(c, elm.cookie, `/submissions/${work}`)).statusCode).toBe(404);
  });

  it('keeps each teacher’s phrases their own', async () => {
    const first = await send(c, c.teacher, 'POST', '/feedback-phrases', { text: 'Great effort!' });
    expect(first.statusCode).toBe(201);
    const again = await send(c, c.teacher, 'POST', '/feedback-phrases', { text: 'Great effort!' });
    expect(again.statusCode).toBe(200);
    expect(again.json().phrase.id).toBe(first.json().phrase.id);
    expect((await get(c, c.teacher, '/feedback-phrases')).json().phrases).toHaveLength(1);
    expect((await get(c, c.admin, '/feedback-phrases')).json().phrases).toEqual([]);
    const id = first.json().phrase.id as string;
    expect((await send(c, c.admin, 'DELETE', `/feedback-phrases/${id}`)).statusCode).toBe(404);
    expect((await send(c, c.teacher, 'DELETE', `/feedback-phrases/${id}`)).statusCode).toBe(204);
    expect((await send(c, c.teacher, 'POST', '/feedback-phrases', { text: '' })).statusCode).toBe(
      400,
    );
  });

  it('tallies work with feedback per child per week against the target', async () => {
    const ada = c.kids.Ada!;
    const ben = c.kids.Ben!;
    const second = await handIn(c.t.app.db, ada, '2026-11-24T09:00:00.000Z');
    const bens = await handIn(c.t.app.db, ben, '2026-11-24T09:00:00.000Z');
    await handIn(c.t.app.db, ben, '2026-11-24T11:00:00.000Z');
    await c.setNow('2026-11-25T10:00:00.000Z');
    await reply('One');
    await reply('Two, same work'); // the same piece twice counts once
    await reply('Three', second);
    await reply('Four', bens);
    await c.setNow('2026-11-25T19:00:00.000Z');
    expect((await reply('Held still counts', second)).json().feedback.held).toBe(true);
    const tally = (
      await get(c, c.teacher, `/feedback-tally?classId=${c.classId}&week=2026-11-26`)
    ).json();
    expect(tally.weekStart).toBe('2026-11-23');
    expect(tally.target).toBe(2);
    const by = Object.fromEntries(
      tally.children.map((k: { name: string; count: number; below: boolean; awaiting: number }) => [
        k.name,
        [k.count, k.below, k.awaiting],
      ]),
    );
    expect(by.Ada).toEqual([2, false, 0]);
    expect(by.Ben).toEqual([1, true, 1]);
    expect(by.Cal).toEqual([0, true, 0]);
    // Next week starts again at nothing.
    const next = (
      await get(c, c.teacher, `/feedback-tally?classId=${c.classId}&week=2026-11-30`)
    ).json();
    expect(next.children.every((k: { count: number }) => k.count === 0)).toBe(true);
  });
});

describe('the inbox', () => {
  let c: Ctx;
  beforeEach(async () => {
    c = await setup();
  });
  afterEach(() => c.t.close());

  it('pages newest first and filters: awaiting feedback, a week, a child, a session, a pack', async () => {
    const { kids } = c;
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const child = i % 2 === 0 ? kids.Ada! : kids.Ben!;
      const day = i < 4 ? '2026-11-17' : '2026-11-24';
      ids.push(
        await handIn(
          c.t.app.db,
          child,
          `${day}T09:0${i}:00.000Z`,
          i === 6 ? child.sessionId : null,
        ),
      );
    }
    const seen: string[] = [];
    let after = '';
    for (let page = 0; page < 5; page++) {
      const res = await get(
        c,
        c.teacher,
        `/submissions?classId=${c.classId}&limit=3${after && `&after=${after}`}`,
      );
      expect(res.statusCode).toBe(200);
      const body = res.json();
      seen.push(...body.submissions.map((s: { id: string }) => s.id));
      if (!body.next) break;
      after = body.next;
    }
    expect(seen).toEqual(ids.toReversed());

    await send(c, c.teacher, 'POST', `/submissions/${ids[6]}/feedback`, { text: 'Good' });
    const list = async (q: string) =>
      (await get(c, c.teacher, `/submissions?classId=${c.classId}&${q}`))
        .json()
        .submissions.map((s: { id: string }) => ids.indexOf(s.id));
    expect(await list('awaiting=1')).toEqual([5, 4, 3, 2, 1, 0]);
    expect(await list('week=2026-11-26')).toEqual([6, 5, 4]);
    expect(await list(`pupilId=${kids.Ben!.id}`)).toEqual([5, 3, 1]);
    expect(await list(`sessionId=${kids.Ada!.sessionId}`)).toEqual([6]);
    const withSession = (await get(c, c.teacher, `/submissions/${ids[6]}`)).json().submission;
    expect(withSession.session).toMatchObject({
      date: '2026-11-23',
      subject: 'Maths',
      startTime: '09:00',
    });
    // A pack of another school, or none: the same 404.
    const elm = await secondSchool(c.t);
    expect(
      (await get(c, c.teacher, `/submissions?classId=${c.classId}&packId=${elm.pupilId}`))
        .statusCode,
    ).toBe(404);
    const badCursor = await get(c, c.teacher, `/submissions?classId=${c.classId}&after=yesterday`);
    expect(badCursor.statusCode).toBe(400);
  });
});

describe('absence notices', () => {
  let c: Ctx;
  beforeEach(async () => {
    c = await setup();
  });
  afterEach(() => c.t.close());

  it('lists today’s and upcoming ones and will not acknowledge a withdrawn one', async () => {
    const { kids } = c;
    await notice(c.t.app.db, kids.Ada!, '2026-11-16', '2026-11-17'); // last week
    const today = await notice(c.t.app.db, kids.Ben!, '2026-11-24', '2026-11-25');
    const later = await notice(c.t.app.db, kids.Cal!, '2026-12-01', '2026-12-02');
    const withdrawn = await notice(c.t.app.db, kids.Dee!, '2026-11-25', '2026-11-25', 'Better now');
    const current = (
      await get(c, c.teacher, `/absence-notices?classId=${c.classId}&current=1`)
    ).json();
    expect(current.notices.map((n: { id: string }) => n.id).toSorted()).toEqual(
      [today, later, withdrawn].toSorted(),
    );
    const ack = await send(c, c.teacher, 'POST', `/absence-notices/${today}/acknowledge`);
    expect(ack.statusCode).toBe(200);
    expect(ack.json().notice.acknowledgedBy).toBe('Mrs Priya Patel');
    const refused = await send(c, c.teacher, 'POST', `/absence-notices/${withdrawn}/acknowledge`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'notice_withdrawn' });
    const elm = await secondSchool(c.t);
    expect(
      (await send(c, elm.cookie, 'POST', `/absence-notices/${later}/acknowledge`)).statusCode,
    ).toBe(404);
  });
});
