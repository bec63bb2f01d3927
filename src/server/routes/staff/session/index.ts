// Staff sign-in and sign-out (an httpOnly, SameSite=Strict session cookie scoped to
// /api), and GET /staff/me.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { staffMeResponseSchema, staffSignInSchema } from '../../../../shared/api.ts';
import { dummyPasswordHash, newToken, sha256, verifyPassword } from '../../../lib/crypto.ts';
import { HttpError } from '../../../lib/http-error.ts';
import type { RateLimits } from '../../../options.ts';
import { staffCookieName, staffOf, staffSessionHours } from '../../../plugins/auth.ts';

export const staffSessionRoutes: FastifyPluginAsyncZod<{
  limits: RateLimits;
  secureCookies: boolean;
}> = async (app, opts) => {
  const cookieOptions = {
    httpOnly: true,
    sameSite: 'strict' as const,
    path: '/api',
    secure: opts.secureCookies,
  };

  app.post(
    '/session',
    {
      schema: {
        tags: ['staff'],
        body: staffSignInSchema,
        response: { 200: staffMeResponseSchema },
      },
      config: {
        rateLimit: { max: opts.limits.signIn.max, timeWindow: opts.limits.signIn.timeWindowMs },
      },
    },
    async (req, reply) => {
      const { email, password } = req.body;
      const staff = await app.db
        .selectFrom('staff')
        .selectAll()
        .where('email', '=', email)
        .executeTakeFirst();
      // Unknown email and wrong password cost the same scrypt and give the same answer.
      const ok = await verifyPassword(
        password,
        staff?.password_hash ?? (await dummyPasswordHash()),
      );
      if (!staff || !ok) {
        throw new HttpError(401, 'sign_in_failed', 'That email and password do not match.');
      }
      const now = app.now();
      const token = newToken();
      const expires = new Date(now.getTime() + staffSessionHours * 3_600_000);
      await app.db.transaction().execute(async (trx) => {
        await trx
          .deleteFrom('staff_sessions')
          .where('expires_at', '<=', now.toISOString())
          .execute();
        await trx
          .insertInto('staff_sessions')
          .values({
            token_hash: sha256(token),
            staff_id: staff.id,
            expires_at: expires.toISOString(),
            created_at: now.toISOString(),
          })
          .execute();
      });
      reply.setCookie(staffCookieName, token, { ...cookieOptions, expires });
      return {
        staff: {
          id: staff.id,
          schoolId: staff.school_id,
          name: staff.name,
          email: staff.email,
          role: staff.role,
        },
      };
    },
  );

  app.delete(
    '/session',
    { onRequest: app.requireStaff, schema: { tags: ['staff'], security: [{ staff: [] }] } },
    async (req, reply) => {
      const staff = staffOf(req);
      await app.db.deleteFrom('staff_sessions').where('token_hash', '=', staff.tokenHash).execute();
      reply.clearCookie(staffCookieName, cookieOptions);
      return reply.code(204).send();
    },
  );

  app.get(
    '/me',
    {
      onRequest: app.requireStaff,
      schema: {
        tags: ['staff'],
        security: [{ staff: [] }],
        response: { 200: staffMeResponseSchema },
      },
    },
    async (req) => {
      const s = staffOf(req);
      return {
        staff: { id: s.id, schoolId: s.schoolId, name: s.name, email: s.email, role: s.role },
      };
    },
  );
};
