import { beforeEach, describe, expect, it } from 'vitest';
import type { PackFile } from '../../shared/packs.ts';
import { installFakeCaches, randomBytes, sha256Hex } from '../test/fakeCaches.ts';
import {
  cachedHashes,
  deleteStoredFiles,
  downloadFiles,
  DownloadError,
  readStoredFile,
} from './packFiles.ts';

async function file(name: string, size: number, kind: PackFile['kind'] = 'pdf') {
  const bytes = randomBytes(size);
  const sha256 = await sha256Hex(bytes);
  const meta: PackFile = {
    id: crypto.randomUUID(),
    kind,
    name,
    contentType: kind === 'pdf' ? 'application/pdf' : 'image/jpeg',
    bytes: size,
    sha256,
  };
  return { meta, bytes };
}

/**
 * A school server for files by hash: honours `Range: bytes=N-`, counts the bytes it sends,
 * and can cut the connection after some bytes of the next response.
 */
function fakeServer(files: Array<{ meta: PackFile; bytes: Uint8Array<ArrayBuffer> }>) {
  const byHash = new Map(files.map((f) => [f.meta.sha256, f.bytes]));
  const state = { sent: 0, requests: [] as string[], cutAfter: null as number | null, ranges: 0 };
  const fetch = async (input: string, init?: RequestInit): Promise<Response> => {
    const sha = input.split('/').pop() ?? '';
    state.requests.push(sha);
    const auth = new Headers(init?.headers).get('authorization');
    if (auth !== 'Bearer t1') return new Response('{}', { status: 401 });
    const bytes = byHash.get(sha);
    if (!bytes) return new Response('{}', { status: 404 });
    const range = new Headers(init?.headers).get('range');
    const start = range ? Number(/bytes=(\d+)-/.exec(range)?.[1] ?? 0) : 0;
    if (range) state.ranges += 1;
    const body = bytes.slice(start);
    const cut = state.cutAfter;
    state.cutAfter = null;
    let at = 0;
    const stream = new ReadableStream<Uint8Array>({
      // One chunk per read, as a socket delivers them; the cut errors the stream only
      // after the bytes before it were read.
      pull(controller) {
        if (cut !== null && at >= cut) {
          controller.error(new TypeError('network error'));
          return;
        }
        if (at >= body.length) {
          controller.close();
          return;
        }
        const end = Math.min(body.length, at + 4096, cut ?? Infinity);
        state.sent += end - at;
        controller.enqueue(body.slice(at, end));
        at = end;
      },
    });
    return new Response(stream, { status: range ? 206 : 200 });
  };
  return { fetch, state };
}

describe('pack files on the phone', () => {
  beforeEach(() => {
    installFakeCaches();
  });

  it('downloads each missing file once, checks it, and an unchanged week costs no bytes', async () => {
    const a = await file('Worksheet.pdf', 50_000);
    const b = await file('Number line.jpg', 20_000, 'image');
    const server = fakeServer([a, b]);
    const progress: number[] = [];
    const received = await downloadFiles([a.meta, b.meta], {
      token: 't1',
      fetch: server.fetch,
      onProgress: (p) => progress.push(p.received),
    });
    expect(received).toBe(70_000);
    expect(progress.at(-1)).toBe(70_000);
    expect(progress).toEqual([...progress].toSorted((x, y) => x - y)); // only ever forward
    expect(await cachedHashes()).toEqual(new Set([a.meta.sha256, b.meta.sha256]));
    const stored = await readStoredFile(a.meta.sha256);
    expect(new Uint8Array(await stored!.arrayBuffer())).toEqual(a.bytes);

    // The same week again: nothing is fetched.
    const before = server.state.sent;
    expect(await downloadFiles([a.meta, b.meta], { token: 't1', fetch: server.fetch })).toBe(0);
    expect(server.state.sent).toBe(before);
  });

  it('a changed file (new hash) downloads only itself', async () => {
    const a = await file('Worksheet.pdf', 30_000);
    const b = await file('Picture.jpg', 10_000, 'image');
    const a2 = await file('Worksheet.pdf', 31_000);
    const server = fakeServer([a, b, a2]);
    await downloadFiles([a.meta, b.meta], { token: 't1', fetch: server.fetch });
    server.state.requests = [];
    const received = await downloadFiles([a2.meta, b.meta], { token: 't1', fetch: server.fetch });
    expect(received).toBe(31_000);
    expect(server.state.requests).toEqual([a2.meta.sha256]);
  });

  it('resumes a dropped file from the bytes it has (Range), not from the start', async () => {
    const a = await file('Big workbook.pdf', 200_000);
    const server = fakeServer([a]);
    server.state.cutAfter = 120_000;
    const received = await downloadFiles([a.meta], {
      token: 't1',
      fetch: server.fetch,
      retryDelayMs: 1,
    });
    expect(server.state.ranges).toBe(1);
    expect(received).toBe(200_000); // 120 000 + the missing 80 000, nothing twice
    expect(server.state.sent).toBe(200_000);
    const stored = await readStoredFile(a.meta.sha256);
    expect(new Uint8Array(await stored!.arrayBuffer())).toEqual(a.bytes);
  });

  it('refuses bytes that do not match the hash and keeps nothing', async () => {
    const a = await file('Worksheet.pdf', 10_000);
    const server = fakeServer([{ meta: a.meta, bytes: randomBytes(10_000) }]);
    await expect(downloadFiles([a.meta], { token: 't1', fetch: server.fetch })).rejects.toThrow(
      DownloadError,
    );
    expect(await cachedHashes()).toEqual(new Set());
  });

  it('stops with an offline error when the connection stays down; what finished is kept', async () => {
    const a = await file('One.pdf', 5_000);
    const b = await file('Two.pdf', 5_000);
    const server = fakeServer([a, b]);
    let calls = 0;
    const flaky = async (input: string, init?: RequestInit) => {
      calls += 1;
      if (calls > 1) throw new TypeError('Failed to fetch');
      return server.fetch(input, init);
    };
    const error = await downloadFiles([a.meta, b.meta], {
      token: 't1',
      fetch: flaky,
      retryDelayMs: 1,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadError);
    expect((error as DownloadError).kind).toBe('offline');
    expect(await cachedHashes()).toEqual(new Set([a.meta.sha256]));
  });

  it('deletes files by hash', async () => {
    const a = await file('One.pdf', 1_000);
    const server = fakeServer([a]);
    await downloadFiles([a.meta], { token: 't1', fetch: server.fetch });
    await deleteStoredFiles([a.meta.sha256]);
    expect(await readStoredFile(a.meta.sha256)).toBeNull();
  });
});
