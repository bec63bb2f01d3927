// One family may never reach another's upload, whatever the URL looks like. The requests
// go over real HTTP (node:http sends the path byte for byte: no client normalises the
// tricks away) to a family of the same school and to one of a second school.
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { v7 as uuid } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadsPath } from '../../src/shared/submissions.ts';
import { bearer, startApp, twoFamilies, type TestApp } from './helpers.ts';
import { pngBytes } from './schedule-fixtures.ts';
import { secondSchool } from './second-school.ts';
import { sha256Hex, startUpload, tusHead, tusPatch, tusVersion } from './tus.ts';

type Upload = Awaited<ReturnType<typeof startUpload>>;
type Family = { token: string; pupilId: string; upload: Upload };

let t: TestApp;
let port: number;
let attacker: Family;
const victims: Record<string, Family> = {};

/** An upload half sent, naming a submission id in its metadata as the phone does. */
const halfUpload = async (token: string) =>
  startUpload(t.app, token, uuid(), await pngBytes(200 + Math.floor(Math.random() * 100), 150));

function send(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: Buffer,
): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    // `path` as an option, not a URL: sent as it is (a URL would lose the `#…`).
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Every way found to name a victim's upload V in a request about one's own upload O. */
function tricks(own: string, victim: string): string[] {
  const p = uploadsPath;
  return [
    `${p}/${own}?x=/${victim}`,
    `${p}/${own}?/${victim}`,
    `${p}/${own}?x=/${victim}/`,
    `${p}/${own}?${victim}`,
    `${p}/${own}?x=%2F${victim}`,
    `${p}/${own}/?x=/${victim}`,
    `${p}/${own}%2F${victim}`,
    `${p}/${own}%2f${victim}`,
    `${p}/${own}/${victim}`,
    `${p}//${victim}`,
    `${p}/${own}//${victim}`,
    `${p}/${own}/../${victim}`,
    `${p}/${own}/%2E%2E/${victim}`,
    `${p}/${own}%3F/${victim}`,
    `${p}/${own};/${victim}`,
    `${p}/${own}%00/${victim}`,
    `${p}/${own}#/${victim}`,
    `${p}/${victim}`,
    `${p}/${victim.toUpperCase()}`,
    `${p.toUpperCase()}/${own}?x=/${victim}`,
  ];
}

beforeAll(async () => {
  t = await startApp();
  const f = await twoFamilies(t);
  const elm = await secondSchool(t);
  attacker = {
    token: f.khan.token,
    pupilId: f.pupils.Amira!.id,
    upload: await halfUpload(f.khan.token),
  };
  victims['same school'] = {
    token: f.novak.token,
    pupilId: f.pupils.Maja!.id,
    upload: await halfUpload(f.novak.token),
  };
  victims['second school'] = {
    token: elm.token,
    pupilId: elm.pupilId,
    upload: await halfUpload(elm.token),
  };
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
});
afterAll(() => t.close());

describe('upload URLs', () => {
  it('refuse every trick that names another family’s upload, for HEAD, PATCH and DELETE', async () => {
    const tried: string[] = [];
    const answered = new Map<number, number>();
    for (const [who, victim] of Object.entries(victims)) {
      const v = victim.upload;
      for (const path of tricks(attacker.upload.id, v.id)) {
        for (const method of ['HEAD', 'PATCH', 'DELETE']) {
          const headers: Record<string, string> = { ...bearer(attacker.token), ...tusVersion };
          let body: Buffer | undefined;
          if (method === 'PATCH') {
            // The victim's offset, as a HEAD through the trick would have told.
            headers['upload-offset'] = String(v.half);
            headers['content-type'] = 'application/offset+octet-stream';
            body = Buffer.from('not the victim’s bytes');
          }
          const res = await send(method, path, headers, body);
          tried.push(`${method} ${path}`);
          answered.set(res.status, (answered.get(res.status) ?? 0) + 1);
          const seen = { who, method, path, status: res.status };
          expect(seen).toEqual({
            ...seen,
            status: expect.toSatisfy((s) => s === 400 || s === 404),
          });
          expect(res.headers['upload-metadata']).toBeUndefined();
          expect(res.headers['upload-offset']).toBeUndefined();
        }
      }
    }
    // 2 victims × 20 URLs × 3 verbs, all refused (400: a query string, else 404).
    expect(tried).toHaveLength(120);
    expect([...answered.keys()].toSorted()).toEqual([400, 404]);

    for (const victim of [...Object.values(victims), attacker]) {
      const v = victim.upload;
      // Untouched: still there, same offset, same bytes, same owner.
      const head = await tusHead(t.app, victim.token, v.id);
      expect(head.statusCode).toBe(200);
      expect(head.headers['upload-offset']).toBe(String(v.half));
      expect((await t.app.uploads.read(v.id)).offset).toBe(v.half);
      const rest = await tusPatch(t.app, victim.token, v.id, v.half, v.bytes.subarray(v.half));
      expect(rest.statusCode).toBe(204);
      const read = await t.app.uploads.read(v.id);
      expect(read.bytes && sha256Hex(read.bytes)).toBe(sha256Hex(v.bytes));
    }
  });

  it('matches an upload id whatever its case, for its own family only', async () => {
    const own = await halfUpload(attacker.token);
    const upper = await tusHead(t.app, attacker.token, own.id.toUpperCase());
    expect(upper.statusCode).toBe(200);
    expect(upper.headers['upload-offset']).toBe(String(own.half));
    const victim = victims['second school']!;
    const theirs = await tusHead(t.app, attacker.token, victim.upload.id.toUpperCase());
    expect(theirs.statusCode).toBe(404);
  });

  it('deletes only the caller’s own upload row, and only with its own id', async () => {
    const own = await halfUpload(attacker.token);
    const victim = await halfUpload(victims['same school']!.token);
    const rows = () =>
      t.app.db.selectFrom('uploads').select('id').where('id', 'in', [own.id, victim.id]).execute();
    expect(await rows()).toHaveLength(2);
    const del = await send('DELETE', `${uploadsPath}/${own.id}?x=/${victim.id}`, {
      ...bearer(attacker.token),
      ...tusVersion,
    });
    expect(del.status).toBe(400);
    expect(await rows()).toHaveLength(2);
    const mine = await send('DELETE', `${uploadsPath}/${own.id}`, {
      ...bearer(attacker.token),
      ...tusVersion,
    });
    expect(mine.status).toBe(204);
    expect((await rows()).map((r) => r.id)).toEqual([victim.id]);
  });
});
