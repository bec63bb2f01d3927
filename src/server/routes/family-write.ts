// How every family write (a PUT whose id the phone made: session and activity marks,
// reward charts and events, schedules, absence notices, paper requests, submissions and
// media) begins: the phone that writes, the record id (lower-cased: an upper-case copy of a
// stored id is that record), the body's canonical hash (a retry must match it), the
// family's scope, and the one 404 the route answers for anything outside it, whether or
// not it exists. The child the body names must be one of the family's.
// A route that is about to CREATE the record calls `checkNewId` first: a new record's id
// must be a lower-case UUIDv7 as phones make them (else 400), and must not be one another
// family's upload already claimed (else the same 404; see README.md, "Whose id").
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FamilyWriteParams } from '../../shared/api.ts';
import { isNewRecordId } from '../../shared/primitives.ts';
import { claimedByAnotherFamily } from '../db/uploads.ts';
import { canonicalHash } from '../lib/canonical.ts';
import { HttpError, notFound } from '../lib/http-error.ts';
import { deviceOf, type DeviceAuth } from '../plugins/auth.ts';
import type { FamilyScope } from './sync/scope.ts';

type Executor = Parameters<typeof claimedByAnotherFamily>[0];

export type FamilyWrite = {
  device: DeviceAuth;
  /** The record's id, lower case. */
  id: string;
  bodyHash: string;
  scope: FamilyScope;
  /** Thrown for anything not in the family's scope (the stored record's child too). */
  missing: HttpError;
  /** Throws unless the id may name a NEW record of this family. */
  checkNewId: (db: Executor) => Promise<void>;
};

export async function beginFamilyWrite(
  app: FastifyInstance,
  req: FastifyRequest,
  body: { pupilId: string },
  missingMessage: string,
  /** What a retry must repeat, when not the whole body (content, not upload ids). */
  hashed: object = body,
): Promise<FamilyWrite> {
  const device = deviceOf(req);
  const { id, sentAs } = req.params as FamilyWriteParams;
  const { scope } = device;
  const missing = notFound(missingMessage);
  if (!scope.pupilIds.includes(body.pupilId)) throw missing;
  const checkNewId = async (db: Executor) => {
    if (!isNewRecordId(sentAs)) {
      throw new HttpError(
        400,
        'bad_request',
        'Invalid request: params.id: a new record needs a lower-case UUIDv7 id (as the app makes them).',
      );
    }
    if (await claimedByAnotherFamily(db, id, device.familyId)) throw missing;
  };
  return { device, id, bodyHash: canonicalHash(hashed), scope, missing, checkNewId };
}
