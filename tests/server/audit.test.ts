// The audit log: every staff read of a child's or class's records is written down (who,
// what, whose, when) once the answer is a success; admins read it, newest first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/shared/staff/audit.ts';
import { asStaff, startApp, type TestApp } from './helpers.ts';
import { castOf, type Cast } from './role-fixtures.ts';

let clock = new Date('2026-11-25T10:00:00Z');
let t: TestApp;
let cast: Cast;
beforeAll(async () => {
  const many = { max: 10_000, timeWindowMs: 60_000 };
  t = await startApp({ now: () => clock, rateLimit: { signIn: many, join: many } });
  cast = await castOf(t);
}, 60_000);
afterAll(() => t.close());

const actor = (name: string) => cast.actors.find((a) => a.name === name)!;

async function read(name: string, url: string) {
  const headers = await actor(name).headers();
  return t.app.inject({ method: 'GET', url, headers });
}

async function auditLog(query = ''): Promise<{ entries: AuditEntry[]; next: string | null }> {
  const res = await t.app.inject(
    asStaff(cast.adminCookie, { method: 'GET', url: `/api/v1/staff/audit${query}` }),
  );
  expect(res.statusCode).toBe(200);
  return res.json();
}

describe('the audit log', () => {
  it('records who read which class’s and child’s records, and when', async () => {
    clock = new Date('2026-11-25T10:01:00Z');
    expect(
      (await read('teacher of the class', `/api/v1/staff/submissions?classId=${cast.willow}`))
        .statusCode,
    ).toBe(200);
    clock = new Date('2026-11-25T10:02:00Z');
    expect(
      (await read('SENCo', `/api/v1/staff/visual-schedules?pupilId=${cast.pupilId}`)).statusCode,
    ).toBe(200);
    clock = new Date('2026-11-25T10:03:00Z');
    expect((await read('DSL', `/api/v1/staff/files/${cast.pageId}`)).statusCode).toBe(200);

    const { entries } = await auditLog();
    expect(entries.slice(0, 3)).toEqual([
      expect.objectContaining({
        at: '2026-11-25T10:03:00.000Z',
        staff: expect.objectContaining({ name: 'Mr David Hughes', role: 'dsl' }),
        action: 'view',
        kind: 'submission-page',
        subject: { type: 'pupil', id: cast.pupilId, name: 'Zac' },
      }),
      expect.objectContaining({
        at: '2026-11-25T10:02:00.000Z',
        staff: expect.objectContaining({ name: 'Ms Grace Okafor', role: 'senco' }),
        kind: 'visual-schedules',
        subject: { type: 'pupil', id: cast.pupilId, name: 'Zac' },
      }),
      expect.objectContaining({
        at: '2026-11-25T10:01:00.000Z',
        staff: expect.objectContaining({ name: 'Mr Tom Evans', role: 'teacher' }),
        kind: 'submissions',
        subject: { type: 'class', id: cast.willow, name: 'Year 1 Willow' },
      }),
    ]);
  });

  it('writes nothing for a refused read, nor for thumbnails inside a list', async () => {
    const before = (await auditLog()).entries.length;
    expect(
      (await read('teacher of another class', `/api/v1/staff/submissions?classId=${cast.willow}`))
        .statusCode,
    ).toBe(404);
    expect(
      (
        await read(
          'head of another school',
          `/api/v1/staff/visual-schedules?pupilId=${cast.pupilId}`,
        )
      ).statusCode,
    ).toBe(404);
    expect((await read('SENCo', `/api/v1/staff/files/${cast.pageId}/thumb`)).statusCode).toBe(200);
    expect((await auditLog()).entries.length).toBe(before);
  });

  it('is the admin’s only, and only of their own school', async () => {
    for (const name of [
      'teacher of the class',
      'SENCo',
      'DSL',
      'teaching assistant of the class',
    ]) {
      const res = await read(name, '/api/v1/staff/audit');
      expect(res.statusCode).toBe(403);
    }
    const other = await read('head of another school', '/api/v1/staff/audit');
    expect(other.statusCode).toBe(200);
    expect(
      (other.json() as { entries: AuditEntry[] }).entries.some((e) =>
        cast.staffIds.has(e.staff.id),
      ),
    ).toBe(false);
    expect((await read('no session', '/api/v1/staff/audit')).statusCode).toBe(401);
  });

  it('narrows to one child and pages back in time', async () => {
    const about = await auditLog(`?subjectId=${cast.pupilId}`);
    expect(about.entries.length).toBeGreaterThanOrEqual(2);
    expect(about.entries.every((e) => e.subject.id === cast.pupilId)).toBe(true);

    const first = await auditLog('?limit=1');
    expect(first.entries).toHaveLength(1);
    expect(first.next).toBe(first.entries[0]!.id);
    const second = await auditLog(`?limit=1&before=${first.next}`);
    expect(second.entries).toHaveLength(1);
    expect(second.entries[0]!.at <= first.entries[0]!.at).toBe(true);
    expect(second.entries[0]!.id).not.toBe(first.entries[0]!.id);
  });
});
