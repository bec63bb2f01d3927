// The 9 o'clock rush (npm run bench:rush [-- --sqlite]): FAMILIES (12,000) phones within
// RUSH_SECONDS (120) on loopback. Each pulls sync (from last night's cursor), half send a
// done mark or an absence notice (alternately), one in five a two-page submission (two tus
// uploads of ~150 KB and the commit). Default: two API instances (separate processes) on
// PostgreSQL with S3 storage (s3rver), requests alternating between them; --sqlite: one
// instance on SQLite and local disk. Families are seeded directly in the database (one
// pupil, one phone each), not through 12,000 joins. Afterwards the database is checked:
// every write exactly once, each with its change. Then, on PostgreSQL, no-change syncs
// per second over both instances (autocannon, 10 connections each, 10 s; on SQLite the
// same over its one instance, printed only: its key is the main bench's).
// Writes the rush keys into bench/results.json. `-- --sync-only` skips the rush and
// measures only the no-change syncs (FAMILIES still seeded), writing nothing.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import sharp from 'sharp';
import { v7 as uuid } from 'uuid';
import { openDatabase, readEpoch, type Db } from '../../src/server/db/database.ts';
import { sha256 } from '../../src/server/lib/crypto.ts';
import { createBucket, s3Credentials } from '../../tests/pg/s3.ts';
import { freePort, startCluster } from '../../tests/pg/cluster.ts';
import { createHash } from 'node:crypto';
import { browserLikeHeaders } from '../lib/http.ts';
import { cpuSnapshot, postgresPids } from './cpu.ts';

const sqlite = process.argv.includes('--sqlite');
const syncOnly = process.argv.includes('--sync-only');
const families = Number(process.env.FAMILIES ?? 12_000);
const seconds = Number(process.env.RUSH_SECONDS ?? 120);
const maxInFlight = Number(process.env.RUSH_IN_FLIGHT ?? 48);

/** s3rver in a child process (s3-server.ts): its endpoint, and how to stop it. */
async function startS3Process(): Promise<{
  endpoint: string;
  pid: number;
  stop: () => Promise<void>;
}> {
  const child = spawn(process.execPath, ['bench/rush/s3-server.ts'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => {
      resolve((JSON.parse(d.toString().split('\n')[0]!) as { endpoint: string }).endpoint);
    });
    child.once('exit', (code) => reject(new Error(`s3 server exited ${code}`)));
  });
  return {
    endpoint,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

const dataDir = mkdtempSync(join(tmpdir(), 'homeward-rush-'));
const cleanups: (() => Promise<void> | void)[] = [
  () => rmSync(dataDir, { recursive: true, force: true }),
];
const env: Record<string, string> = { DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
let db: Db;
let pgDataDir: string | null = null;
let s3Pid: number | null = null;
try {
  if (!sqlite) {
    const cluster = await startCluster();
    pgDataDir = join(cluster.dir, 'data');
    cleanups.push(() => cluster.stop());
    const s3 = await startS3Process();
    s3Pid = s3.pid;
    cleanups.push(() => s3.stop());
    await createBucket(s3.endpoint, 'homeward-rush');
    Object.assign(env, {
      DATABASE_URL: cluster.url(),
      DATABASE_POOL_SIZE: '16',
      S3_BUCKET: 'homeward-rush',
      S3_ENDPOINT: s3.endpoint,
      AWS_ACCESS_KEY_ID: s3Credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3Credentials.secretAccessKey,
    });
    db = await openDatabase({ dataDir, databaseUrl: cluster.url() });
  } else {
    db = await openDatabase({ dataDir });
  }

  // Instances first (they seed the demo school), then 12,000 families in it.
  const ports: number[] = [];
  const servers: ChildProcess[] = [];
  for (let i = 0; i < (sqlite ? 1 : 2); i++) {
    const port = await freePort();
    // RUSH_PROFILE_DIR: each instance writes a V8 CPU profile there when it stops.
    const profile = process.env.RUSH_PROFILE_DIR
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.RUSH_PROFILE_DIR}`]
      : [];
    const child = spawn(process.execPath, [...profile, 'src/server/server.ts'], {
      env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    servers.push(child);
    cleanups.push(() => {
      child.kill('SIGTERM');
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => d.toString().includes('is running at') && resolve());
      child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
    });
    ports.push(port);
  }

  const t0 = Date.now();
  const school = await db.selectFrom('schools').select('id').executeTakeFirstOrThrow();
  const oak = await db
    .selectFrom('classes')
    .select('id')
    .where('school_id', '=', school.id)
    .orderBy('name')
    .executeTakeFirstOrThrow();
  const session = await db
    .selectFrom('timetable_sessions as s')
    .innerJoin('timetable_weeks as w', 'w.id', 's.week_id')
    .select('s.id')
    .where('w.class_id', '=', oak.id)
    .where('w.published_at', 'is not', null)
    .where('s.pupil_id', 'is', null)
    .executeTakeFirstOrThrow();
  const at = new Date().toISOString();
  type Fam = { token: string; pupilId: string; i: number };
  const fams: Fam[] = [];
  for (let start = 0; start < families; start += 500) {
    const batch = Array.from({ length: Math.min(500, families - start) }, (_, k) => ({
      i: start + k,
      familyId: uuid(),
      pupilId: uuid(),
      deviceId: uuid(),
      token: `rush-${uuid()}`,
    }));
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('families')
        .values(
          batch.map((b) => ({
            id: b.familyId,
            school_id: school.id,
            name: `Family ${b.i}`,
            scope_version: 1,
            created_at: at,
          })),
        )
        .execute();
      await trx
        .insertInto('pupils')
        .values(
          batch.map((b) => ({
            id: b.pupilId,
            class_id: oak.id,
            display_name: `Child ${b.i}`,
            key_stage: 'KS2',
            visual_support: 0,
            updated_at: at,
          })),
        )
        .execute();
      await trx
        .insertInto('family_pupils')
        .values(batch.map((b) => ({ family_id: b.familyId, pupil_id: b.pupilId })))
        .execute();
      await trx
        .insertInto('devices')
        .values(
          batch.map((b) => ({
            id: b.deviceId,
            family_id: b.familyId,
            name: 'Phone',
            token_hash: sha256(b.token),
            created_at: at,
            last_seen_at: null,
            revoked_at: null,
          })),
        )
        .execute();
    });
    for (const b of batch) fams.push({ token: b.token, pupilId: b.pupilId, i: b.i });
  }
  const seedS = (Date.now() - t0) / 1000;
  const maxSeq = Number(
    (
      await db
        .selectFrom('changes')
        .select((eb) => eb.fn.max('seq').as('m'))
        .executeTakeFirst()
    )?.m ?? 0,
  );
  const cursor = `1.${await readEpoch(db)}.1.${maxSeq}`;

  // Two phone-sized pages (~150 KB each): noise compresses badly, like a photo of paper.
  const page = async (seed: number) => {
    const w = 1000;
    const h = 750;
    const raw = Buffer.alloc(w * h * 3);
    let x = seed * 2654435761;
    for (let j = 0; j < raw.length; j++) {
      x = (x * 1103515245 + 12345) >>> 0;
      raw[j] = 128 + ((x >>> 24) % 48);
    }
    return sharp(raw, { raw: { width: w, height: h, channels: 3 } })
      .jpeg({ quality: 72 })
      .toBuffer();
  };
  const pages = [await page(1), await page(2)];
  const pageSha = pages.map((p) => createHash('sha256').update(p).digest('hex'));

  const latencies: number[] = [];
  const syncLatencies: number[] = [];
  let errors = 0;
  const errorSamples: string[] = [];
  let requests = 0;
  let rr = 0;
  async function call(
    method: string,
    path: string,
    token: string,
    body?: Buffer | string,
    headers: Record<string, string> = {},
  ) {
    const port = ports[rr++ % ports.length];
    const s = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(typeof body === 'string' ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body === undefined
        ? {}
        : { body: typeof body === 'string' ? body : new Uint8Array(body) }),
    });
    const text = await res.text();
    const ms = performance.now() - s;
    latencies.push(ms);
    requests++;
    if (res.status >= 300) {
      errors++;
      if (errorSamples.length < 5)
        errorSamples.push(`${method} ${path} ${res.status} ${text.slice(0, 200)}`);
    }
    return { status: res.status, location: res.headers.get('location'), text, ms };
  }
  const expected = {
    marks: new Set<string>(),
    notices: new Set<string>(),
    submissions: new Set<string>(),
  };
  async function family(f: Fam) {
    const s = await call('GET', `/api/v1/sync?since=${encodeURIComponent(cursor)}`, f.token);
    syncLatencies.push(s.ms);
    if (f.i % 2 === 0) {
      const id = uuid();
      if (f.i % 4 === 0) {
        expected.marks.add(id);
        await call(
          'PUT',
          `/api/v1/session-completions/${id}`,
          f.token,
          JSON.stringify({ sessionId: session.id, pupilId: f.pupilId, done: true, at }),
        );
      } else {
        expected.notices.add(id);
        await call(
          'PUT',
          `/api/v1/absence-notices/${id}`,
          f.token,
          JSON.stringify({
            pupilId: f.pupilId,
            reason: 'ill',
            from: '2026-11-23',
            to: '2026-11-23',
            note: 'Snow day, unwell.',
            revision: 1,
            withdrawnReason: null,
            createdAt: at,
          }),
        );
      }
    }
    if (f.i % 5 === 1) {
      const refs = [];
      for (const [k, p] of pages.entries()) {
        const c = await call('POST', '/api/v1/uploads', f.token, undefined, {
          'tus-resumable': '1.0.0',
          'upload-length': String(p.length),
        });
        const id =
          String(c.location ?? '')
            .split('/')
            .pop() ?? '';
        await call('PATCH', `/api/v1/uploads/${id}`, f.token, p, {
          'tus-resumable': '1.0.0',
          'upload-offset': '0',
          'content-type': 'application/offset+octet-stream',
        });
        refs.push({ uploadId: id, sha256: pageSha[k], bytes: p.length });
      }
      const sid = uuid();
      expected.submissions.add(sid);
      await call(
        'PUT',
        `/api/v1/submissions/${sid}`,
        f.token,
        JSON.stringify({
          pupilId: f.pupilId,
          sessionId: null,
          note: 'Snow day maths',
          createdAt: at,
          pages: refs,
        }),
      );
    }
  }

  // Open model: family i starts at i/families of the window, at most maxInFlight at once.
  // CPU time of every process in the test, per family and per sync: on a machine shared
  // with other work, throughput swings with its load; CPU per unit of work stays put.
  const cpuGroups = {
    server: () => servers.map((c) => c.pid!),
    postgres: () => (pgDataDir ? postgresPids(pgDataDir) : []),
    s3: () => (s3Pid ? [s3Pid] : []),
  };
  const rushCpuBefore = cpuSnapshot(cpuGroups);
  const rushLoadBefore = process.cpuUsage();
  const start = Date.now();
  const flight = { n: 0 };
  const waiting: (() => void)[] = [];
  const runs: Promise<void>[] = [];
  for (const f of syncOnly ? [] : fams) {
    const due = start + (f.i / families) * (seconds - 10) * 1000;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    while (flight.n >= maxInFlight) await new Promise<void>((r) => waiting.push(r));
    flight.n++;
    runs.push(
      family(f)
        .catch((err: unknown) => {
          errors++;
          if (errorSamples.length < 5) errorSamples.push(String(err));
        })
        .finally(() => {
          flight.n--;
          waiting.shift()?.();
        }),
    );
  }
  await Promise.all(runs);
  const durationS = (Date.now() - start) / 1000;
  const rushCpuAfter = cpuSnapshot(cpuGroups);
  const rushLoad = process.cpuUsage(rushLoadBefore);
  const perFamilyMs = (ms: number) => Math.round((ms / Math.max(1, fams.length)) * 10) / 10;

  // Lost or doubled: exactly the ids sent, each once, each with exactly one change. An id
  // missing its row, its change or both is one lost item.
  const missing = new Set<string>();
  for (const [table, ids] of [
    ['session_completions', expected.marks],
    ['absence_notices', expected.notices],
    ['submissions', expected.submissions],
  ] as const) {
    const rows = await db
      .selectFrom(table)
      .select('id')
      .where('device_id', 'is not', null)
      .execute();
    const got = new Set(rows.map((r) => r.id));
    for (const id of ids) if (!got.has(id)) missing.add(id);
  }
  const allIds = [...expected.marks, ...expected.notices, ...expected.submissions];
  let doubled = 0;
  for (let k = 0; k < allIds.length; k += 1000) {
    const slice = allIds.slice(k, k + 1000);
    const rows = await db
      .selectFrom('changes')
      .select(['entity_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('entity_id', 'in', slice)
      .groupBy('entity_id')
      .execute();
    doubled += rows.filter((r) => Number(r.n) !== 1).length;
    const logged = new Set(rows.map((r) => r.entity_id));
    for (const id of slice) if (!logged.has(id)) missing.add(id);
  }
  const lost = missing.size;
  const pageRows = await db
    .selectFrom('submission_pages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  doubled += Math.max(0, Number(pageRows.n) - expected.submissions.size * 2);

  const pct = (xs: number[], p: number) => {
    const s = xs.toSorted((a, b) => a - b);
    return (
      Math.round((s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0) * 10) / 10
    );
  };
  const result: Record<string, number> = {
    families,
    errors,
    lost,
    doubled,
    requests,
    durationS: Math.round(durationS * 10) / 10,
    requestsPerSecond: Math.round(requests / durationS),
    p50Ms: pct(latencies, 50),
    p99Ms: pct(latencies, 99),
    syncP50Ms: pct(syncLatencies, 50),
    syncP99Ms: pct(syncLatencies, 99),
    seedS: Math.round(seedS * 10) / 10,
    serverCpuMsPerFamily: perFamilyMs(rushCpuAfter.server! - rushCpuBefore.server!),
    postgresCpuMsPerFamily: perFamilyMs(rushCpuAfter.postgres! - rushCpuBefore.postgres!),
    s3CpuMsPerFamily: perFamilyMs(rushCpuAfter.s3! - rushCpuBefore.s3!),
    loadGeneratorCpuMsPerFamily: perFamilyMs((rushLoad.user + rushLoad.system) / 1000),
    machineLoadAverage: Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]),
  };
  if (!syncOnly) {
    console.log(
      sqlite ? 'rush, one instance, SQLite:' : 'rush, two instances, PostgreSQL + S3:',
      result,
    );
  }
  if (errorSamples.length) console.log('first errors:', errorSamples);

  // No-change syncs: 10 connections on each instance at once, a phone's headers.
  const token = fams[0]!.token;
  const cpuBefore = cpuSnapshot(cpuGroups);
  const loadBefore = process.cpuUsage();
  const loads = await Promise.all(
    ports.map((port) =>
      autocannon({
        url: `http://127.0.0.1:${port}/api/v1/sync?since=${encodeURIComponent(cursor)}`,
        connections: 10,
        duration: Number(process.env.RUSH_SYNC_SECONDS ?? 10),
        headers: { ...browserLikeHeaders, authorization: `Bearer ${token}` },
      }),
    ),
  );
  const cpuAfter = cpuSnapshot(cpuGroups);
  const loadCpu = process.cpuUsage(loadBefore);
  const total = loads.reduce((s, r) => s + r.requests.total, 0);
  const perRequestUs = (ms: number) => Math.round((ms * 1000) / Math.max(1, total));
  const syncLoad = {
    rps: Math.round(loads.reduce((s, r) => s + r.requests.mean, 0)),
    p50: Math.max(...loads.map((r) => r.latency.p50)),
    p99: Math.max(...loads.map((r) => r.latency.p99)),
    non2xx: loads.reduce((s, r) => s + r.non2xx + r.errors + r.timeouts, 0),
    // CPU per request, which the machine's other load does not change much.
    serverCpuUs: perRequestUs(cpuAfter.server! - cpuBefore.server!),
    postgresCpuUs: perRequestUs(cpuAfter.postgres! - cpuBefore.postgres!),
    loadGeneratorCpuUs: perRequestUs((loadCpu.user + loadCpu.system) / 1000),
  };
  console.log(
    sqlite ? 'no-change syncs, one instance:' : 'no-change syncs over both instances:',
    syncLoad,
  );

  const file = 'bench/results.json';
  const results = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  if (syncOnly) {
    // A measurement only: results.json keeps the last full run.
  } else if (sqlite) {
    Object.assign(results, {
      rushSqliteFamilies: families,
      rushSqliteErrors: errors,
      rushSqliteLost: lost,
      rushSqliteDoubled: doubled,
      rushSqliteP50Ms: result.p50Ms,
      rushSqliteP99Ms: result.p99Ms,
      rushSqliteDurationS: result.durationS,
      rushSqliteRequestsPerSecond: result.requestsPerSecond,
    });
  } else {
    Object.assign(results, {
      rushFamilies: families,
      rushErrors: errors,
      rushLost: lost,
      rushDoubled: doubled,
      rushP50Ms: result.p50Ms,
      rushP99Ms: result.p99Ms,
      rushDurationS: result.durationS,
      rushRequestsPerSecond: result.requestsPerSecond,
      syncRequestsPerSecondPg: syncLoad.rps,
      syncP99MsPg: syncLoad.p99,
    });
  }
  if (!syncOnly) writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  for (const s of servers) s.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  await db.destroy();
} finally {
  for (const c of cleanups.toReversed()) await c();
}
