// GET /staff/classes (with pupils), GET /staff/classes/:id (one class and its pupils) and
// GET /staff/families (with their children): only the classes the member reaches.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { staffClassesResponseSchema } from '../../../../shared/api.ts';
import { idParamsSchema, staffFamiliesResponseSchema } from '../../../../shared/staff-api.ts';
import { staffClassResponseSchema } from '../../../../shared/staff/classes.ts';
import { classesWithPupils, familiesWithPupils } from '../../../db/staff-classes.ts';
import { notFound } from '../../../lib/http-error.ts';
import { reachOf } from '../../../plugins/access.ts';
import { staffOf } from '../../../plugins/auth.ts';

export const classRoutes: FastifyPluginAsyncZod = async (app) => {
  const security = [{ staff: [] }];

  app.get(
    '/classes',
    {
      config: { access: { can: 'read', scope: [], audit: { kind: 'pupils' } } },
      schema: { tags: ['staff'], security, response: { 200: staffClassesResponseSchema } },
    },
    async (req) => ({
      classes: await classesWithPupils(app.db, staffOf(req).schoolId, reachOf(req).classIds),
    }),
  );

  app.get(
    '/classes/:id',
    {
      config: {
        access: {
          can: 'read',
          scope: [{ kind: 'class', from: 'params.id' }],
          audit: { kind: 'pupils' },
        },
      },
      schema: {
        tags: ['staff'],
        security,
        params: idParamsSchema,
        response: { 200: staffClassResponseSchema },
      },
    },
    async (req) => {
      const [found] = await classesWithPupils(app.db, staffOf(req).schoolId, [req.params.id]);
      if (!found) throw notFound('No such class.');
      return { class: found };
    },
  );

  app.get(
    '/families',
    {
      config: { access: { can: 'read', scope: [], audit: { kind: 'families' } } },
      schema: { tags: ['staff'], security, response: { 200: staffFamiliesResponseSchema } },
    },
    async (req) => ({
      families: await familiesWithPupils(app.db, staffOf(req).schoolId, reachOf(req).classIds),
    }),
  );
};
