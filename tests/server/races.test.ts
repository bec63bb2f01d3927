// Requests that race each other: a phone's retry arriving while the first attempt is
// still in flight, two revisions of one notice at once, uploads that together would pass
// the family's quota. Run on SQLite (npm test) and on PostgreSQL (npm run test:pg), where
// transactions really overlap: every answer must be the stored result, never a 500.
import { v7 as uuid } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, join_, startApp, type TestApp } from './helpers.ts';
import { tusCreate } from './tus.ts';

let t: TestApp;
let khan: string;
let amira: { id: string; class_id: string };
let session: string;
const quota = 1_000_000;

beforeAll(async () => {
  t = await startApp({ uploadQuotaBytes: quota });
  khan = (await join_(t.app, t.demo.joinCode)).token;
  amira = await t.app.db
    .selectFrom('pupils')
    .select(['id', 'class_id'])
    .where('display_name', '=', 'Amira')
    .executeTakeFirstOrThrow();
  session = (
    await t.app.db
      .selectFrom('timetable_sessions as s')
      .innerJoin('timetable_weeks as w', 'w.id', 's.week_id')
      .select('s.id')
      .where('w.class_id', '=', amira.class_id)
      .where('w.published_at', 'is not', null)
      .where('s.pupil_id', 'is', null)
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => t.close());

const put = (path: string, body: object) =>
  t.app.inject({ method: 'PUT', url: `/api/v1/${path}`, headers: bearer(khan), payload: body });

describe('concurrent requests', () => {
  it('answers a retry that arrives while the first attempt is in flight with the stored mark', async () => {
    for (let round = 0; round < 5; round++) {
      const id = uuid();
      const body = {
        sessionId: session,
        pupilId: amira.id,
        done: true,
        at: '2026-11-23T10:00:00.000Z',
        revision: round + 1,
      };
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => put(`session-completions/${id}`, body)),
      );
      expect(answers.map((a) => a.statusCode).toSorted()).toEqual([
        200, 200, 200, 200, 200, 200, 200, 201,
      ]);
      for (const a of answers) expect(a.json()).toEqual({ completion: { id, ...body } });
      const rows = await t.app.db
        .selectFrom('session_completions')
        .select('id')
        .where('id', '=', id)
        .execute();
      expect(rows).toHaveLength(1);
      const logged = await t.app.db
        .selectFrom('changes')
        .select('seq')
        .where('entity_id', '=', id)
        .execute();
      expect(logged).toHaveLength(1);
    }
  });

  it('takes an absence notice sent twice at once once, and the higher of two revisions at once', async () => {
    const id = uuid();
    const notice = (revision: number, note: string) => ({
      pupilId: amira.id,
      reason: 'ill',
      from: '2026-11-23',
      to: '2026-11-24',
      note,
      revision,
      withdrawnReason: null,
      createdAt: '2026-11-23T07:30:00.000Z',
    });
    const first = await Promise.all(
      [1, 1, 1, 1].map(() => put(`absence-notices/${id}`, notice(1, 'ill'))),
    );
    expect(first.map((a) => a.statusCode).toSorted()).toEqual([200, 200, 200, 201]);
    const later = await Promise.all(
      [2, 3, 2, 3].map((r) => put(`absence-notices/${id}`, notice(r, `revision ${r}`))),
    );
    for (const a of later) expect(a.statusCode).toBe(200);
    const stored = await t.app.db
      .selectFrom('absence_notices')
      .select(['revision', 'note'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    // Whatever order they ran in, revision 3 wins and is never overwritten by 2.
    expect(stored).toEqual({ revision: 3, note: 'revision 3' });
  });

  it('takes many new marks and notices sent at once, every one of them, none refused', async () => {
    // A 9 o'clock rush in miniature: writers that touch the same tables (ids made one after
    // another, as UUIDv7s are) must queue, not fail each other into 503s. (Under
    // SERIALIZABLE, half of these failed their first try on PostgreSQL.)
    const writes = Array.from({ length: 80 }, (_, i) => {
      const id = uuid();
      return i % 2 === 0
        ? put(`session-completions/${id}`, {
            sessionId: session,
            pupilId: amira.id,
            done: true,
            at: '2026-11-23T10:00:00.000Z',
          })
        : put(`absence-notices/${id}`, {
            pupilId: amira.id,
            reason: 'ill',
            from: '2026-11-25',
            to: '2026-11-25',
            note: `notice ${i}`,
            revision: 1,
            withdrawnReason: null,
            createdAt: '2026-11-23T07:30:00.000Z',
          });
    });
    const codes = (await Promise.all(writes)).map((a) => a.statusCode);
    expect(codes.filter((c) => c !== 201)).toEqual([]);
  });

  it('never lets uploads started at once pass the family quota together', async () => {
    const size = 300_000; // room for three of them
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => tusCreate(t.app, khan, size)),
    );
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(3);
    expect(codes.filter((c) => c === 413)).toHaveLength(5);
    for (const a of answers.filter((x) => x.statusCode === 413)) {
      expect(a.json().error.code).toBe('quota_exceeded');
    }
    const pending = await t.app.db
      .selectFrom('uploads')
      .select((eb) => eb.fn.sum<number>('size').as('total'))
      .where('committed_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(Number(pending.total)).toBeLessThanOrEqual(quota);
  });
});
