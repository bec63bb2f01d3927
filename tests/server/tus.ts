// Speaks tus 1.0.0 to the app with plain inject requests (no tus-js-client), so the tests
// see every header the phone's client would.
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { uploadsPath } from '../../src/shared/submissions.ts';
import { bearer } from './helpers.ts';

export const tusVersion = { 'tus-resumable': '1.0.0' };

export function encodeMetadata(meta: Record<string, string>): string {
  return Object.entries(meta)
    .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
    .join(',');
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function tusCreate(
  app: FastifyInstance,
  token: string | null,
  length: number,
  headers: Record<string, string> = {},
) {
  return app.inject({
    method: 'POST',
    url: uploadsPath,
    headers: {
      ...(token ? bearer(token) : {}),
      ...tusVersion,
      'upload-length': String(length),
      'upload-metadata': encodeMetadata({ filetype: 'image/jpeg', page: '0' }),
      ...headers,
    },
  });
}

/** The upload id: the last path segment of Location. */
export function uploadIdOf(location: string | string[] | number | undefined): string {
  if (typeof location !== 'string') throw new Error(`no Location: ${String(location)}`);
  const id = location.split('/').pop();
  if (!id) throw new Error(`bad Location ${location}`);
  return id;
}

export function tusPatch(
  app: FastifyInstance,
  token: string,
  id: string,
  offset: number,
  body: Uint8Array,
  headers: Record<string, string> = {},
) {
  return app.inject({
    method: 'PATCH',
    url: `${uploadsPath}/${id}`,
    headers: {
      ...bearer(token),
      ...tusVersion,
      'upload-offset': String(offset),
      'content-type': 'application/offset+octet-stream',
      ...headers,
    },
    payload: Buffer.from(body),
  });
}

export function tusHead(app: FastifyInstance, token: string, id: string) {
  return app.inject({
    method: 'HEAD',
    url: `${uploadsPath}/${id}`,
    headers: { ...bearer(token), ...tusVersion },
  });
}

/** Creates an upload and sends every byte in one PATCH; returns the page reference. */
export async function uploadPage(
  app: FastifyInstance,
  token: string,
  bytes: Uint8Array,
  /** More metadata, e.g. the `submissionId` the phone names. */
  meta: Record<string, string> = {},
) {
  const created = await tusCreate(app, token, bytes.length, {
    'upload-metadata': encodeMetadata({ filetype: 'image/jpeg', page: '0', ...meta }),
  });
  if (created.statusCode !== 201) {
    throw new Error(`create failed: ${created.statusCode} ${created.body}`);
  }
  const id = uploadIdOf(created.headers.location);
  const patched = await tusPatch(app, token, id, 0, bytes);
  if (patched.statusCode !== 204)
    throw new Error(`patch failed: ${patched.statusCode} ${patched.body}`);
  return { uploadId: id, sha256: sha256Hex(bytes), bytes: bytes.length };
}

/**
 * The phone's first step for a submission page or media file: an upload whose metadata
 * names the record id, with half its bytes sent. `finish` sends the rest.
 */
export async function startUpload(
  app: FastifyInstance,
  token: string,
  recordId: string,
  bytes: Buffer,
) {
  const created = await tusCreate(app, token, bytes.length, {
    'upload-metadata': encodeMetadata({
      submissionId: recordId,
      page: '0',
      sha256: sha256Hex(bytes),
      filetype: 'image/png',
    }),
  });
  if (created.statusCode !== 201) {
    throw new Error(`create failed: ${created.statusCode} ${created.body}`);
  }
  const uploadId = uploadIdOf(created.headers.location);
  const half = Math.floor(bytes.length / 2);
  const patched = await tusPatch(app, token, uploadId, 0, bytes.subarray(0, half));
  if (patched.statusCode !== 204) throw new Error(`patch failed: ${patched.statusCode}`);
  return {
    id: uploadId,
    half,
    bytes,
    ref: { uploadId, sha256: sha256Hex(bytes), bytes: bytes.length },
    finish: () => tusPatch(app, token, uploadId, half, bytes.subarray(half)),
  };
}
