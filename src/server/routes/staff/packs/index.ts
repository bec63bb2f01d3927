// Learning packs, for staff of the pack's school:
//   GET    /staff/packs?classId=&weekStart=   the school's packs (drafts too), newest week
//          first (packs without a week last), each with its files, every child's ticked
//          activities (`progress`: the latest mark per activity, db/marks.ts) and the
//          paper copies asked for
//   PUT    /staff/packs/:id   create or replace a pack's text (files are separate, see
//          files.ts); the same body again changes nothing. `published: false` keeps it a
//          draft no family sees; unpublishing a published pack, or moving it to another
//          child or class, sends a delete to every family that could see it before
//   DELETE /staff/packs/:id   deletes the pack, its files, activity marks and paper
//          requests (families get deletes); bytes nothing else names leave storage. While
//          a paper copy is still to post it is a 409 (`paper_copies_waiting`) unless
//          `?force=1`: a family waiting for paper would otherwise lose the request silently
// The class must be the member's school's (404); the pupil must be in that class, the
// sessions in its timetable and the steps in its children's schedules (400, naming the
// field). Files: files.ts. Paper requests: paper-requests.ts.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  staffPackBodySchema,
  staffPackDeleteQuerySchema,
  staffPackResponseSchema,
  staffPacksQuerySchema,
  staffPacksResponseSchema,
  type PackActivity,
  type StaffPackListItem,
} from '../../../../shared/packs.ts';
import { idParamsSchema } from '../../../../shared/staff-api.ts';
import { deleteStored, releaseBlobs } from '../../../db/blobs.ts';
import { recordChange, type Scope } from '../../../db/changes.ts';
import type { Db } from '../../../db/database.ts';
import { toStaffPack } from '../../../db/mappers.ts';
import { checkPackRefs, filesOfPacks, packColumns, packScope } from '../../../db/packs.ts';
import type { PackRow } from '../../../db/schema.ts';
import { canonicalHash } from '../../../lib/canonical.ts';
import { HttpError, notFound } from '../../../lib/http-error.ts';
import { staffOf } from '../../../plugins/auth.ts';
import { classInSchool } from '../school-scope.ts';
import { packFileRoutes } from './files.ts';
import { paperRequestRoutes } from './paper-requests.ts';
import { checkPackRevision, findPackInSchool, staffPaperRequests } from './queries.ts';

/** Each child's activities marked done: the latest mark per activity (db/marks.ts). */
async function progressOf(db: Db, packs: PackRow[]) {
  const ids = packs.map((p) => p.id);
  const classIds = [...new Set(packs.map((p) => p.class_id))];
  if (ids.length === 0) return new Map<string, StaffPackListItem['progress']>();
  const pupils = await db
    .selectFrom('pupils')
    .select(['id', 'class_id', 'display_name'])
    .where('class_id', 'in', classIds)
    .orderBy('display_name')
    .orderBy('id')
    .execute();
  const marks = await db
    .selectFrom('activity_completions')
    .select(['id', 'pack_id', 'pupil_id', 'activity_id', 'done', 'at'])
    .where('pack_id', 'in', ids)
    .orderBy('revision')
    .orderBy('at')
    .orderBy('id')
    .execute();
  // Ascending, so the last mark seen for a key is the one that counts.
  const latest = new Map<string, boolean>();
  for (const m of marks) latest.set(`${m.pack_id}:${m.pupil_id}:${m.activity_id}`, m.done === 1);
  return new Map(
    packs.map((p) => {
      const activities = JSON.parse(p.activities) as PackActivity[];
      const forWhom = pupils.filter((u) =>
        p.pupil_id ? u.id === p.pupil_id : u.class_id === p.class_id,
      );
      return [
        p.id,
        forWhom.map((u) => {
          const doneActivityIds = activities
            .filter((a) => latest.get(`${p.id}:${u.id}:${a.id}`) === true)
            .map((a) => a.id);
          return {
            pupilId: u.id,
            pupilName: u.display_name,
            doneActivityIds,
            done: doneActivityIds.length,
            of: activities.length,
          };
        }),
      ];
    }),
  );
}

export const staffPackRoutes: FastifyPluginAsyncZod = async (app) => {
  const security = [{ staff: [] }];
  await app.register(packFileRoutes);
  await app.register(paperRequestRoutes);

  app.get(
    '/packs',
    {
      schema: {
        tags: ['staff'],
        security,
        querystring: staffPacksQuerySchema,
        response: { 200: staffPacksResponseSchema },
      },
    },
    async (req) => {
      const { schoolId } = staffOf(req);
      const { classId, weekStart } = req.query;
      if (classId) await classInSchool(app.db, classId, schoolId);
      let q = app.db
        .selectFrom('packs as p')
        .innerJoin('classes as c', 'c.id', 'p.class_id')
        .selectAll('p')
        .where('c.school_id', '=', schoolId);
      if (classId) q = q.where('p.class_id', '=', classId);
      if (weekStart) q = q.where('p.week_start', '=', weekStart);
      const rows = (await q.execute()).toSorted(
        (a, b) =>
          (b.week_start ?? '').localeCompare(a.week_start ?? '') ||
          a.title.localeCompare(b.title) ||
          a.id.localeCompare(b.id),
      );
      const ids = rows.map((r) => r.id);
      const files = await filesOfPacks(app.db, ids);
      const progress = await progressOf(app.db, rows);
      const requests = await staffPaperRequests(app.db, schoolId, { packIds: ids });
      const packs: StaffPackListItem[] = rows.map((r) => ({
        ...toStaffPack(r, files.get(r.id) ?? []),
        progress: progress.get(r.id) ?? [],
        paperRequests: requests.filter((pr) => pr.packId === r.id),
      }));
      return { packs };
    },
  );

  app.put(
    '/packs/:id',
    {
      schema: {
        tags: ['staff'],
        security,
        params: idParamsSchema,
        body: staffPackBodySchema,
        response: { 200: staffPackResponseSchema, 201: staffPackResponseSchema },
      },
    },
    async (req, reply) => {
      const staff = staffOf(req);
      const { id } = req.params;
      const body = req.body;
      await classInSchool(app.db, body.classId, staff.schoolId);
      if (body.weekStart && new Date(`${body.weekStart}T00:00:00Z`).getUTCDay() !== 1) {
        throw new HttpError(
          400,
          'bad_request',
          'Invalid request: body.weekStart: must be a Monday',
        );
      }
      const { baseRevision, ...content } = body;
      const bodyHash = canonicalHash(content);
      const result = await app.db.transaction().execute(async (trx) => {
        const existing = await findPackInSchool(trx, id, staff.schoolId);
        if (existing?.body_hash === bodyHash) return { status: 200 as const, row: existing };
        await checkPackRevision(trx, existing, baseRevision);
        await checkPackRefs(trx, body);
        const at = app.now().toISOString();
        const change = {
          ...packColumns(body),
          published_at: body.published ? (existing?.published_at ?? at) : null,
          body_hash: bodyHash,
          updated_by: staff.id,
          updated_at: at,
          revision: (existing?.revision ?? 0) + 1,
        };
        let row: PackRow;
        if (existing) {
          row = { ...existing, ...change };
          await trx.updateTable('packs').set(change).where('id', '=', id).execute();
        } else {
          row = { id, created_by: staff.id, created_at: at, ...change };
          await trx.insertInto('packs').values(row).execute();
        }
        // The old and the new audience both hear of it: whoever can no longer see the pack
        // (a draft now, or another child's) gets a delete at sync time.
        const scopes: Scope[] = [];
        if (row.published_at) scopes.push(packScope(row));
        if (existing?.published_at) scopes.push(packScope(existing));
        await recordChange(trx, scopes, 'pack', id, 'upsert');
        return { status: existing ? (200 as const) : (201 as const), row };
      });
      const files = await filesOfPacks(app.db, [id]);
      return reply.code(result.status).send({ pack: toStaffPack(result.row, files.get(id) ?? []) });
    },
  );

  app.delete(
    '/packs/:id',
    {
      schema: {
        tags: ['staff'],
        security,
        params: idParamsSchema,
        querystring: staffPackDeleteQuerySchema,
      },
    },
    async (req, reply) => {
      const staff = staffOf(req);
      const { id } = req.params;
      const released = await app.db.transaction().execute(async (trx) => {
        const existing = await findPackInSchool(trx, id, staff.schoolId);
        if (!existing) throw notFound('No such pack.');
        if (req.query.baseRevision !== undefined) {
          await checkPackRevision(trx, existing, req.query.baseRevision);
        }
        // A family waiting for a paper copy would lose the request without a word.
        const { n } = await trx
          .selectFrom('paper_requests')
          .select(({ fn }) => fn.countAll<number>().as('n'))
          .where('pack_id', '=', id)
          .where('posted_at', 'is', null)
          .executeTakeFirstOrThrow();
        const waiting = Number(n);
        if (waiting > 0 && req.query.force !== '1') {
          throw new HttpError(
            409,
            'paper_copies_waiting',
            `${waiting} paper ${waiting === 1 ? 'copy' : 'copies'} of this pack still to post. ` +
              'Post them first, or delete with ?force=1 (the requests go too).',
            { waiting },
          );
        }
        for (const table of ['activity_completions', 'paper_requests'] as const) {
          const rows = await trx
            .selectFrom(table)
            .select(['id', 'pupil_id'])
            .where('pack_id', '=', id)
            .execute();
          const entity = table === 'paper_requests' ? 'paperRequest' : 'activityCompletion';
          for (const r of rows) {
            await recordChange(trx, [{ type: 'pupil', id: r.pupil_id }], entity, r.id, 'delete');
          }
          await trx.deleteFrom(table).where('pack_id', '=', id).execute();
        }
        const files = await trx
          .selectFrom('pack_files')
          .select('sha256')
          .where('pack_id', '=', id)
          .execute();
        await trx.deleteFrom('pack_files').where('pack_id', '=', id).execute();
        await trx.deleteFrom('packs').where('id', '=', id).execute();
        if (existing.published_at) {
          await recordChange(trx, [packScope(existing)], 'pack', id, 'delete');
        }
        return releaseBlobs(
          trx,
          files.map((f) => f.sha256),
        );
      });
      await deleteStored(app.storage, released);
      return reply.code(204).send();
    },
  );
};
