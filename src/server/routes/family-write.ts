// How every family write (a PUT whose id the phone made: session and activity marks,
// reward charts and events, schedules, absence notices, paper requests) begins: the phone
// that writes, the body's canonical hash (a retry must match it), the family's scope, and
// the one 404 the route answers for anything outside it, whether or not it exists. The
// child the body names must be one of the family's.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { canonicalHash } from '../lib/canonical.ts';
import { notFound, type HttpError } from '../lib/http-error.ts';
import { deviceOf, type DeviceAuth } from '../plugins/auth.ts';
import { loadFamilyScope, type FamilyScope } from './sync/scope.ts';

export type FamilyWrite = {
  device: DeviceAuth;
  bodyHash: string;
  scope: FamilyScope;
  /** Thrown for anything not in the family's scope (the stored record's child too). */
  missing: HttpError;
};

export async function beginFamilyWrite(
  app: FastifyInstance,
  req: FastifyRequest,
  body: { pupilId: string },
  missingMessage: string,
): Promise<FamilyWrite> {
  const device = deviceOf(req);
  const scope = await loadFamilyScope(app.db, device.familyId);
  const missing = notFound(missingMessage);
  if (!scope.pupilIds.includes(body.pupilId)) throw missing;
  return { device, bodyHash: canonicalHash(body), scope, missing };
}
