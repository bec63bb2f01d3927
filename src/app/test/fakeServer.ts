// An in-memory stand-in for the school's server at the HTTP client's level (the `Http`
// the real transport calls, and a tus-like uploader), with the real server's rules that
// the sync engine relies on: idempotent PUTs by id (same body → the stored result; another
// body → 409), commits that name uploads (gone → 410 `upload_gone`, other bytes → 422
// `upload_incomplete`), and knobs for the faults the engine must survive: no network, 5xx,
// slowness, lost answers, a revoked phone, an app too old, per-request rules.
import type { SyncChange, SyncResponse } from '../../shared/api.ts';
import type { HomewardDB } from '../data/db.ts';
import type { Http, Parser } from '../net/http.ts';
import { HttpError, NetworkError } from '../net/http.ts';
import { readSyncPage } from '../net/api.ts';
import type { Transport } from '../sync/engine.ts';
import type { PageForgetter } from '../sync/pageUploader.ts';
import { sendEntry } from '../sync/send.ts';
import type { PageUploader } from '../sync/sendSubmission.ts';
import { entrySender } from '../sync/entrySender.ts';

export type Fault = 'network' | 'server' | 'lost-response' | 'revoked' | 'outdated' | null;

/** One request as the fake server sees it. */
export type FakeRequest = {
  method: 'PUT' | 'GET' | 'UPLOAD' | 'HEAD';
  /** `session-completions`, `submissions`, `sync`, `uploads`, … */
  collection: string;
  /** The record id in the path (the submission or media id for an upload). */
  id: string;
  body: Record<string, unknown> | null;
};

/** Decides the fate of one request: a fault, an error answer, or nothing (behave). */
export type Rule = (request: FakeRequest) => Fault | HttpError | undefined;

type Upload = { sha256: string; bytes: number };

/** Entities the server echoes back in sync pages (feed mode), by collection. */
const echoed: Record<string, SyncChange['entity']> = {
  'session-completions': 'sessionCompletion',
  'activity-completions': 'activityCompletion',
  'reward-events': 'rewardEvent',
};

export function createFakeServer(options: { sleep?: (ms: number) => Promise<void> } = {}) {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  /** Record id → the canonical body it was stored with. */
  const stored = new Map<string, string>();
  /** Manual pages (tests that script the pull); else, in feed mode, the change log. */
  const pages: SyncResponse[] = [];
  const log: SyncChange[] = [];
  const uploads = new Map<string, Upload>();
  /** tus resume URLs as the phone would keep them: fingerprint → upload id. */
  const resumable = new Map<string, string>();
  const state = {
    /** Faults to apply to the next calls, in order (null = behave). */
    faults: [] as Fault[],
    /** Per-request rules, asked after `faults` runs out. */
    rules: [] as Rule[],
    delayMs: 0,
    sendCalls: 0,
    pullCalls: 0,
    uploadCalls: 0,
    probeCalls: 0,
    /** What a HEAD /api/health answers. */
    up: true,
    /** Echo delivered marks and stars back in sync pages (two phones on one server). */
    feed: false,
    sinceSeen: [] as (string | undefined)[],
    requests: [] as FakeRequest[],
  };

  async function decide(request: FakeRequest, commit?: () => void): Promise<void> {
    state.requests.push(request);
    if (state.delayMs) await sleep(state.delayMs);
    let fault: Fault | HttpError | undefined = state.faults.shift();
    for (const rule of state.rules) fault ??= rule(request);
    if (fault instanceof HttpError) throw fault;
    if (fault === 'network') throw new NetworkError('Failed to fetch');
    if (fault === 'server') throw new HttpError(503, 'server_error', 'Service unavailable');
    if (fault === 'revoked') throw new HttpError(401, 'device_revoked', 'Removed');
    if (fault === 'outdated') throw new HttpError(426, 'app_too_old', 'Please update the app');
    commit?.();
    if (fault === 'lost-response') throw new NetworkError('Connection reset after commit');
  }

  /** Idempotency by content: a page is its bytes, not the upload that carried it. */
  function canonical(collection: string, body: Record<string, unknown>): string {
    if (collection === 'submissions') {
      const refs = body.pages as Array<{ sha256: string; bytes: number }>;
      return JSON.stringify({ ...body, pages: refs.map((p) => [p.sha256, p.bytes]) });
    }
    if (collection === 'media') return JSON.stringify({ ...body, uploadId: null });
    return JSON.stringify(body);
  }

  function checkUploads(collection: string, body: Record<string, unknown>): void {
    const refs =
      collection === 'submissions'
        ? (body.pages as Array<{ uploadId: string; sha256: string; bytes: number }>)
        : collection === 'media'
          ? [body as { uploadId: string; sha256: string; bytes: number }]
          : [];
    for (const ref of refs) {
      const upload = uploads.get(ref.uploadId);
      if (!upload) throw new HttpError(410, 'upload_gone', 'That upload is gone; send it again.');
      if (upload.sha256 !== ref.sha256 || upload.bytes !== ref.bytes) {
        throw new HttpError(422, 'upload_incomplete', 'sha256 mismatch; upload it again.');
      }
    }
  }

  async function put(path: string, text: string): Promise<void> {
    state.sendCalls += 1;
    const [, collection = '', id = ''] = /^\/api\/v1\/([^/]+)\/([^/?]+)$/.exec(path) ?? [];
    const body = JSON.parse(text) as Record<string, unknown>;
    const request: FakeRequest = { method: 'PUT', collection, id, body };
    const previous = stored.get(id);
    const mine = canonical(collection, body);
    if (previous !== undefined && previous !== mine) {
      await decide(request);
      throw new HttpError(409, 'conflict', 'Same id, different body');
    }
    await decide(request, () => {
      if (previous !== undefined) return;
      checkUploads(collection, body);
      stored.set(id, mine);
      const entity = echoed[collection];
      if (entity) log.push({ op: 'upsert', entity, data: { id, ...body } } as SyncChange);
    });
  }

  async function sync(path: string): Promise<unknown> {
    state.pullCalls += 1;
    const since = new URL(path, 'http://x').searchParams.get('since') ?? undefined;
    state.sinceSeen.push(since);
    await decide({ method: 'GET', collection: 'sync', id: '', body: null });
    if (!state.feed) {
      const index = since ? pages.findIndex((p) => p.cursor === since) + 1 : 0;
      return pages[index] ?? { cursor: since ?? 'v1.0', more: false, reset: false, changes: [] };
    }
    const from = since ? Number(since.slice(2)) : 0;
    return { cursor: `f.${log.length}`, more: false, reset: !since, changes: log.slice(from) };
  }

  const http: Http = {
    async json<T>(path: string, parse: Parser<T>, init: RequestInit = {}): Promise<T> {
      const payload =
        init.method === 'PUT' ? (await put(path, String(init.body)), {}) : await sync(path);
      const parsed = parse(payload);
      if (!parsed.success) throw new HttpError(200, 'server_error', 'unreadable reply');
      return parsed.data;
    },
    async probe() {
      state.probeCalls += 1;
      try {
        await decide({ method: 'HEAD', collection: 'health', id: '', body: null });
        return state.up;
      } catch {
        return false;
      }
    },
  };

  const upload: PageUploader = async (input) => {
    state.uploadCalls += 1;
    const fingerprint = `${input.submissionId}:${input.page}:${input.sha256}`;
    const resumed = resumable.get(fingerprint);
    let uploadId = resumed && uploads.has(resumed) ? resumed : `up-${state.uploadCalls}`;
    await decide({ method: 'UPLOAD', collection: 'uploads', id: input.submissionId, body: null });
    if (uploadId !== resumed) {
      uploads.set(uploadId, { sha256: input.sha256, bytes: input.blob.size });
      resumable.set(fingerprint, uploadId);
    }
    input.onProgress(input.blob.size, input.blob.size);
    return { uploadId };
  };
  const forget: PageForgetter = async (page) => {
    resumable.delete(`${page.submissionId}:${page.page}:${page.sha256}`);
  };

  /** The server's clean-up of uploads never committed (a week away, then a restart). */
  const cleanUpUploads = () => uploads.clear();
  /** Bytes on the server that are not what the phone sent (a damaged upload). */
  const damageUploads = () => {
    for (const u of uploads.values()) u.sha256 = '0'.repeat(64);
  };

  /** Drain-and-pull for entries whose body says it all (no photos). */
  const transport: Transport = {
    send: sendEntry(http),
    pull: (since) => http.json(`/api/v1/sync${since ? `?since=${since}` : ''}`, readSyncPage),
    probe: () => http.probe('/api/health'),
  };

  /** The page's real transport (body checks, photos and clips) over this fake server. */
  const transportFor = (db: HomewardDB): Transport => ({
    ...transport,
    send: entrySender(http, db, { upload, forget }),
  });

  return {
    http,
    transport,
    transportFor,
    stored,
    pages,
    log,
    uploads,
    resumable,
    state,
    cleanUpUploads,
    damageUploads,
  };
}
