// What the server writes down: no join code reaches the log at any level, and the demo's
// staff passwords are printed only by the start that made them.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactSecrets } from '../../src/server/lib/log.ts';
import { defaultDistDir } from '../../src/server/plugins/static.ts';
import { readDemoCredentials } from '../../src/server/db/seed.ts';
import { asStaff, join_, signIn, startApp, type TestApp } from './helpers.ts';

const lines: string[] = [];
const stream = new Writable({
  write(chunk: Buffer, _encoding, done) {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    done();
  },
});

let t: TestApp;
beforeAll(async () => {
  t = await startApp({ logger: { level: 'trace', stream }, distDir: defaultDistDir });
});
afterAll(() => t.close());

describe('the log', () => {
  it('never holds a join code, at any level, whichever route saw it', async () => {
    const admin = t.demo.staff.find((s) => s.role === 'admin')!;
    const { cookie } = await signIn(t.app, admin.email, admin.password);
    const issued = await t.app.inject(
      asStaff(cookie, {
        method: 'POST',
        url: `/api/v1/staff/families/${t.demo.familyId}/join-codes`,
        payload: {},
      }),
    );
    expect(issued.statusCode).toBe(201);
    const other: string = issued.json().joinCode.code;
    const demo = t.demo.joinCode;
    const dashed = `${demo.slice(0, 4)}-${demo.slice(4)}`.toLowerCase();
    const wrong = 'ZZZZ9999';

    const gets = [
      `/join/${demo}`,
      `/join/${demo}?from=letter`,
      `/join/${dashed}`,
      `/JOIN/${demo}`,
      `//join/${demo}`,
      `/join%2F${demo}`,
      `/join/${wrong}`,
      `/?code=${demo}`,
      `/api/v1/staff/join-codes/${other}`,
    ];
    for (const url of gets) await t.app.inject({ method: 'GET', url });
    await join_(t.app, demo, 'Mum’s phone');
    await t.app.inject({ method: 'POST', url: '/api/v1/join', payload: { code: wrong } });
    await t.app.inject({ method: 'POST', url: '/api/v1/join', payload: { code: 'not a code' } });
    const revoked = await t.app.inject(
      asStaff(cookie, { method: 'DELETE', url: `/api/v1/staff/join-codes/${other}` }),
    );
    expect(revoked.statusCode).toBe(200);
    // An error whose message names a join URL.
    t.app.log.error({ err: new Error(`could not open /join/${demo}`) }, 'failed');

    expect(lines.length).toBeGreaterThan(20);
    const log = lines.join('\n').toUpperCase();
    for (const code of [demo, other, wrong, dashed]) {
      expect({ code, found: log.includes(code.toUpperCase()) }).toEqual({ code, found: false });
    }
    // The requests were logged, with the code cut out.
    expect(lines.some((l) => l.includes('"url":"/join/[redacted]"'))).toBe(true);
    expect(lines.some((l) => l.includes('/api/v1/staff/join-codes/[redacted]'))).toBe(true);
    expect(lines.some((l) => l.includes('could not open /join/[redacted]'))).toBe(true);
  });

  it('redacts the code in every shape a URL can carry it', () => {
    expect(redactSecrets('/join/ABCD2345')).toBe('/join/[redacted]');
    expect(redactSecrets('/join/ABCD2345/extra?x=1')).toBe('/join/[redacted]/extra?x=1');
    expect(redactSecrets('/Join/abcd-2345#x')).toBe('/Join/[redacted]#x');
    expect(redactSecrets('/api/v1/staff/join-codes/ABCD2345')).toBe(
      '/api/v1/staff/join-codes/[redacted]',
    );
    expect(redactSecrets('/join%2fABCD2345')).toBe('/join%2f[redacted]');
    expect(redactSecrets('/?code=ABCD2345&x=1')).toBe('/?code=[redacted]&x=1');
    expect(redactSecrets('/api/v1/sync?since=abc')).toBe('/api/v1/sync?since=abc');
    expect(redactSecrets('/joiner/ABCD2345')).toBe('/joiner/ABCD2345');
  });
});

/** Runs `node src/server/server.ts` until it says it is running; returns what it printed. */
async function startOnce(dataDir: string): Promise<string> {
  const child = spawn(process.execPath, ['src/server/server.ts'], {
    cwd: new URL('../../', import.meta.url).pathname,
    // Port 0: any free port (what it prints as its address does not matter here).
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const deadline = Date.now() + 30_000;
  while (!/Homeward is running[\s\S]*\n\n/.test(out)) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${out}`);
    if (Date.now() > deadline) throw new Error(`server did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
  return out;
}

describe('the demo staff passwords', () => {
  it('are printed by the first start only, and stay in a file only this user can read', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'homeward-test-'));
    try {
      const first = await startOnce(dataDir);
      const creds = readDemoCredentials(dataDir)!;
      expect(creds.staff.length).toBeGreaterThan(0);
      for (const s of creds.staff) expect(first).toContain(s.password);
      expect(first).toContain(`/join/${creds.joinCode}`);

      const second = await startOnce(dataDir);
      for (const s of creds.staff) expect(second).not.toContain(s.password);
      expect(second).toContain('demo-credentials.json');
      // The join link is how to try the demo: it is still printed (stdout, not the log).
      expect(second).toContain(`/join/${creds.joinCode}`);
      // Still readable by this user (tests sign in with it), by nobody else.
      expect(readDemoCredentials(dataDir)!.staff).toEqual(creds.staff);
      expect(statSync(join(dataDir, 'demo-credentials.json')).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
