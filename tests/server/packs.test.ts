// Learning packs: staff publish, replace and delete them (drafts never reach a phone);
// sync carries upserts to the families of the class or the child and deletes when a pack
// leaves their sight; families tick activities and ask for paper copies (idempotent,
// scoped to their own children); staff see the progress and mark paper copies posted.
import { v7 as uuid } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncChange } from '../../src/shared/api.ts';
import { startApp, twoFamilies, type TestApp } from './helpers.ts';
import { familyClient, packBody, staffClient, tinyPdf } from './pack-fixtures.ts';
import { sync, synced } from './schedule-fixtures.ts';

let t: TestApp;
let f: Awaited<ReturnType<typeof twoFamilies>>;
let staff: ReturnType<typeof staffClient>;
let khan: ReturnType<typeof familyClient>;
let novak: ReturnType<typeof familyClient>;
let amira: { id: string; class_id: string };
let yusuf: { id: string; class_id: string };
let maja: { id: string; class_id: string };

beforeAll(async () => {
  t = await startApp();
  f = await twoFamilies(t);
  staff = staffClient(t.app, f.adminCookie);
  khan = familyClient(t.app, f.khan.token);
  novak = familyClient(t.app, f.novak.token);
  amira = f.pupils.Amira!;
  yusuf = f.pupils.Yusuf!;
  maja = f.pupils.Maja!;
});
afterAll(() => t.close());

/** The family's cursor now, so a test can read only what happens after it. */
const cursorOf = async (token: string) => (await sync(t.app, token)).cursor;
const delta = async (token: string, since: string) => (await sync(t.app, token, since)).changes;
const packChanges = (changes: SyncChange[], id: string) =>
  changes.filter((c) => c.entity === 'pack' && (c.op === 'upsert' ? c.data.id : c.id) === id);

describe('staff packs', () => {
  it('creates a draft, answers the same body again unchanged, and publishes it', async () => {
    const id = uuid();
    const body = packBody(amira.class_id, { published: false, weekStart: '2026-11-23' });
    const created = await staff.putPack(id, body);
    expect(created.statusCode).toBe(201);
    const pack = created.json().pack;
    expect(pack).toMatchObject({
      id,
      classId: amira.class_id,
      published: false,
      publishedAt: null,
      files: [],
      activities: body.activities,
    });
    const again = await staff.putPack(id, body);
    expect(again.statusCode).toBe(200);
    expect(again.json().pack).toEqual(pack);
    // A draft reaches nobody.
    expect((await synced(t.app, f.khan.token, 'pack')).map((p) => p.id)).not.toContain(id);

    const published = await staff.putPack(id, { ...body, published: true });
    expect(published.statusCode).toBe(200);
    expect(published.json().pack.publishedAt).toEqual(expect.any(String));
    for (const token of [f.khan.token, f.novak.token]) {
      expect((await synced(t.app, token, 'pack')).map((p) => p.id)).toContain(id);
    }
  });

  it('refuses references outside the class or the school, with the field named', async () => {
    const oak = amira.class_id;
    const willowSession = await t.app.db
      .selectFrom('timetable_sessions as s')
      .innerJoin('timetable_weeks as w', 'w.id', 's.week_id')
      .select('s.id')
      .where('w.class_id', '=', yusuf.class_id)
      .executeTakeFirstOrThrow();
    const yusufStep = (await synced(t.app, f.khan.token, 'visualSchedule'))[0]!.steps[0]!.id;
    const activity = { id: uuid(), title: 'Twice' };
    const cases: [object, number, RegExp][] = [
      [packBody(uuid()), 404, /No such class/],
      [packBody(oak, { pupilId: yusuf.id }), 400, /body\.pupilId: not a pupil of this class/],
      [packBody(oak, { sessionIds: [willowSession.id] }), 400, /body\.sessionIds\.0/],
      [packBody(oak, { stepIds: [yusufStep] }), 400, /body\.stepIds\.0/],
      [packBody(oak, { weekStart: '2026-11-25' }), 400, /must be a Monday/],
      [packBody(oak, { activities: [activity, activity] }), 400, /activities\.1: .*twice/],
      [packBody(oak, { links: [{ title: 'Plain', url: 'http://example.org/' }] }), 400, /links/],
    ];
    for (const [body, status, message] of cases) {
      const res = await staff.putPack(uuid(), body);
      expect({ status: res.statusCode, message: res.json().error.message }).toEqual({
        status,
        message: expect.stringMatching(message),
      });
    }
    // The same references inside the class are fine: Yusuf's pack names his own step.
    const ok = await staff.putPack(
      uuid(),
      packBody(yusuf.class_id, {
        pupilId: yusuf.id,
        sessionIds: [willowSession.id],
        stepIds: [yusufStep],
      }),
    );
    expect(ok.statusCode).toBe(201);
  });

  it('sends a delete when a pack is unpublished, moved to one child, or deleted', async () => {
    const id = uuid();
    const body = packBody(amira.class_id);
    expect((await staff.putPack(id, body)).statusCode).toBe(201);
    let khanAt = await cursorOf(f.khan.token);
    let novakAt = await cursorOf(f.novak.token);

    // Unpublished: both Oak families get a delete.
    expect((await staff.putPack(id, { ...body, published: false })).statusCode).toBe(200);
    for (const [token, at] of [
      [f.khan.token, khanAt],
      [f.novak.token, novakAt],
    ] as const) {
      expect(packChanges(await delta(token, at), id)).toEqual([
        { op: 'delete', entity: 'pack', id },
      ]);
    }
    // Published again: both get it back. Then moved to Maja only: the Novaks get the new
    // version, the Khans a delete.
    khanAt = await cursorOf(f.khan.token);
    expect((await staff.putPack(id, body)).statusCode).toBe(200);
    expect(packChanges(await delta(f.khan.token, khanAt), id)).toMatchObject([
      { op: 'upsert', data: { id, pupilId: null } },
    ]);
    khanAt = await cursorOf(f.khan.token);
    novakAt = await cursorOf(f.novak.token);
    expect((await staff.putPack(id, { ...body, pupilId: maja.id })).statusCode).toBe(200);
    expect(packChanges(await delta(f.khan.token, khanAt), id)).toEqual([
      { op: 'delete', entity: 'pack', id },
    ]);
    const toNovak = packChanges(await delta(f.novak.token, novakAt), id);
    expect(toNovak).toMatchObject([{ op: 'upsert', data: { id, pupilId: maja.id } }]);

    // Deleted: a delete, and the id is free again.
    novakAt = await cursorOf(f.novak.token);
    expect((await staff.deletePack(id)).statusCode).toBe(204);
    expect(packChanges(await delta(f.novak.token, novakAt), id)).toEqual([
      { op: 'delete', entity: 'pack', id },
    ]);
    expect((await staff.deletePack(id)).statusCode).toBe(404);
  });

  it('never syncs a class pack to a family with no child in the class', async () => {
    const id = uuid();
    expect((await staff.putPack(id, packBody(yusuf.class_id))).statusCode).toBe(201);
    expect((await synced(t.app, f.khan.token, 'pack')).map((p) => p.id)).toContain(id);
    expect((await synced(t.app, f.novak.token, 'pack')).map((p) => p.id)).not.toContain(id);
  });

  it('keeps instructions verbatim for staff and sends families HTML, still untrusted', async () => {
    // The server stores what staff wrote and sends families the Markdown as HTML, raw HTML
    // and all: the phone sanitises it (src/app/features/packs/instructions.ts), keeping
    // text formatting and https/mailto/tel links only. tests/e2e/packs.test.ts checks that.
    const hostile = [
      '# Week 3',
      '<script>alert("x")</script>',
      '<img src=x onerror=alert(1)>',
      '[click me](javascript:alert(1))',
      '<a href="javascript:alert(2)">there</a>',
    ].join('\n\n');
    const id = uuid();
    const res = await staff.putPack(id, packBody(amira.class_id, { instructions: hostile }));
    expect(res.statusCode).toBe(201);
    expect(res.json().pack.instructions).toBe(hostile);
    const synced_ = (await synced(t.app, f.khan.token, 'pack')).find((p) => p.id === id);
    expect(synced_).not.toHaveProperty('instructions');
    expect(synced_?.instructionsHtml).toContain('<h1>Week 3</h1>');
    expect(synced_?.instructionsHtml).toContain('<script>alert("x")</script>');
  });
});

describe('activity marks and paper requests', () => {
  const packId = uuid();
  const yusufPack = uuid();
  let body: ReturnType<typeof packBody>;

  beforeAll(async () => {
    body = packBody(amira.class_id);
    const made = [
      await staff.putPack(packId, body),
      await staff.putPack(yusufPack, packBody(yusuf.class_id, { pupilId: yusuf.id })),
    ];
    if (made.some((r) => r.statusCode !== 201)) throw new Error('could not make the packs');
  });

  const mark = (extra: object = {}) => ({
    packId,
    activityId: body.activities[0]!.id,
    pupilId: amira.id,
    done: true,
    at: '2026-11-23T10:00:00.000Z',
    ...extra,
  });

  it('takes a mark once: the same body again is a 200, another body a 409', async () => {
    const id = uuid();
    const first = await khan.mark(id, mark());
    expect(first.statusCode).toBe(201);
    // A mark without a revision (an older build's) is stored at the latest one's: 0 here.
    expect(first.json().completion).toEqual({ id, ...mark(), revision: 0 });
    const again = await khan.mark(id, mark());
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    const other = await khan.mark(id, mark({ done: false }));
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe('conflict');
    expect((await synced(t.app, f.khan.token, 'activityCompletion')).map((c) => c.id)).toContain(
      id,
    );
    expect(
      (await synced(t.app, f.novak.token, 'activityCompletion')).map((c) => c.id),
    ).not.toContain(id);
  });

  it('is 404 for another family’s child or pack, and 422 for an activity not in the pack', async () => {
    // Maja is the Novaks': the Khans cannot mark for her, even in her class's pack.
    expect((await khan.mark(uuid(), mark({ pupilId: maja.id }))).statusCode).toBe(404);
    // Yusuf's own pack, marked for Amira; a pack of Yusuf's class, by the Novaks for Maja.
    expect((await khan.mark(uuid(), mark({ packId: yusufPack }))).statusCode).toBe(404);
    const willow = await novak.mark(uuid(), mark({ packId: yusufPack, pupilId: maja.id }));
    expect(willow.statusCode).toBe(404);
    expect((await khan.mark(uuid(), mark({ packId: uuid() }))).statusCode).toBe(404);
    const gone = await khan.mark(uuid(), mark({ activityId: uuid() }));
    expect(gone.statusCode).toBe(422);
    expect(gone.json().error.message).toMatch(/no longer in this pack/);
    // A draft takes nothing.
    const draft = uuid();
    await staff.putPack(draft, packBody(amira.class_id, { published: false }));
    expect((await khan.mark(uuid(), mark({ packId: draft }))).statusCode).toBe(404);
    // Another household's mark (same id, Novak's phone) is still a 404, not a 409.
    const mine = uuid();
    expect((await khan.mark(mine, mark())).statusCode).toBe(201);
    expect((await novak.mark(mine, mark({ pupilId: maja.id }))).statusCode).toBe(404);
  });

  it('shows staff each child’s progress, the latest mark winning', async () => {
    const [first, second] = body.activities;
    await khan.mark(uuid(), mark({ activityId: second!.id, at: '2026-11-23T11:00:00.000Z' }));
    await khan.mark(
      uuid(),
      mark({ activityId: second!.id, done: false, at: '2026-11-23T12:00:00.000Z' }),
    );
    await novak.mark(uuid(), mark({ pupilId: maja.id, activityId: second!.id }));
    const res = await staff.get(`/packs?classId=${amira.class_id}`);
    expect(res.statusCode).toBe(200);
    const listed = res.json().packs.find((p: { id: string }) => p.id === packId);
    const byName = Object.fromEntries(
      listed.progress.map((p: { pupilName: string }) => [p.pupilName, p]),
    );
    expect(byName.Amira).toMatchObject({ done: 1, of: 2, doneActivityIds: [first!.id] });
    expect(byName.Maja).toMatchObject({ done: 1, of: 2, doneActivityIds: [second!.id] });
    expect(Object.keys(byName).toSorted()).toEqual(['Amira', 'Maja']);
  });

  it('lets the later decision win whatever the phones’ clocks say (revisions)', async () => {
    const pupilId = yusuf.id;
    const yusufsPack = uuid();
    await staff.putPack(yusufsPack, packBody(yusuf.class_id, { pupilId }));
    const activities = (await staff.get(`/packs?classId=${yusuf.class_id}`))
      .json()
      .packs.find((p: { id: string }) => p.id === yusufsPack).activities;
    const on = { packId: yusufsPack, activityId: activities[0].id, pupilId };
    // Ticked at 10:00 on one phone; unticked after, on a phone an hour behind (09:05).
    await khan.mark(uuid(), { ...on, done: true, at: '2026-11-23T10:00:00.000Z', revision: 1 });
    await khan.mark(uuid(), { ...on, done: false, at: '2026-11-23T09:05:00.000Z', revision: 2 });
    const progress = (await staff.get(`/packs?classId=${yusuf.class_id}`))
      .json()
      .packs.find((p: { id: string }) => p.id === yusufsPack).progress;
    expect(progress).toEqual([expect.objectContaining({ pupilId, done: 0 })]);
    // Every phone gets both marks with their revisions, and so picks the same one.
    const marks = (await synced(t.app, f.khan.token, 'activityCompletion')).filter(
      (m) => m.packId === yusufsPack,
    );
    expect(marks.map((m) => [m.revision, m.done])).toEqual(
      expect.arrayContaining([
        [1, true],
        [2, false],
      ]),
    );
  });

  it('takes a paper request once, lets staff mark it posted, and syncs postedAt', async () => {
    const id = uuid();
    const request = {
      packId,
      pupilId: amira.id,
      note: '  We have no printer.  ',
      createdAt: '2026-11-23T09:00:00.000Z',
    };
    const first = await khan.askForPaper(id, request);
    expect(first.statusCode).toBe(201);
    expect(first.json().request).toMatchObject({
      id,
      note: 'We have no printer.',
      postedAt: null,
      receivedAt: expect.any(String),
    });
    expect((await khan.askForPaper(id, request)).json()).toEqual(first.json());
    const changed = await khan.askForPaper(id, { ...request, note: 'Actually, never mind' });
    expect(changed.statusCode).toBe(409);
    expect((await khan.askForPaper(uuid(), { ...request, pupilId: maja.id })).statusCode).toBe(404);
    expect((await khan.askForPaper(uuid(), { ...request, packId: yusufPack })).statusCode).toBe(
      404,
    );
    const older = uuid();
    expect(
      (
        await novak.askForPaper(older, {
          ...request,
          pupilId: maja.id,
          createdAt: '2026-11-22T09:00:00.000Z',
        })
      ).statusCode,
    ).toBe(201);

    const listed = await staff.get('/paper-requests');
    expect(listed.statusCode).toBe(200);
    expect(listed.json().requests.map((r: { id: string }) => r.id)).toEqual([older, id]);
    expect(listed.json().requests[1]).toMatchObject({
      familyName: 'Khan family',
      pupilName: 'Amira',
      packTitle: 'Spellings',
      classId: amira.class_id,
    });

    const before = await cursorOf(f.khan.token);
    const posted = await staff.post(`/paper-requests/${id}/posted`);
    expect(posted.statusCode).toBe(200);
    const postedAt = posted.json().request.postedAt;
    expect(postedAt).toEqual(expect.any(String));
    expect((await staff.post(`/paper-requests/${id}/posted`)).json().request.postedAt).toBe(
      postedAt,
    );
    const changes = await delta(f.khan.token, before);
    expect(changes).toContainEqual({
      op: 'upsert',
      entity: 'paperRequest',
      data: expect.objectContaining({ id, postedAt }),
    });
    // Open ones first: the Novaks' request is now the only open one, then the posted one.
    const after = await staff.get('/paper-requests');
    expect(after.json().requests.map((r: { id: string }) => r.id)).toEqual([older, id]);
    const inPack = (await staff.get(`/packs?classId=${amira.class_id}`))
      .json()
      .packs.find((p: { id: string }) => p.id === packId);
    expect(inPack.paperRequests.map((r: { id: string }) => r.id)).toEqual([older, id]);
    expect((await staff.post(`/paper-requests/${uuid()}/posted`)).statusCode).toBe(404);
  });

  it('deletes the marks and requests with the pack, and tells the family', async () => {
    const id = uuid();
    const pack = packBody(amira.class_id);
    await staff.putPack(id, pack);
    const markId = uuid();
    const requestId = uuid();
    await khan.mark(markId, mark({ packId: id, activityId: pack.activities[0]!.id }));
    await khan.askForPaper(requestId, {
      packId: id,
      pupilId: amira.id,
      note: '',
      createdAt: '2026-11-23T09:00:00.000Z',
    });
    const before = await cursorOf(f.khan.token);
    // A paper copy still to post: staff are told, and nothing is deleted.
    const refused = await staff.deletePack(id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toEqual({
      code: 'paper_copies_waiting',
      message:
        '1 paper copy of this pack still to post. Post them first, or delete with ?force=1 (the requests go too).',
      details: { waiting: 1 },
    });
    expect(await delta(f.khan.token, before)).toEqual([]);
    expect((await staff.deletePack(id, '?force=yes')).statusCode).toBe(400);
    expect((await staff.deletePack(id, '?force=1')).statusCode).toBe(204);
    const changes = await delta(f.khan.token, before);
    expect(changes).toEqual(
      expect.arrayContaining([
        { op: 'delete', entity: 'pack', id },
        { op: 'delete', entity: 'activityCompletion', id: markId },
        { op: 'delete', entity: 'paperRequest', id: requestId },
      ]),
    );
  });

  it('deletes a pack whose paper copies were all posted without asking twice', async () => {
    const id = uuid();
    await staff.putPack(id, packBody(amira.class_id));
    const requestId = uuid();
    await khan.askForPaper(requestId, {
      packId: id,
      pupilId: amira.id,
      note: '',
      createdAt: '2026-11-23T09:00:00.000Z',
    });
    expect((await staff.post(`/paper-requests/${requestId}/posted`)).statusCode).toBe(200);
    expect((await staff.deletePack(id)).statusCode).toBe(204);
  });

  it('lists the school’s packs with their files, filtered by class and week', async () => {
    const id = uuid();
    await staff.putPack(id, packBody(amira.class_id, { weekStart: '2030-01-07' }));
    const file = await staff.putFile(id, uuid(), 'application/pdf', tinyPdf('listed'), {
      name: 'Sheet.pdf',
    });
    expect(file.statusCode).toBe(201);
    const res = await staff.get('/packs?weekStart=2030-01-07');
    expect(res.json().packs).toHaveLength(1);
    expect(res.json().packs[0]).toMatchObject({
      id,
      files: [{ name: 'Sheet.pdf', kind: 'pdf' }],
      published: true,
    });
    expect((await staff.get(`/packs?classId=${uuid()}`)).statusCode).toBe(404);
    const anon = await t.app.inject({ method: 'GET', url: '/api/v1/staff/packs' });
    expect(anon.statusCode).toBe(401);
  });
});
