import { beforeEach, describe, expect, it, vi } from 'vitest';
import { uploadsPath } from '../../shared/submissions.ts';
import { PhotoError, toPhotoError } from './errors.ts';
import { memoryResumeStore, pageFingerprint, ResumeUrlStorage } from './resumeStore.ts';

// A stand-in for tus-js-client's Upload: records its options and lets each test decide
// what happens on start().
type Options = Record<string, unknown> & {
  fingerprint: () => Promise<string>;
  urlStorage: ResumeUrlStorage;
  onSuccess: (p: unknown) => void;
  onError: (e: unknown) => void;
};
const created: FakeUpload[] = [];
let onStart: (u: FakeUpload) => void = () => {};
class FakeUpload {
  url: string | null = null;
  options: Options;
  resumedFrom: unknown = null;
  aborted: boolean | null = null;
  file: Blob;
  constructor(file: Blob, options: Options) {
    this.file = file;
    this.options = options;
    created.push(this);
  }
  async findPreviousUploads() {
    return this.options.urlStorage.findUploadsByFingerprint(await this.options.fingerprint());
  }
  resumeFromPreviousUpload(p: { uploadUrl: string }) {
    this.resumedFrom = p;
    this.url = p.uploadUrl;
  }
  start() {
    onStart(this);
  }
  async abort(terminate: boolean) {
    this.aborted = terminate;
  }
}
vi.mock('tus-js-client', () => ({ Upload: FakeUpload }));

const {
  classifyStatus,
  toUploadError,
  uploadIdFromUrl,
  uploadMetadata,
  uploadPage,
  forgetUploadedPage,
  UploadError,
} = await import('./upload.ts');

const sha = 'a'.repeat(64);
const sub = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

beforeEach(() => {
  created.length = 0;
  onStart = () => {};
});

describe('ResumeUrlStorage (tus-js-client UrlStorage) over a ResumeStore', () => {
  it('adds, finds by fingerprint, lists and removes', async () => {
    const store = memoryResumeStore();
    const storage = new ResumeUrlStorage(store);
    const fp = pageFingerprint(sub, 0, sha);
    expect(await storage.findUploadsByFingerprint(fp)).toEqual([]);
    const key = await storage.addUpload(fp, {
      size: 1000,
      metadata: {},
      creationTime: 'now',
      urlStorageKey: '',
      uploadUrl: 'https://h/api/v1/uploads/abc',
      parallelUploadUrls: null,
    });
    expect(key).toBe(fp);
    expect(store.map.get(fp)).toBe('https://h/api/v1/uploads/abc');
    const found = await storage.findUploadsByFingerprint(fp);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      urlStorageKey: fp,
      uploadUrl: 'https://h/api/v1/uploads/abc',
    });
    expect(await storage.findAllUploads()).toHaveLength(1);
    expect(await storage.findUploadsByFingerprint(pageFingerprint(sub, 1, sha))).toEqual([]);
    await storage.removeUpload(key);
    expect(await storage.findUploadsByFingerprint(fp)).toEqual([]);
    expect(await storage.findAllUploads()).toEqual([]);
  });

  it('findAllUploads is empty for a store that cannot list', async () => {
    const { entries: _ignored, ...store } = memoryResumeStore();
    await store.set('x', 'https://h/u/1');
    expect(await new ResumeUrlStorage(store).findAllUploads()).toEqual([]);
  });

  it('the fingerprint is stable and names submission, page and content', () => {
    expect(pageFingerprint(sub, 2, sha)).toBe(`${sub}:2:${sha}`);
    expect(pageFingerprint(sub, 2, sha)).toBe(pageFingerprint(sub, 2, sha));
    expect(pageFingerprint(sub, 2, sha)).not.toBe(pageFingerprint(sub, 3, sha));
    expect(pageFingerprint(sub, 2, sha)).not.toBe(pageFingerprint(sub, 2, 'b'.repeat(64)));
  });
});

describe('metadata, ids and errors', () => {
  it('builds UploadMetadata with the page as a string', () => {
    expect(uploadMetadata(sub, 0, sha)).toEqual({
      submissionId: sub,
      page: '0',
      sha256: sha,
      filetype: 'image/jpeg',
    });
  });

  it('takes the upload id from the last path segment', () => {
    expect(uploadIdFromUrl('https://h/api/v1/uploads/3f2a9c')).toBe('3f2a9c');
    expect(uploadIdFromUrl('https://h/api/v1/uploads/3f2a9c/')).toBe('3f2a9c');
    expect(uploadIdFromUrl('/api/v1/uploads/a%20b?x=1')).toBe('a b');
    expect(() => uploadIdFromUrl('https://h/')).toThrow('no upload id');
  });

  it('classifies statuses like the sync engine does', () => {
    expect([0, 500, 502, 503, 408, 409, 423, 429].map(classifyStatus)).toEqual(
      Array(8).fill('retry'),
    );
    expect([401, 403].map(classifyStatus)).toEqual(['unauthorized', 'unauthorized']);
    expect([400, 404, 410, 413, 415, 422].map(classifyStatus)).toEqual(Array(6).fill('rejected'));
  });

  it('turns tus DetailedErrors into UploadErrors', () => {
    const detailed = (status: number | null) =>
      Object.assign(new Error('tus: boom'), {
        originalRequest: {},
        originalResponse: status === null ? null : { getStatus: () => status },
      });
    expect(toUploadError(detailed(null))).toMatchObject({ kind: 'retry', status: 0 });
    expect(toUploadError(detailed(503))).toMatchObject({ kind: 'retry', status: 503 });
    expect(toUploadError(detailed(401))).toMatchObject({ kind: 'unauthorized', status: 401 });
    expect(toUploadError(detailed(413))).toMatchObject({ kind: 'rejected', status: 413 });
    expect(toUploadError(new Error('x'))).toBeInstanceOf(UploadError);
  });

  it('photo errors are typed; foreign errors become decode_failed', () => {
    expect(toPhotoError(new PhotoError('too_large'))).toMatchObject({ code: 'too_large' });
    expect(toPhotoError(new DOMException('bad', 'InvalidStateError'))).toMatchObject({
      code: 'decode_failed',
    });
  });
});

describe('uploadPage', () => {
  const blob = new Blob([new Uint8Array(600_000)], { type: 'image/jpeg' });
  const base = {
    blob,
    sha256: sha,
    submissionId: sub,
    page: 1,
    token: 'tok',
    origin: 'https://school.example',
  };

  it('configures tus: endpoint, bearer, metadata, 256 KiB chunks, our storage and fingerprint', async () => {
    const store = memoryResumeStore();
    onStart = (u) => {
      u.url = 'https://school.example/api/v1/uploads/up123';
      u.options.onSuccess({});
    };
    await expect(uploadPage({ ...base, store })).resolves.toEqual({ uploadId: 'up123' });
    const o = created[0]?.options;
    expect(o).toMatchObject({
      endpoint: `https://school.example${uploadsPath}`,
      headers: { Authorization: 'Bearer tok' },
      metadata: { submissionId: sub, page: '1', sha256: sha, filetype: 'image/jpeg' },
      chunkSize: 256 * 1024,
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: false,
    });
    expect(await o?.fingerprint()).toBe(`${sub}:1:${sha}`);
    expect(created[0]?.resumedFrom).toBeNull();
  });

  it('reports what the server acknowledged, not the bytes handed to the network', async () => {
    const seen: Array<[number, number]> = [];
    onStart = (u) => {
      const o = u.options as Options & {
        onProgress?: ((sent: number, total: number) => void) | null;
        onChunkComplete: (chunk: number, accepted: number, total: number) => void;
      };
      // The browser took the whole page at once; the server has answered for half of it.
      o.onProgress?.(600, 600);
      o.onChunkComplete(300, 300, 600);
      o.onChunkComplete(300, 600, 600);
      u.url = 'https://school.example/api/v1/uploads/up1';
      o.onSuccess({});
    };
    await uploadPage({
      ...base,
      store: memoryResumeStore(),
      onProgress: (sent, total) => seen.push([sent, total]),
    });
    expect(seen).toEqual([
      [300, 600],
      [600, 600],
    ]);
    expect(created[0]?.options.headers).toMatchObject({ 'Homeward-App': '0.0.0-dev' });
  });

  it('resumes from the URL kept in the store (after a reload)', async () => {
    const store = memoryResumeStore();
    await store.set(`${sub}:1:${sha}`, 'https://school.example/api/v1/uploads/old9');
    onStart = (u) => u.options.onSuccess({});
    await expect(uploadPage({ ...base, store })).resolves.toEqual({ uploadId: 'old9' });
    expect(created[0]?.resumedFrom).toMatchObject({
      uploadUrl: 'https://school.example/api/v1/uploads/old9',
    });
    await forgetUploadedPage(store, { submissionId: sub, page: 1, sha256: sha });
    expect(store.map.size).toBe(0);
  });

  it('rejects with a typed error, and aborts without terminating the upload', async () => {
    const store = memoryResumeStore();
    onStart = (u) =>
      u.options.onError(
        Object.assign(new Error('tus'), {
          originalRequest: {},
          originalResponse: { getStatus: () => 401 },
        }),
      );
    await expect(uploadPage({ ...base, store })).rejects.toMatchObject({ kind: 'unauthorized' });

    const controller = new AbortController();
    onStart = () => controller.abort();
    await expect(uploadPage({ ...base, store, signal: controller.signal })).rejects.toMatchObject({
      kind: 'aborted',
    });
    expect(created.at(-1)?.aborted).toBe(false);
  });
});
