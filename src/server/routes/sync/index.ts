// GET /api/v1/sync?since=<cursor>&limit=<n>: the phone's one read endpoint (see pull.ts).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { syncQuerySchema, syncResponseSchema } from '../../../shared/api.ts';
import { deviceOf } from '../../plugins/auth.ts';
import { pull } from './pull.ts';
import { loadFamilyScope } from './scope.ts';

export const syncRoutes: FastifyPluginAsyncZod<{ epoch: string }> = async (app, opts) => {
  app.get(
    '/sync',
    {
      onRequest: app.requireDevice,
      schema: {
        tags: ['family'],
        security: [{ device: [] }],
        querystring: syncQuerySchema,
        response: { 200: syncResponseSchema },
      },
    },
    async (req) => {
      const device = deviceOf(req);
      const scope = await loadFamilyScope(app.db, device.familyId);
      return pull(app.db, opts.epoch, scope, req.query.since, req.query.limit);
    },
  );
};
