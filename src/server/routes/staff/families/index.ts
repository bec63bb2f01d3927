// Join codes and devices of a family: issue and revoke codes, list and revoke phones.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { joinCodeSchema, staffJoinCodeBodySchema } from '../../../../shared/api.ts';
import { id } from '../../../../shared/entities.ts';
import {
  idParamsSchema,
  staffDeviceResponseSchema,
  staffDevicesResponseSchema,
  staffJoinCodeResponseSchema,
} from '../../../../shared/staff-api.ts';
import { issueJoinCode } from '../../../db/join-codes.ts';
import { notFound } from '../../../lib/http-error.ts';
import { staffOf } from '../../../plugins/auth.ts';
import { familyInSchool } from '../school-scope.ts';

type CodeRow = { code: string; family_id: string; expires_at: string; revoked_at: string | null };
const toJoinCode = (r: CodeRow) => ({
  code: r.code,
  familyId: r.family_id,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
  joinPath: `/join/${r.code}`,
});
type DeviceRow = {
  id: string;
  family_id: string;
  name: string;
  created_at: string;
  last_seen_at: string | null;
  revoked_at: string | null;
};
const toDevice = (r: DeviceRow) => ({
  id: r.id,
  familyId: r.family_id,
  name: r.name,
  createdAt: r.created_at,
  lastSeenAt: r.last_seen_at,
  revokedAt: r.revoked_at,
});

export const familyRoutes: FastifyPluginAsyncZod = async (app) => {
  const security = [{ staff: [] }];

  app.post(
    '/families/:familyId/join-codes',
    {
      schema: {
        tags: ['staff'],
        security,
        params: z.object({ familyId: id }),
        body: staffJoinCodeBodySchema,
        response: { 201: staffJoinCodeResponseSchema },
      },
    },
    async (req, reply) => {
      const { schoolId } = staffOf(req);
      const family = await familyInSchool(app.db, req.params.familyId, schoolId);
      const row = await issueJoinCode(app.db, family.id, app.now(), req.body.validForHours);
      return reply.code(201).send({ joinCode: toJoinCode(row) });
    },
  );

  app.delete(
    '/join-codes/:code',
    {
      schema: {
        tags: ['staff'],
        security,
        params: z.object({ code: joinCodeSchema }),
        response: { 200: staffJoinCodeResponseSchema },
      },
    },
    async (req) => {
      const { schoolId } = staffOf(req);
      const row = await app.db
        .selectFrom('join_codes')
        .innerJoin('families', 'families.id', 'join_codes.family_id')
        .selectAll('join_codes')
        .where('join_codes.code', '=', req.params.code)
        .where('families.school_id', '=', schoolId)
        .executeTakeFirst();
      if (!row) throw notFound('No such join code.');
      const revokedAt = row.revoked_at ?? app.now().toISOString();
      await app.db
        .updateTable('join_codes')
        .set({ revoked_at: revokedAt })
        .where('code', '=', row.code)
        .execute();
      return { joinCode: toJoinCode({ ...row, revoked_at: revokedAt }) };
    },
  );

  app.get(
    '/families/:familyId/devices',
    {
      schema: {
        tags: ['staff'],
        security,
        params: z.object({ familyId: id }),
        response: { 200: staffDevicesResponseSchema },
      },
    },
    async (req) => {
      const { schoolId } = staffOf(req);
      const family = await familyInSchool(app.db, req.params.familyId, schoolId);
      const rows = await app.db
        .selectFrom('devices')
        .select(['id', 'family_id', 'name', 'created_at', 'last_seen_at', 'revoked_at'])
        .where('family_id', '=', family.id)
        .orderBy('created_at')
        .execute();
      return { devices: rows.map(toDevice) };
    },
  );

  app.delete(
    '/devices/:id',
    {
      schema: {
        tags: ['staff'],
        security,
        params: idParamsSchema,
        response: { 200: staffDeviceResponseSchema },
      },
    },
    async (req) => {
      const { schoolId } = staffOf(req);
      const row = await app.db
        .selectFrom('devices')
        .innerJoin('families', 'families.id', 'devices.family_id')
        .select([
          'devices.id',
          'devices.family_id',
          'devices.name',
          'devices.created_at',
          'devices.last_seen_at',
          'devices.revoked_at',
        ])
        .where('devices.id', '=', req.params.id)
        .where('families.school_id', '=', schoolId)
        .executeTakeFirst();
      if (!row) throw notFound('No such device.');
      const revokedAt = row.revoked_at ?? app.now().toISOString();
      await app.db
        .updateTable('devices')
        .set({ revoked_at: revokedAt })
        .where('id', '=', row.id)
        .execute();
      return { device: toDevice({ ...row, revoked_at: revokedAt }) };
    },
  );
};
