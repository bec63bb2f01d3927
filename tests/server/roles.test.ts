// The role matrix: every staff route, asked by every kind of caller. Only those whose role
// may do the thing AND who reach the record (their school; for teachers and teaching
// assistants their classes) get data; a role that may not is 403, a record out of reach
// is 404 (as if it did not exist), and no staff session is 401. The list of routes here
// must be exactly the staff routes the server has (checked against its OpenAPI document).
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { v7 as uuid } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { may, type Capability } from '../../src/shared/staff/roles.ts';
import { startApp, type TestApp } from './helpers.ts';
import { packBody, tinyPdf } from './pack-fixtures.ts';
import { pngBytes } from './schedule-fixtures.ts';
import { castOf, type Actor, type Cast } from './role-fixtures.ts';

const staff = '/api/v1/staff';
const fixedNow = new Date('2026-11-25T10:00:00Z');

type Case = {
  /** Method and path as the OpenAPI document names it. */
  route: string;
  /** 'signedIn': anyone signed in as staff. */
  can: Capability | 'signedIn';
  /** The request, made afresh for each caller (creates get new ids); n: the caller's number. */
  request: (c: Cast, a: Actor, n: number) => Promise<InjectOptions>;
  /** Statuses that mean "it was done". */
  ok: number[];
  /**
   * A list with no id to check: everyone allowed gets 200, and this says whether the
   * answer shows the class's records (only those who reach the class may see them).
   */
  shows?: (body: unknown, c: Cast) => boolean;
  /**
   * The caller's own things, or its own school's settings: no record of the class is named,
   * so every caller whose role may gets it done (another school's head gets its school's).
   */
  own?: true;
};

const get = (url: string): InjectOptions => ({ method: 'GET', url });
const json = (method: 'PUT' | 'POST' | 'DELETE', url: string, payload?: object): InjectOptions =>
  payload === undefined ? { method, url } : { method, url, payload };
/** A roster file (the caller's own new class) as the workspace sends it. */
const csv = (url: string, n: number): InjectOptions => ({
  method: 'POST',
  url,
  headers: { 'content-type': 'text/csv' },
  payload: `Pupil name,Class,Year group,Carer 1 name,Carer 1 phone\r\nAva Role${n},Roles ${n},Year 3,Kim Role,07700 90${String(n).padStart(4, '0')}\r\n`,
});
const some = (body: unknown, key: string, test: (x: Record<string, unknown>) => boolean) =>
  ((body as Record<string, Record<string, unknown>[]>)[key] ?? []).some(test);

const cases: Case[] = [
  { route: 'GET /me', can: 'signedIn', request: async () => get(`${staff}/me`), ok: [200] },
  {
    route: 'DELETE /session',
    can: 'signedIn',
    request: async () => json('DELETE', `${staff}/session`),
    ok: [204],
  },
  {
    route: 'POST /password',
    can: 'signedIn',
    // The handler runs and refuses the wrong current password: proof the check let it in.
    request: async () =>
      json('POST', `${staff}/password`, {
        currentPassword: 'not the password',
        newPassword: 'a long new passphrase',
      }),
    ok: [400],
  },
  {
    route: 'GET /classes',
    can: 'read',
    request: async () => get(`${staff}/classes`),
    ok: [200],
    shows: (b, c) => some(b, 'classes', (x) => x.id === c.willow),
  },
  {
    route: 'GET /classes/{id}',
    can: 'read',
    request: async (c) => get(`${staff}/classes/${c.willow}`),
    ok: [200],
  },
  {
    route: 'GET /families',
    can: 'read',
    request: async () => get(`${staff}/families`),
    ok: [200],
    shows: (b, c) => some(b, 'families', (f) => f.id === c.familyId),
  },
  {
    route: 'GET /timetable-weeks',
    can: 'read',
    request: async (c) => get(`${staff}/timetable-weeks?classId=${c.willow}`),
    ok: [200],
  },
  {
    route: 'GET /timetable-weeks/{id}',
    can: 'read',
    request: async (c) => get(`${staff}/timetable-weeks/${c.week.id}`),
    ok: [200],
  },
  {
    route: 'PUT /timetable-weeks/{id}',
    can: 'publish',
    request: async (c, _a, n) =>
      json('PUT', `${staff}/timetable-weeks/${uuid()}`, {
        classId: c.willow,
        weekStart: mondayAfter('2031-01-06', n),
        published: false,
      }),
    ok: [201],
  },
  {
    route: 'PUT /timetable-sessions/{id}',
    can: 'publish',
    request: async (c, _a, n) =>
      json('PUT', `${staff}/timetable-sessions/${uuid()}`, await c.bodies.session(n)),
    ok: [201],
  },
  {
    route: 'DELETE /timetable-sessions/{id}',
    can: 'publish',
    request: async (c, _a, n) =>
      json('DELETE', `${staff}/timetable-sessions/${await c.made.session(n + 10)}`),
    ok: [204],
  },
  {
    route: 'POST /families/{familyId}/join-codes',
    can: 'families',
    request: async (c) => json('POST', `${staff}/families/${c.familyId}/join-codes`, {}),
    ok: [201],
  },
  {
    route: 'DELETE /join-codes/{code}',
    can: 'families',
    request: async (c) => json('DELETE', `${staff}/join-codes/${await c.issue()}`),
    ok: [200],
  },
  {
    route: 'GET /families/{familyId}/devices',
    can: 'read',
    request: async (c) => get(`${staff}/families/${c.familyId}/devices`),
    ok: [200],
  },
  {
    route: 'DELETE /devices/{id}',
    can: 'families',
    request: async (c) => json('DELETE', `${staff}/devices/${await c.newPhone()}`),
    ok: [200],
  },
  {
    route: 'GET /session-completions',
    can: 'read',
    request: async (c) => get(`${staff}/session-completions?weekId=${c.week.id}`),
    ok: [200],
  },
  {
    route: 'GET /submissions',
    can: 'read',
    request: async (c) => get(`${staff}/submissions?classId=${c.willow}`),
    ok: [200],
  },
  {
    route: 'GET /files/{pageId}',
    can: 'read',
    request: async (c) => get(`${staff}/files/${c.pageId}`),
    ok: [200],
  },
  {
    route: 'GET /files/{pageId}/thumb',
    can: 'read',
    request: async (c) => get(`${staff}/files/${c.pageId}/thumb`),
    ok: [200],
  },
  {
    route: 'POST /submissions/{id}/seen',
    can: 'support',
    request: async (c) => json('POST', `${staff}/submissions/${c.submissionId}/seen`, {}),
    ok: [200],
  },
  {
    route: 'POST /submissions/{id}/feedback',
    can: 'support',
    request: async (c) =>
      json('POST', `${staff}/submissions/${c.submissionId}/feedback`, { text: 'Well done!' }),
    ok: [201],
  },
  {
    route: 'GET /absence-notices',
    can: 'read',
    request: async (c) => get(`${staff}/absence-notices?classId=${c.willow}`),
    ok: [200],
  },
  {
    route: 'POST /absence-notices/{id}/acknowledge',
    can: 'acknowledge',
    request: async (c) => json('POST', `${staff}/absence-notices/${c.noticeId}/acknowledge`, {}),
    ok: [200],
  },
  {
    route: 'GET /visual-schedules',
    can: 'read',
    request: async (c) => get(`${staff}/visual-schedules?pupilId=${c.pupilId}`),
    ok: [200],
  },
  {
    route: 'PUT /visual-schedules/{id}',
    can: 'support',
    request: async (c) => json('PUT', `${staff}/visual-schedules/${uuid()}`, c.bodies.schedule()),
    ok: [201],
  },
  {
    route: 'DELETE /visual-schedules/{id}',
    can: 'support',
    request: async (c) => json('DELETE', `${staff}/visual-schedules/${await c.made.schedule()}`),
    ok: [204],
  },
  {
    route: 'GET /reward-charts',
    can: 'read',
    request: async (c) => get(`${staff}/reward-charts?pupilId=${c.pupilId}`),
    ok: [200],
  },
  {
    route: 'PUT /reward-charts/{id}',
    can: 'support',
    request: async (c) => json('PUT', `${staff}/reward-charts/${uuid()}`, c.bodies.chart()),
    ok: [201],
  },
  {
    route: 'POST /media',
    can: 'support',
    request: async (c) => ({
      method: 'POST',
      url: `${staff}/media?pupilId=${c.pupilId}`,
      headers: { 'content-type': 'image/png' },
      payload: await pngBytes(),
    }),
    ok: [201],
  },
  {
    route: 'GET /media/{id}',
    can: 'read',
    request: async (c) => get(`${staff}/media/${await c.made.media()}`),
    ok: [200],
  },
  {
    route: 'GET /packs',
    can: 'read',
    request: async () => get(`${staff}/packs`),
    ok: [200],
    shows: (b, c) => some(b, 'packs', (p) => p.classId === c.willow),
  },
  {
    route: 'PUT /packs/{id}',
    can: 'publish',
    request: async (c) => json('PUT', `${staff}/packs/${uuid()}`, packBody(c.willow)),
    ok: [201],
  },
  {
    route: 'DELETE /packs/{id}',
    can: 'publish',
    request: async (c) => json('DELETE', `${staff}/packs/${await c.made.pack()}`),
    ok: [204],
  },
  {
    route: 'PUT /packs/{id}/files/{fileId}',
    can: 'publish',
    request: async (c) => ({
      method: 'PUT',
      url: `${staff}/packs/${c.packId}/files/${uuid()}?name=sheet.pdf`,
      headers: { 'content-type': 'application/pdf' },
      payload: tinyPdf(uuid()),
    }),
    ok: [201],
  },
  {
    route: 'DELETE /packs/{id}/files/{fileId}',
    can: 'publish',
    request: async (c) =>
      json('DELETE', `${staff}/packs/${c.packId}/files/${await c.made.packFile()}`),
    ok: [204],
  },
  {
    route: 'GET /paper-requests',
    can: 'read',
    request: async () => get(`${staff}/paper-requests`),
    ok: [200],
    shows: (b, c) => some(b, 'requests', (r) => r.pupilId === c.pupilId),
  },
  {
    route: 'POST /paper-requests/{id}/posted',
    can: 'support',
    request: async (c) => json('POST', `${staff}/paper-requests/${c.paperRequestId}/posted`, {}),
    ok: [200],
  },
  {
    route: 'GET /submissions/{id}',
    can: 'read',
    request: async (c) => get(`${staff}/submissions/${c.submissionId}`),
    ok: [200],
  },
  {
    route: 'POST /timetable-weeks/{id}/copy',
    can: 'publish',
    request: async (c, _a, n) =>
      json('POST', `${staff}/timetable-weeks/${c.week.id}/copy`, {
        newWeekId: uuid(),
        weekStart: mondayAfter('2032-01-05', n),
      }),
    ok: [201],
  },
  {
    route: 'POST /packs/{id}/files/{fileId}/upload',
    can: 'publish',
    request: async (c, a) =>
      json('POST', `${staff}/packs/${c.packId}/files/${uuid()}/upload`, {
        uploadId: await c.made.upload(a),
        contentType: 'application/pdf',
        name: 'sheet.pdf',
      }),
    ok: [201],
  },
  {
    route: 'GET /publishing-settings',
    can: 'read',
    request: async () => get(`${staff}/publishing-settings`),
    ok: [200],
    own: true,
  },
  {
    route: 'PUT /publishing-settings',
    can: 'admin',
    request: async (c) => json('PUT', `${staff}/publishing-settings`, c.settings.publishing),
    ok: [200],
    own: true,
  },
  {
    route: 'GET /publishing-status',
    can: 'read',
    request: async () => get(`${staff}/publishing-status`),
    ok: [200],
    shows: (b, c) => some(b, 'classes', (x) => x.classId === c.willow),
  },
  {
    route: 'GET /engagement',
    can: 'read',
    request: async (c) => get(`${staff}/engagement?classId=${c.willow}&date=2026-11-25`),
    ok: [200],
  },
  {
    route: 'GET /engagement/week',
    can: 'read',
    request: async (c) => get(`${staff}/engagement/week?classId=${c.willow}&week=2026-11-23`),
    ok: [200],
  },
  {
    route: 'GET /engagement/school',
    can: 'lead',
    request: async () => get(`${staff}/engagement/school?week=2026-11-23`),
    ok: [200],
    shows: (b, c) => some(b, 'classes', (x) => x.classId === c.willow),
  },
  {
    route: 'GET /contact-log',
    can: 'read',
    request: async (c) => get(`${staff}/contact-log?classId=${c.willow}`),
    ok: [200],
  },
  {
    route: 'POST /contact-log',
    can: 'read',
    request: async (c) =>
      json('POST', `${staff}/contact-log`, {
        familyId: c.familyId,
        pupilId: c.pupilId,
        at: '2026-11-25T09:30:00.000Z',
        method: 'phone',
        outcome: 'no_answer',
        note: '',
      }),
    ok: [201],
  },
  {
    route: 'PUT /contact-log/{id}/safeguarding',
    can: 'safeguarding',
    request: async (c) =>
      json('PUT', `${staff}/contact-log/${c.contactEntryId}/safeguarding`, { flagged: true }),
    ok: [200],
  },
  {
    route: 'GET /exports/engagement.csv',
    can: 'read',
    request: async (c) =>
      get(`${staff}/exports/engagement.csv?classId=${c.willow}&from=2026-11-23&to=2026-11-27`),
    ok: [200],
  },
  {
    route: 'GET /exports/contact-log.csv',
    can: 'read',
    request: async (c) =>
      get(`${staff}/exports/contact-log.csv?classId=${c.willow}&from=2026-11-23&to=2026-11-27`),
    ok: [200],
  },
  {
    route: 'GET /exports/feedback-tally.csv',
    can: 'read',
    request: async (c) =>
      get(`${staff}/exports/feedback-tally.csv?classId=${c.willow}&week=2026-11-23`),
    ok: [200],
  },
  {
    route: 'GET /feedback-phrases',
    can: 'support',
    request: async () => get(`${staff}/feedback-phrases`),
    ok: [200],
    own: true,
  },
  {
    route: 'POST /feedback-phrases',
    can: 'support',
    request: async (_c, _a, n) =>
      json('POST', `${staff}/feedback-phrases`, { text: `Phrase ${n}` }),
    ok: [201],
    own: true,
  },
  {
    route: 'DELETE /feedback-phrases/{id}',
    can: 'support',
    request: async (c, a, n) =>
      json('DELETE', `${staff}/feedback-phrases/${await c.made.phrase(a, n)}`),
    ok: [204],
    own: true,
  },
  {
    route: 'GET /feedback-tally',
    can: 'read',
    request: async (c) => get(`${staff}/feedback-tally?classId=${c.willow}&week=2026-11-23`),
    ok: [200],
  },
  {
    route: 'GET /school-day-settings',
    can: 'read',
    request: async () => get(`${staff}/school-day-settings`),
    ok: [200],
    own: true,
  },
  {
    route: 'PUT /school-day-settings',
    can: 'admin',
    request: async (c) => json('PUT', `${staff}/school-day-settings`, c.settings.schoolDay),
    ok: [200],
    own: true,
  },
  {
    route: 'GET /audit',
    can: 'admin',
    request: async () => get(`${staff}/audit`),
    ok: [200],
    // Any entry of the demo school's staff (the callers above wrote plenty).
    shows: (b, c) => some(b, 'entries', (e) => c.staffIds.has((e.staff as { id: string }).id)),
  },
  {
    route: 'GET /roster/template',
    can: 'admin',
    request: async () => get(`${staff}/roster/template`),
    ok: [200],
    own: true,
  },
  {
    route: 'POST /roster/preview',
    can: 'admin',
    request: async (_c, _a, n) => csv(`${staff}/roster/preview`, n),
    ok: [200],
    own: true,
  },
  {
    route: 'POST /roster/commit',
    can: 'admin',
    // Not the preview's fingerprint: the handler runs and refuses, proof the check let it in.
    request: async (_c, _a, n) => csv(`${staff}/roster/commit?fingerprint=${'0'.repeat(64)}`, n),
    ok: [409],
    own: true,
  },
];

function mondayAfter(first: string, weeks: number): string {
  return new Date(Date.parse(`${first}T00:00:00Z`) + weeks * 7 * 86_400_000)
    .toISOString()
    .slice(0, 10);
}

/** What a caller must get: 'done', 'hidden' (a list without the class's records), or a status. */
function expected(c: Case, a: Actor, willow: string): 'done' | 'hidden' | 401 | 403 | 404 {
  if (!a.reach || !a.role) return 401;
  if (c.can === 'signedIn') return 'done';
  if (!may(a.role, c.can)) return 403;
  if (c.own) return 'done';
  const reachesClass =
    a.reach.ownSchool && (a.reach.classes === 'all' || a.reach.classes.includes(willow));
  if (c.shows) return reachesClass ? 'done' : 'hidden';
  return reachesClass ? 'done' : 404;
}

let t: TestApp;
let cast: Cast;
beforeAll(async () => {
  const many = { max: 10_000, timeWindowMs: 60_000 };
  t = await startApp({ now: () => fixedNow, rateLimit: { signIn: many, join: many } });
  cast = await castOf(t);
}, 60_000);
afterAll(() => t.close());

describe('the role matrix', () => {
  it('covers every staff route the server has (and no other)', () => {
    const doc = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith(staff))
      .flatMap(([path, ops]) =>
        Object.keys(ops)
          .filter((m) => m !== 'head')
          .map((m) => `${m.toUpperCase()} ${path.slice(staff.length)}`),
      )
      // Signing in is the one open staff route (tests/server/staff.test.ts).
      .filter((r) => r !== 'POST /session');
    expect(cases.map((c) => c.route).toSorted()).toEqual(routes.toSorted());
  });

  it('gives data only to the roles that may and the staff who reach the class', async () => {
    const wrong: string[] = [];
    for (const c of cases) {
      for (const [n, a] of cast.actors.entries()) {
        const headers = c.route === 'DELETE /session' ? await a.fresh() : await a.headers();
        const req = await c.request(cast, a, n);
        const res: LightMyRequestResponse = await t.app.inject({
          ...req,
          headers: { ...req.headers, ...headers },
        });
        const want = expected(c, a, cast.willow);
        const got = res.statusCode;
        const code = got >= 400 ? (res.json() as { error: { code: string } }).error.code : null;
        const fine =
          want === 'done'
            ? c.ok.includes(got) && (!c.shows || c.shows(res.json(), cast))
            : want === 'hidden'
              ? got === 200 && !c.shows?.(res.json(), cast)
              : // Refusals say nothing about the record: a 404 is the one for an id that never existed.
                got === want &&
                code === (want === 401 ? 'unauthorized' : want === 403 ? 'forbidden' : 'not_found');
        if (!fine) {
          wrong.push(
            `${c.route} as ${a.name}: wanted ${want}, got ${got} ${res.body.slice(0, 160)}`,
          );
        }
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);
});
