// GET /staff/classes (with pupils), GET /staff/classes/:id (one class and its pupils) and
// GET /staff/families (with their children): only the classes the member reaches.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { staffEndpoints as e } from '../../../../shared/staff/contract.ts';
import { classesWithPupils, familiesWithPupils } from '../../../db/staff-classes.ts';
import { notFound } from '../../../lib/http-error.ts';
import { reachOf } from '../../../plugins/access.ts';
import { staffOf } from '../../../plugins/auth.ts';

export const classRoutes: FastifyPluginAsyncZod = async (app) => {
  const security = [{ staff: [] }];

  app.get(
    e.classes.path,
    {
      config: { access: { can: 'read', scope: [], audit: { kind: 'pupils' } } },
      schema: { tags: ['staff'], security, response: { 200: e.classes.response } },
    },
    async (req) => ({
      classes: await classesWithPupils(app.db, staffOf(req).schoolId, reachOf(req).classIds),
    }),
  );

  app.get(
    e.class.path,
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
        params: e.class.params,
        response: { 200: e.class.response },
      },
    },
    async (req) => {
      const [found] = await classesWithPupils(app.db, staffOf(req).schoolId, [req.params.id]);
      if (!found) throw notFound('No such class.');
      return { class: found };
    },
  );

  app.get(
    e.families.path,
    {
      config: { access: { can: 'read', scope: [], audit: { kind: 'families' } } },
      schema: { tags: ['staff'], security, response: { 200: e.families.response } },
    },
    async (req) => ({
      families: await familiesWithPupils(app.db, staffOf(req).schoolId, reachOf(req).classIds),
    }),
  );
};
