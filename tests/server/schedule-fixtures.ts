// Shared pieces of the schedule, reward and media tests: a second household for a child,
// sync shortcuts, made-up files (pictures with sharp, audio containers by their headers)
// and committing media over tus like the phone does.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { v7 as uuid } from 'uuid';
import { syncResponseSchema, type SyncChange } from '../../src/shared/api.ts';
import type { TestApp } from './helpers.ts';
import { bearer } from './helpers.ts';
import { uploadPage } from './tus.ts';

/** Adds a child to another family (a second household), as a school admin would. */
export async function shareChild(t: TestApp, familyId: string, pupilId: string) {
  await t.app.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('family_pupils')
      .values({ family_id: familyId, pupil_id: pupilId })
      .execute();
    await trx
      .updateTable('families')
      .set((eb) => ({ scope_version: eb('scope_version', '+', 1) }))
      .where('id', '=', familyId)
      .execute();
  });
}

export async function sync(app: FastifyInstance, token: string, since?: string) {
  const res = await app.inject({
    method: 'GET',
    url: `/api/v1/sync${since ? `?since=${encodeURIComponent(since)}` : ''}`,
    headers: bearer(token),
  });
  if (res.statusCode !== 200) throw new Error(`sync: ${res.statusCode} ${res.body}`);
  return syncResponseSchema.parse(res.json());
}

/** The records of one entity type a phone holds after a full first sync. */
export async function synced<E extends SyncChange['entity']>(
  app: FastifyInstance,
  token: string,
  entity: E,
) {
  const { changes } = await sync(app, token);
  return changes.flatMap((c) =>
    c.op === 'upsert' && c.entity === entity
      ? [c.data as Extract<SyncChange, { op: 'upsert'; entity: E }>['data']]
      : [],
  );
}

const svg = (w: number, h: number, background = '#fc0') =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="${w}" height="${h}" fill="${background}"/><circle cx="${w / 2}" cy="${h / 2}" r="${Math.min(w, h) / 3}" fill="#036"/></svg>`;

export const pngBytes = (w = 120, h = 90) =>
  sharp(Buffer.from(svg(w, h)))
    .png()
    .toBuffer();

/** A camera-like JPEG: EXIF orientation 6, camera names and GPS in the header. */
export const cameraJpeg = (w = 2000, h = 1500) =>
  sharp(Buffer.from(svg(w, h, '#eee')))
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Make: 'HomewardPhone', Model: 'Secret Model 9', Artist: 'Parent Name' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '51/1 30/1 1234/100',
        GPSLongitudeRef: 'W',
        GPSLongitude: '0/1 7/1 4000/100',
      },
    })
    .jpeg({ quality: 90 })
    .toBuffer();

/** Audio containers as they start (the server only reads the first bytes), padded. */
export const audio = {
  webm: (size = 4000) =>
    pad(Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01]), 'webm', size),
  ogg: (size = 4000) => pad(Buffer.from('OggS\0\x02', 'latin1'), 'OpusHead', size),
  m4a: (size = 4000) =>
    pad(Buffer.concat([Buffer.from([0, 0, 0, 0x1c]), Buffer.from('ftypM4A ', 'latin1')]), '', size),
  mp3: (size = 4000) => pad(Buffer.from('ID3\x04\0\0\0\0\0\0', 'latin1'), '', size),
  mpegFrame: (size = 4000) => pad(Buffer.from([0xff, 0xfb, 0x90, 0x64]), '', size),
};

function pad(head: Buffer, marker: string, size: number): Buffer {
  const out = Buffer.alloc(size, 0x55);
  head.copy(out, 0);
  out.write(marker, head.length, 'latin1');
  return out;
}

export async function commitMedia(
  app: FastifyInstance,
  token: string,
  o: { pupilId: string; kind: 'image' | 'audio'; bytes: Buffer; id?: string },
) {
  const ref = await uploadPage(app, token, o.bytes);
  const id = o.id ?? uuid();
  const res = await app.inject({
    method: 'PUT',
    url: `/api/v1/media/${id}`,
    headers: bearer(token),
    payload: { pupilId: o.pupilId, kind: o.kind, ...ref },
  });
  return { id, ref, res };
}

/** Names of every file under `${dataDir}/files`. */
export function storedFiles(dataDir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let names: string[] = [];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const n of names) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(n);
    }
  };
  walk(join(dataDir, 'files'));
  return out.toSorted();
}

export function step(code = '1F6BD', extra: Record<string, unknown> = {}) {
  return {
    id: uuid(),
    symbol: { kind: 'openmoji', code },
    label: 'Toilet',
    minutes: null,
    audioId: null,
    ...extra,
  };
}
