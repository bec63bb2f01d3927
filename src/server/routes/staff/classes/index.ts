// GET /staff/classes (with pupils) and GET /staff/families (with their children).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { staffClassesResponseSchema } from '../../../../shared/api.ts';
import type { Pupil } from '../../../../shared/entities.ts';
import { staffFamiliesResponseSchema } from '../../../../shared/staff-api.ts';
import { toClass, toPupil } from '../../../db/mappers.ts';
import { staffOf } from '../../../plugins/auth.ts';

export const classRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/classes',
    {
      schema: {
        tags: ['staff'],
        security: [{ staff: [] }],
        response: { 200: staffClassesResponseSchema },
      },
    },
    async (req) => {
      const { schoolId } = staffOf(req);
      const classes = await app.db
        .selectFrom('classes')
        .selectAll()
        .where('school_id', '=', schoolId)
        .orderBy('name')
        .execute();
      const pupils = await app.db
        .selectFrom('pupils')
        .innerJoin('classes', 'classes.id', 'pupils.class_id')
        .selectAll('pupils')
        .where('classes.school_id', '=', schoolId)
        .orderBy('pupils.display_name')
        .execute();
      return {
        classes: classes.map((c) => ({
          ...toClass(c),
          pupils: pupils.filter((p) => p.class_id === c.id).map(toPupil),
        })),
      };
    },
  );

  app.get(
    '/families',
    {
      schema: {
        tags: ['staff'],
        security: [{ staff: [] }],
        response: { 200: staffFamiliesResponseSchema },
      },
    },
    async (req) => {
      const { schoolId } = staffOf(req);
      const families = await app.db
        .selectFrom('families')
        .select(['id', 'name'])
        .where('school_id', '=', schoolId)
        .orderBy('name')
        .execute();
      const links = await app.db
        .selectFrom('family_pupils')
        .innerJoin('families', 'families.id', 'family_pupils.family_id')
        .innerJoin('pupils', 'pupils.id', 'family_pupils.pupil_id')
        .selectAll('pupils')
        .select('family_pupils.family_id')
        .where('families.school_id', '=', schoolId)
        .orderBy('pupils.display_name')
        .execute();
      const byFamily = new Map<string, Pupil[]>();
      for (const l of links) {
        const list = byFamily.get(l.family_id) ?? [];
        list.push(toPupil(l));
        byFamily.set(l.family_id, list);
      }
      return { families: families.map((f) => ({ ...f, pupils: byFamily.get(f.id) ?? [] })) };
    },
  );
};
