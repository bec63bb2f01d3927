// Staff sign-in and sign-out (an httpOnly, SameSite=Strict session cookie scoped to
// /api), GET /staff/me, and POST /staff/password. Sessions end 30 minutes after the last
// request or 12 hours after signing in (plugins/auth.ts).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { reachesWholeSchool } from '../../../../shared/staff/roles.ts';
import { staffEndpoints as e } from '../../../../shared/staff/contract.ts';
import type { StaffMe } from '../../../../shared/staff/session.ts';
import {
  changePassword,
  endSession,
  findStaffByEmail,
  passwordHashOf,
  schoolOf,
  startSession,
} from '../../../db/staff.ts';
import { assignedClassIds } from '../../../db/staff-reach.ts';
import type { Db } from '../../../db/database.ts';
import {
  dummyPasswordHash,
  hashPassword,
  newToken,
  sha256,
  verifyPassword,
} from '../../../lib/crypto.ts';
import { HttpError } from '../../../lib/http-error.ts';
import type { RateLimits } from '../../../options.ts';
import {
  staffCookieName,
  staffIdleMinutes,
  staffOf,
  staffSessionHours,
  type StaffAuth,
} from '../../../plugins/auth.ts';

type Member = Pick<StaffAuth, 'id' | 'schoolId' | 'name' | 'email' | 'role' | 'classIds'>;

async function meOf(db: Db, s: Member, expiresAt: string): Promise<StaffMe> {
  return {
    staff: { id: s.id, schoolId: s.schoolId, name: s.name, email: s.email, role: s.role },
    school: await schoolOf(db, s.schoolId),
    classIds: s.classIds,
    wholeSchool: reachesWholeSchool(s.role),
    session: { expiresAt, idleMinutes: staffIdleMinutes },
  };
}

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
  const rateLimit = { max: opts.limits.signIn.max, timeWindow: opts.limits.signIn.timeWindowMs };
  const security = [{ staff: [] }];

  app.post(
    e.signIn.path,
    {
      schema: { tags: ['staff'], body: e.signIn.body, response: { 200: e.signIn.response } },
      config: { access: 'public', rateLimit },
    },
    async (req, reply) => {
      const { email, password } = req.body;
      const staff = await findStaffByEmail(app.db, email);
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
      await startSession(app.db, {
        tokenHash: sha256(token),
        staffId: staff.id,
        now,
        expiresAt: expires,
      });
      // Max-Age, not Expires: relative, so a laptop whose clock is wrong keeps the cookie
      // as long as the server keeps the session (the server decides when it ends).
      reply.setCookie(staffCookieName, token, {
        ...cookieOptions,
        maxAge: staffSessionHours * 3600,
      });
      const member = {
        id: staff.id,
        schoolId: staff.school_id,
        name: staff.name,
        email: staff.email,
        role: staff.role,
        classIds: await assignedClassIds(app.db, staff.id),
      };
      return meOf(app.db, member, expires.toISOString());
    },
  );

  app.delete(
    e.signOut.path,
    {
      onRequest: app.requireStaff,
      config: { access: { can: 'read', scope: [] } },
      schema: { tags: ['staff'], security },
    },
    async (req, reply) => {
      await endSession(app.db, staffOf(req).tokenHash);
      reply.clearCookie(staffCookieName, cookieOptions);
      return reply.code(204).send();
    },
  );

  app.get(
    e.me.path,
    {
      onRequest: app.requireStaff,
      config: { access: { can: 'read', scope: [] } },
      schema: { tags: ['staff'], security, response: { 200: e.me.response } },
    },
    async (req) => {
      const s = staffOf(req);
      return meOf(app.db, s, s.expiresAt);
    },
  );

  // The current password is asked for again, so a session left open on a shared laptop
  // cannot be turned into the member's account; rate limited like signing in.
  app.post(
    e.changePassword.path,
    {
      onRequest: app.requireStaff,
      config: { access: { can: 'read', scope: [] }, rateLimit },
      schema: { tags: ['staff'], security, body: e.changePassword.body },
    },
    async (req, reply) => {
      const s = staffOf(req);
      const { currentPassword, newPassword } = req.body;
      const stored = await passwordHashOf(app.db, s.id);
      if (!stored || !(await verifyPassword(currentPassword, stored))) {
        throw new HttpError(400, 'wrong_password', 'Your current password is not right.', {
          field: 'currentPassword',
        });
      }
      if (newPassword === currentPassword) {
        throw new HttpError(
          400,
          'bad_request',
          'Invalid request: body.newPassword: must differ from the current password',
        );
      }
      await changePassword(app.db, s.id, await hashPassword(newPassword), s.tokenHash);
      return reply.code(204).send();
    },
  );
};
