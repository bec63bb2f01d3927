// Who is calling: a family's phone (Authorization: Bearer <device token>) or a member
// of staff (httpOnly session cookie). Routes opt in with `onRequest: app.requireDevice`
// or `app.requireStaff`; tokens are only ever compared as sha256 hashes. A phone's
// request also carries its family's scope, read in the same query as the phone.
import cookie from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { findDeviceByTokenHash, touchDevice, type FamilyScope } from '../db/devices.ts';
import { sha256 } from '../lib/crypto.ts';
import { HttpError } from '../lib/http-error.ts';
import { globalPlugin } from './plugin.ts';

export const staffCookieName = 'hw_staff';
export const staffSessionHours = 12;
const lastSeenResolutionMs = 60_000;

export type DeviceAuth = { id: string; familyId: string; scope: FamilyScope };
export type StaffAuth = {
  id: string;
  schoolId: string;
  name: string;
  email: string;
  role: 'teacher' | 'admin';
  tokenHash: string;
};

declare module 'fastify' {
  interface FastifyRequest {
    device: DeviceAuth | null;
    staff: StaffAuth | null;
  }
  interface FastifyInstance {
    requireDevice: (req: FastifyRequest, reply: FastifyReply) => Promise<void>;
    requireStaff: (req: FastifyRequest, reply: FastifyReply) => Promise<void>;
  }
}

const unauthorized = (message: string) => new HttpError(401, 'unauthorized', message);

export const authPlugin = globalPlugin(async (app) => {
  await app.register(cookie);
  app.decorateRequest('device', null);
  app.decorateRequest('staff', null);

  app.decorate('requireDevice', async (req: FastifyRequest) => {
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : '';
    if (!token) throw unauthorized('This phone has not joined a school yet.');
    const row = await findDeviceByTokenHash(app.db, sha256(token));
    if (!row) throw unauthorized('This phone is not known to the school.');
    if (row.revokedAt) {
      throw new HttpError(401, 'device_revoked', 'The school has removed this phone.');
    }
    const now = app.now();
    // Written at most once a minute so a busy phone does not turn every read into a write.
    if (!row.lastSeenAt || now.getTime() - Date.parse(row.lastSeenAt) >= lastSeenResolutionMs) {
      await touchDevice(app.db, row.id, now.toISOString());
    }
    req.device = { id: row.id, familyId: row.familyId, scope: row.scope };
  });

  app.decorate('requireStaff', async (req: FastifyRequest) => {
    const token = req.cookies[staffCookieName];
    if (!token) throw unauthorized('Sign in first.');
    const tokenHash = sha256(token);
    const row = await app.db
      .selectFrom('staff_sessions')
      .innerJoin('staff', 'staff.id', 'staff_sessions.staff_id')
      .select([
        'staff.id',
        'staff.school_id',
        'staff.name',
        'staff.email',
        'staff.role',
        'staff_sessions.expires_at',
      ])
      .where('staff_sessions.token_hash', '=', tokenHash)
      .executeTakeFirst();
    if (!row || row.expires_at <= app.now().toISOString()) {
      throw unauthorized('Your session has ended. Sign in again.');
    }
    req.staff = {
      id: row.id,
      schoolId: row.school_id,
      name: row.name,
      email: row.email,
      role: row.role,
      tokenHash,
    };
  });
}, 'homeward-auth');

export function deviceOf(req: FastifyRequest): DeviceAuth {
  if (!req.device) throw unauthorized('This phone has not joined a school yet.');
  return req.device;
}

export function staffOf(req: FastifyRequest): StaffAuth {
  if (!req.staff) throw unauthorized('Sign in first.');
  return req.staff;
}
