// POST /api/v1/join: a family exchanges a join code (typed, or from a /join/<code> link
// or QR) for a device token. Codes are multi-use until they expire or are revoked, so
// both parents and a replacement phone can join with the same letter from school.
import { v7 as uuid } from 'uuid';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  checkJoinCode,
  joinCodeLength,
  joinRequestSchema,
  joinResponseSchema,
} from '../../../shared/api.ts';
import { familyChildren, findJoinCode } from '../../db/join.ts';
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
      const { deviceName } = req.body;
      const code = wellFormed(req.body.code);
      const row = await findJoinCode(app.db, code);
      const at = new Date(nowMs).toISOString();
      if (!row || row.revokedAt || row.expiresAt <= at) {
        failures.record(req.ip, nowMs);
        if (!row) {
          throw new HttpError(
            404,
            'join_code_invalid',
            'That code is not right. Check it and try again.',
          );
        }
        if (row.revokedAt) {
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
          family_id: row.familyId,
          name: deviceName || 'Phone',
          token_hash: sha256(token),
          created_at: at,
          last_seen_at: at,
          revoked_at: null,
        })
        .execute();
      const children = await familyChildren(app.db, row.familyId);
      return reply
        .code(201)
        .send({ token, deviceId, familyId: row.familyId, familyName: row.familyName, children });
    },
  );
};

/**
 * The code as the school issued it, or a 400 that says what is wrong with what was typed.
 * Not counted as a wrong guess: a code of the wrong shape cannot be one.
 */
function wellFormed(typed: string): string {
  const checked = checkJoinCode(typed);
  if (checked.ok) return checked.code;
  if (checked.problem === 'length') {
    throw new HttpError(
      400,
      'join_code_length',
      `A join code has ${joinCodeLength} letters and numbers; this one has ${checked.length}.`,
      { length: checked.length, expected: joinCodeLength },
    );
  }
  throw new HttpError(
    400,
    'join_code_characters',
    `Join codes never use ${checked.characters.map((c) => `“${c}”`).join(', ')}. Check the code from school.`,
    { characters: checked.characters },
  );
}
