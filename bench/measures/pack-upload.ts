// A 25 MB PDF sent as a pack file the way the workspace sends it (`packUpload25MbMs`):
// tus-js-client (the workspace's upload library) to /api/v1/staff/uploads over loopback in
// 5 MiB chunks with the staff session cookie, then the commit that checks the bytes and
// names them as the pack's file. Timed from the first request to the commit's answer.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tus from 'tus-js-client';
import { v7 as uuid } from 'uuid';
import type { Measure } from '../lib/context.ts';

const size = 25 * 1000 * 1000;

/** A PDF by its bytes (`%PDF-` … `%%EOF`), incompressible in between, `size` bytes long. */
function bigPdf(): Buffer {
  const head = Buffer.from('%PDF-1.4\n% bench filler follows\n', 'latin1');
  const tail = Buffer.from('\ntrailer\n<< >>\n%%EOF\n', 'latin1');
  return Buffer.concat([head, randomBytes(size - head.length - tail.length), tail]);
}

async function json(res: Response, what: string) {
  if (!res.ok) throw new Error(`${what}: ${res.status} ${await res.text()}`);
  return res.json();
}

export const packUpload: Measure = {
  name: 'pack-upload',
  title: 'Pack file from the workspace: 25 MB PDF, resumable upload + commit',
  async run(ctx) {
    const server = await ctx.server();
    const creds = JSON.parse(
      readFileSync(join(server.dataDir, 'demo-credentials.json'), 'utf8'),
    ) as { staff: { email: string; password: string; role: string }[] };
    const admin = creds.staff.find((s) => s.role === 'admin');
    if (!admin) throw new Error('no demo admin in demo-credentials.json');
    const signIn = await fetch(`${server.url}/api/v1/staff/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: admin.email, password: admin.password }),
    });
    await json(signIn, 'sign in');
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const staff = (path: string, method: string, body: object) =>
      fetch(`${server.url}/api/v1/staff${path}`, {
        method,
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const { classes } = (await json(
      await fetch(`${server.url}/api/v1/staff/classes`, { headers: { cookie } }),
      'classes',
    )) as { classes: { id: string }[] };
    const packId = uuid();
    await json(
      await staff(`/packs/${packId}`, 'PUT', {
        classId: classes[0]!.id,
        pupilId: null,
        weekStart: null,
        title: 'Bench workbook',
        instructions: '',
        links: [],
        activities: [],
        sessionIds: [],
        stepIds: [],
        published: false,
      }),
      'pack',
    );
    const pdf = bigPdf();
    const started = performance.now();
    const uploadUrl = await new Promise<string>((resolve, reject) => {
      const upload = new tus.Upload(pdf, {
        endpoint: `${server.url}/api/v1/staff/uploads`,
        headers: { cookie },
        chunkSize: 5 * 1024 * 1024,
        uploadSize: pdf.length,
        retryDelays: [],
        onError: reject,
        onSuccess: () => resolve(upload.url ?? ''),
      });
      upload.start();
    });
    const uploadId = uploadUrl.split('/').pop() ?? '';
    const committed = (await json(
      await staff(`/packs/${packId}/files/${uuid()}/upload`, 'POST', {
        uploadId,
        contentType: 'application/pdf',
        name: 'Workbook.pdf',
      }),
      'commit',
    )) as { file: { bytes: number } };
    const ms = Math.round(performance.now() - started);
    if (committed.file.bytes !== pdf.length) {
      throw new Error(`stored ${committed.file.bytes} bytes, sent ${pdf.length}`);
    }
    return {
      values: { packUpload25MbMs: ms },
      details: [
        `${(pdf.length / 1e6).toFixed(1)} MB in 5 MiB tus chunks + commit: ${ms} ms (${((pdf.length / 1e6 / ms) * 1000).toFixed(0)} MB/s)`,
      ],
    };
  },
};
