// POST /api/v1/join: a family exchanges a join code (typed, or from a /join/<code> link
// or QR) for a device token. Codes are multi-use until they expire or are revoked, so
// both parents and a replacement phone can join with the same letter from school.
import { v7 as uuid } from 'uuid';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { joinRequestSchema, joinResponseSchema } from '../../../shared/api.ts';
import { newToken, sha256 } from '../../lib/crypto.ts';
import { HttpError } from '../../lib/http-error.ts';
import type { RateLimits } from '../../options.ts';
import { FailureCounter } from './failure-counter.ts';

export const joinRoutes: FastifyPluginAsyncZod<{ limits: RateLimits }> = async (app, opts) => {
  const failures = new FailureCounter(opts.limits.joinFailures);

  app.post(
    '/join',
    {
      schema: {
        tags: ['family'],
        body: joinRequestSchema,
        response: { 201: joinResponseSchema },
      },
      config: {
        rateLimit: { max: opts.limits.join.max, timeWindow: opts.limits.join.timeWindowMs },
      },
    },
    async (req, reply) => {
      const nowMs = app.now().getTime();
      const blockedFor = failures.blockedForMs(req.ip, nowMs);
      if (blockedFor > 0) {
        reply.header('retry-after', Math.ceil(blockedFor / 1000));
        throw new HttpError(
          429,
          'rate_limited',
          'Too many wrong codes. Wait a while and try again.',
        );
      }
      const { code, deviceName } = req.body;
      const row = await app.db
        .selectFrom('join_codes')
        .innerJoin('families', 'families.id', 'join_codes.family_id')
        .select([
          'join_codes.family_id',
          'join_codes.expires_at',
          'join_codes.revoked_at',
          'families.name',
        ])
        .where('join_codes.code', '=', code)
        .executeTakeFirst();
      const at = new Date(nowMs).toISOString();
      if (!row || row.revoked_at || row.expires_at <= at) {
        failures.record(req.ip, nowMs);
        if (!row) {
          throw new HttpError(
            404,
            'join_code_invalid',
            'That code is not right. Check it and try again.',
          );
        }
        if (row.revoked_at) {
          throw new HttpError(
            410,
            'join_code_revoked',
            'That code has been cancelled. Ask the school for a new one.',
          );
        }
        throw new HttpError(
          410,
          'join_code_expired',
          'That code has expired. Ask the school for a new one.',
        );
      }
      const token = newToken();
      const deviceId = uuid();
      await app.db
        .insertInto('devices')
        .values({
          id: deviceId,
          family_id: row.family_id,
          name: deviceName || 'Phone',
          token_hash: sha256(token),
          created_at: at,
          last_seen_at: at,
          revoked_at: null,
        })
        .execute();
      return reply
        .code(201)
        .send({ token, deviceId, familyId: row.family_id, familyName: row.name });
    },
  );
};
