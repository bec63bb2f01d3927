// GET /api/health (for load balancers and the demo) and GET /api/openapi.json.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { healthResponseSchema } from '../../../shared/staff-api.ts';

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/health',
    { schema: { tags: ['meta'], response: { 200: healthResponseSchema } } },
    async () => ({ ok: true as const }),
  );
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
};
