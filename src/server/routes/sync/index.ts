// GET /api/v1/sync?since=<cursor>&limit=<n>: the phone's one read endpoint (see pull.ts).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { syncQuerySchema, syncResponseSchema } from '../../../shared/api.ts';
import { outboxHeader, parseOutboxReport } from '../../../shared/outbox-report.ts';
import { recordOutboxReport } from '../../db/device-outbox.ts';
import { deviceOf } from '../../plugins/auth.ts';
import { withFutureChanges } from './future.ts';
import { pull } from './pull.ts';

export const syncRoutes: FastifyPluginAsyncZod<{ epoch: string; futureChanges?: boolean }> = async (
  app,
  opts,
) => {
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
    async (req, reply) => {
      const device = deviceOf(req);
      // What the phone still holds (an older build sends nothing: the row keeps its last).
      const report = parseOutboxReport(req.headers[outboxHeader.toLowerCase()]);
      if (report) await recordOutboxReport(app.db, device.id, report, app.now());
      const page = await pull(app.db, opts.epoch, device.scope, req.query.since, req.query.limit);
      if (!opts.futureChanges) return page;
      // Not the contract's schema on purpose: what a newer server would send (future.ts).
      return reply
        .serializer(JSON.stringify)
        .send(withFutureChanges(page) as unknown as typeof page);
    },
  );
};
