// Who is calling: a family's phone (Authorization: Bearer <device token>) or a member
// of staff (httpOnly session cookie). Routes opt in with `onRequest: app.requireDevice`
// or `app.requireStaff`; tokens are only ever compared as sha256 hashes. A phone's
// request also carries its family's scope, read in the same query as the phone.
import cookie from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { StaffRole } from '../../shared/staff/roles.ts';
import { staffIdleMinutes, staffSessionHours } from '../../shared/staff/session.ts';
import { findSession, touchSession } from '../db/staff.ts';
import { assignedClassIds } from '../db/staff-reach.ts';
import { findDeviceByTokenHash, touchDevice, type FamilyScope } from '../db/devices.ts';
import { sha256 } from '../lib/crypto.ts';
import { HttpError } from '../lib/http-error.ts';
import { globalPlugin } from './plugin.ts';

export const staffCookieName = 'hw_staff';
export { staffIdleMinutes, staffSessionHours };
const lastSeenResolutionMs = 60_000;

export type DeviceAuth = { id: string; familyId: string; scope: FamilyScope };
export type StaffAuth = {
  id: string;
  schoolId: string;
  name: string;
  email: string;
  role: StaffRole;
  /** The classes the member is assigned to. */
  classIds: string[];
  tokenHash: string;
  /** When the session ends however busy (12 hours after signing in). */
  expiresAt: string;
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
const sessionExpired = (message: string) => new HttpError(401, 'session_expired', message);

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

  // A session ends 30 minutes after its last request, and 12 hours after signing in
  // whatever happens; both are a 401 `session_expired` (the workspace says "signed out
  // because…"), while no cookie or an unknown one is a plain 401 `unauthorized`.
  app.decorate('requireStaff', async (req: FastifyRequest) => {
    const token = req.cookies[staffCookieName];
    if (!token) throw unauthorized('Sign in first.');
    const tokenHash = sha256(token);
    const row = await findSession(app.db, tokenHash);
    if (!row || row.deactivated_at !== null) throw unauthorized('Sign in first.');
    const now = app.now();
    const idleSince = Date.parse(row.last_seen_at ?? row.created_at);
    if (row.expires_at <= now.toISOString()) {
      throw sessionExpired('You were signed out after 12 hours. Sign in again.');
    }
    if (now.getTime() - idleSince >= staffIdleMinutes * 60_000) {
      throw sessionExpired(
        `You were signed out after ${staffIdleMinutes} minutes without activity. Sign in again.`,
      );
    }
    // Written at most once a minute: the idle timeout may end a session up to a minute early.
    if (now.getTime() - idleSince >= lastSeenResolutionMs) {
      await touchSession(app.db, tokenHash, now.toISOString());
    }
    req.staff = {
      id: row.id,
      schoolId: row.school_id,
      name: row.name,
      email: row.email,
      role: row.role,
      classIds: await assignedClassIds(app.db, row.id),
      tokenHash,
      expiresAt: row.expires_at,
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
