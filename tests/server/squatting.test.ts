// Whose id: a family-made id belongs to the family that showed it to the server first (in
// the write, or in the metadata of the upload carrying its bytes). Another family, of the
// same school or another, can never take it and lock the owner out (routes/README.md).
import { v7 as uuid } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, twoFamilies, type TestApp } from './helpers.ts';
import {
  bodyFor,
  canWrite,
  familyCollections,
  noticeBody,
  putRecord,
  type FamilyCollection,
  type Writer,
} from './family-write-fixtures.ts';
import { pngBytes } from './schedule-fixtures.ts';
import { secondSchool } from './second-school.ts';
import { startUpload, uploadPage } from './tus.ts';

let t: TestApp;
let khan: Writer;
let novak: Writer;
let elm: Writer;

const tables: Record<FamilyCollection, string> = {
  'session-completions': 'session_completions',
  'absence-notices': 'absence_notices',
  'visual-schedules': 'visual_schedules',
  'reward-charts': 'reward_charts',
  'reward-events': 'reward_events',
  'activity-completions': 'activity_completions',
  'paper-requests': 'paper_requests',
  submissions: 'submissions',
  media: 'media_files',
};

async function rowsWith(collection: FamilyCollection, id: string) {
  return t.app.db
    .selectFrom(tables[collection] as 'absence_notices')
    .select(['id', 'pupil_id'])
    .where((eb) => eb(eb.fn('lower', ['id']), '=', id.toLowerCase()))
    .execute();
}

beforeAll(async () => {
  t = await startApp();
  const f = await twoFamilies(t);
  const second = await secondSchool(t);
  khan = { app: t.app, token: f.khan.token, pupilId: f.pupils.Amira!.id };
  novak = { app: t.app, token: f.novak.token, pupilId: f.pupils.Maja!.id };
  elm = { app: t.app, token: second.token, pupilId: second.pupilId };
});
afterAll(() => t.close());

describe('an id another family made', () => {
  for (const collection of familyCollections) {
    it(`${collection}: stays its owner’s; the same and another school’s families get a 404`, async () => {
      const id = uuid();
      const body = await bodyFor(khan, collection);
      expect((await putRecord(khan, collection, id, body)).statusCode).toBe(201);

      for (const squatter of [novak, elm]) {
        // Where their child has the things it needs, their body is good: with an id of
        // their own it is taken.
        const writable = await canWrite(squatter, collection);
        const own = writable
          ? (await putRecord(squatter, collection, uuid(), await bodyFor(squatter, collection)))
              .statusCode
          : null;
        expect(own).toBe(writable ? 201 : null);
        for (const copy of [id, id.toUpperCase()]) {
          const squat = await putRecord(
            squatter,
            collection,
            copy,
            await bodyFor(squatter, collection),
          );
          expect({ copy, status: squat.statusCode }).toEqual({ copy, status: 404 });
          expect(squat.json().error.code).toBe('not_found');
        }
      }

      // The owner's retries (any case) still get its record; nothing else was stored.
      for (const copy of [id, id.toUpperCase()]) {
        const again = await putRecord(khan, collection, copy, body);
        expect({ copy, status: again.statusCode }).toEqual({ copy, status: 200 });
      }
      expect(await rowsWith(collection, id)).toEqual([{ id, pupil_id: khan.pupilId }]);
    });
  }
});

describe('an id an upload named', () => {
  const cases: {
    collection: 'submissions' | 'media';
    owner: () => Writer;
    squatter: () => Writer;
  }[] = [
    { collection: 'submissions', owner: () => novak, squatter: () => khan },
    { collection: 'submissions', owner: () => elm, squatter: () => khan },
    { collection: 'media', owner: () => novak, squatter: () => elm },
    { collection: 'media', owner: () => elm, squatter: () => khan },
  ];
  for (const c of cases) {
    it(`${c.collection}: cannot be committed first by another family, which never blocks the owner`, async () => {
      const owner = c.owner();
      const squatter = c.squatter();
      const recordId = uuid();
      const started = await startUpload(t.app, owner.token, recordId, await pngBytes(90, 60));

      // The squatter learned the id (say, from a leak) and sends its own photo under it,
      // its upload naming the id too.
      const theirs = await uploadPage(t.app, squatter.token, await pngBytes(70, 50), {
        submissionId: recordId,
      });
      const squatBody =
        c.collection === 'submissions'
          ? {
              pupilId: squatter.pupilId,
              sessionId: null,
              note: 'mine now',
              createdAt: '2026-11-23T10:00:00.000Z',
              pages: [theirs],
            }
          : { pupilId: squatter.pupilId, kind: 'image', ...theirs };
      const squat = await putRecord(squatter, c.collection, recordId, squatBody);
      expect(squat.statusCode).toBe(404);
      // An upper-case copy of an id no record has yet is not a new record's id either.
      const upper = await putRecord(squatter, c.collection, recordId.toUpperCase(), squatBody);
      expect(upper.statusCode).toBe(400);
      // Nor under any other kind of record.
      const notice = await putRecord(
        squatter,
        'absence-notices',
        recordId,
        noticeBody(squatter.pupilId),
      );
      expect(notice.statusCode).toBe(404);
      const claims = await t.app.db
        .selectFrom('uploads')
        .select(['id', 'claim_id'])
        .where('id', 'in', [started.ref.uploadId, theirs.uploadId])
        .execute();
      expect(Object.fromEntries(claims.map((r) => [r.id, r.claim_id]))).toEqual({
        [started.ref.uploadId]: recordId,
        [theirs.uploadId]: null,
      });

      // The owner finishes and commits: its record, under its id.
      expect((await started.finish()).statusCode).toBe(204);
      const ownBody =
        c.collection === 'submissions'
          ? {
              pupilId: owner.pupilId,
              sessionId: null,
              note: 'Page 4',
              createdAt: '2026-11-23T10:00:00.000Z',
              pages: [started.ref],
            }
          : { pupilId: owner.pupilId, kind: 'image', ...started.ref };
      const commit = await putRecord(owner, c.collection, recordId, ownBody);
      expect(commit.statusCode).toBe(201);
      expect(await rowsWith(c.collection, recordId)).toEqual([
        { id: recordId, pupil_id: owner.pupilId },
      ]);
      // And the squatter, asking again now the record exists, is still a 404.
      expect((await putRecord(squatter, c.collection, recordId, squatBody)).statusCode).toBe(404);
    });
  }
});
