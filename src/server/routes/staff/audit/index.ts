// GET /staff/audit (admin only): who read or exported which child's or class's records,
// newest first; `before` pages, `staffId` and `subjectId` narrow it.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { staffEndpoints as e } from '../../../../shared/staff/contract.ts';
import { listAudit } from '../../../db/staff-audit.ts';
import { staffOf } from '../../../plugins/auth.ts';

export const staffAuditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    e.audit.path,
    {
      config: { access: { can: 'admin', scope: [] } },
      schema: {
        tags: ['staff'],
        security: [{ staff: [] }],
        querystring: e.audit.query,
        response: { 200: e.audit.response },
      },
    },
    async (req) => listAudit(app.db, staffOf(req).schoolId, req.query),
  );
};
