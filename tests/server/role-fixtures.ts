// The cast of the role tests: the demo school's staff by role, a child of Year 1 Willow
// ("the class") whose family has no child anywhere else, that family's phone, records of
// every kind about the child, and the head of a second school.
import type { FastifyInstance, InjectOptions } from 'fastify';
import { v7 as uuid } from 'uuid';
import { staffUploadsPath } from '../../src/shared/publishing.ts';
import { may, type StaffRole } from '../../src/shared/staff/roles.ts';
import { chartBody, noticeBody, scheduleBody } from './family-write-fixtures.ts';
import { asStaff, bearer, join_, signIn, type TestApp } from './helpers.ts';
import { packBody, tinyPdf } from './pack-fixtures.ts';
import { weekRevision } from './publish-fixtures.ts';
import { pngBytes } from './schedule-fixtures.ts';
import { secondSchool } from './second-school.ts';
import { tusVersion, uploadIdOf, uploadPage } from './tus.ts';

export type Actor = {
  name: string;
  role: StaffRole | null;
  /** Which school and classes it reaches; null: not signed in as staff. */
  reach: { ownSchool: boolean; classes: 'all' | string[] } | null;
  headers: () => Promise<Record<string, string>>;
  /** Headers of a new session of the same member (for signing out). */
  fresh: () => Promise<Record<string, string>>;
};

export type Cast = Awaited<ReturnType<typeof castOf>>;

const at = '2026-11-25T10:00:00.000Z';

async function expectOk(app: FastifyInstance, opts: InjectOptions, what: string) {
  const res = await app.inject(opts);
  if (res.statusCode >= 300) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
  return res;
}

export async function castOf(t: TestApp) {
  const { app } = t;
  const byRole = (role: StaffRole, classes: string[] = []) => {
    const found = t.demo.staff.find((s) => s.role === role && s.classes.join() === classes.join());
    if (!found) throw new Error(`no demo ${role} of ${classes.join()}`);
    return found;
  };
  const classRows = await app.db.selectFrom('classes').select(['id', 'name']).execute();
  const classId = (name: string) => classRows.find((c) => c.name === name)!.id;
  const willow = classId('Year 1 Willow');
  const oak = classId('Year 4 Oak');
  const staffIds = new Set(
    (await app.db.selectFrom('staff').select('id').execute()).map((s) => s.id),
  );

  const admin = await signIn(app, byRole('admin').email, byRole('admin').password);
  const adminCookie = admin.cookie;
  const asAdmin = (opts: InjectOptions) => asStaff(adminCookie, opts);

  // A child of Willow only, in a family of its own, with a phone.
  const pupilId = uuid();
  const familyId = uuid();
  const schoolId = (await app.db.selectFrom('schools').select('id').executeTakeFirstOrThrow()).id;
  await app.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('pupils')
      .values({
        id: pupilId,
        class_id: willow,
        display_name: 'Zac',
        key_stage: 'KS1',
        visual_support: 1,
        updated_at: at,
      })
      .execute();
    await trx
      .insertInto('families')
      .values({
        id: familyId,
        school_id: schoolId,
        name: 'Zed family',
        scope_version: 1,
        created_at: at,
      })
      .execute();
    await trx
      .insertInto('family_pupils')
      .values({ family_id: familyId, pupil_id: pupilId })
      .execute();
  });
  const issue = async () =>
    (
      await expectOk(
        app,
        asAdmin({
          method: 'POST',
          url: `/api/v1/staff/families/${familyId}/join-codes`,
          payload: {},
        }),
        'join code',
      )
    ).json().joinCode.code as string;
  const phone = await join_(app, await issue(), 'Zed phone');
  const family = (opts: InjectOptions): InjectOptions => ({
    ...opts,
    headers: { ...opts.headers, ...bearer(phone.token) },
  });

  // Records about the child, made the way phones and staff make them.
  const noticeId = uuid();
  await expectOk(
    app,
    family({
      method: 'PUT',
      url: `/api/v1/absence-notices/${noticeId}`,
      payload: noticeBody(pupilId),
    }),
    'notice',
  );
  const page = await uploadPage(app, phone.token, await pngBytes());
  const submissionId = uuid();
  await expectOk(
    app,
    family({
      method: 'PUT',
      url: `/api/v1/submissions/${submissionId}`,
      payload: { pupilId, sessionId: null, note: '', createdAt: at, pages: [page] },
    }),
    'submission',
  );
  const pageId = (
    await app.db
      .selectFrom('submission_pages')
      .select('id')
      .where('submission_id', '=', submissionId)
      .executeTakeFirstOrThrow()
  ).id;
  const packId = uuid();
  await expectOk(
    app,
    asAdmin({ method: 'PUT', url: `/api/v1/staff/packs/${packId}`, payload: packBody(willow) }),
    'pack',
  );
  const paperRequestId = uuid();
  await expectOk(
    app,
    family({
      method: 'PUT',
      url: `/api/v1/paper-requests/${paperRequestId}`,
      payload: { packId, pupilId, note: '', createdAt: at },
    }),
    'paper request',
  );
  const weeks = await app.db
    .selectFrom('timetable_weeks')
    .select(['id', 'week_start'])
    .where('class_id', '=', willow)
    .orderBy('week_start')
    .execute();
  const week = weeks[0]!;
  const contactEntryId = (
    await expectOk(
      app,
      asAdmin({
        method: 'POST',
        url: '/api/v1/staff/contact-log',
        payload: { familyId, pupilId, at, method: 'phone', outcome: 'reached', note: 'Role test' },
      }),
      'contact log entry',
    )
  ).json().entry.id as string;
  // The school's settings as they are (a PUT of them changes nothing; another school has
  // the same defaults).
  const settingsOf = async (path: string) =>
    (await expectOk(app, asAdmin({ method: 'GET', url: `/api/v1/staff/${path}` }), path)).json()
      .settings as object;
  const settings = {
    schoolDay: await settingsOf('school-day-settings'),
    publishing: await settingsOf('publishing-settings'),
  };

  const other = await secondSchool(t);
  const signedIn = async (email: string, password: string) => ({
    cookie: (await signIn(app, email, password)).cookie,
  });
  const staffActor = (
    name: string,
    role: StaffRole,
    classes: string[],
    reach: Actor['reach'],
  ): Actor => {
    const s = byRole(role, classes);
    let headers: Promise<Record<string, string>> | undefined;
    return {
      name,
      role,
      reach,
      headers: () => (headers ??= signedIn(s.email, s.password)),
      fresh: () => signedIn(s.email, s.password),
    };
  };
  const actors: Actor[] = [
    staffActor('teacher of the class', 'teacher', ['Year 1 Willow'], {
      ownSchool: true,
      classes: [willow],
    }),
    staffActor('teacher of another class', 'teacher', ['Year 4 Oak'], {
      ownSchool: true,
      classes: [oak],
    }),
    staffActor('teaching assistant of the class', 'teaching_assistant', ['Year 1 Willow'], {
      ownSchool: true,
      classes: [willow],
    }),
    staffActor('SENCo', 'senco', [], { ownSchool: true, classes: 'all' }),
    staffActor('DSL', 'dsl', [], { ownSchool: true, classes: 'all' }),
    staffActor('head (admin)', 'admin', [], { ownSchool: true, classes: 'all' }),
    {
      name: 'head of another school',
      role: 'admin',
      reach: { ownSchool: false, classes: 'all' },
      headers: async () => ({ cookie: other.cookie }),
      // second-school.ts's head: head@<slug>.example.org, password <slug>-school-pass.
      fresh: () => signedIn('head@elm.example.org', 'elm-school-pass'),
    },
    {
      name: 'a family phone',
      role: null,
      reach: null,
      headers: async () => bearer(phone.token),
      fresh: async () => bearer(phone.token),
    },
    {
      name: 'no session',
      role: null,
      reach: null,
      headers: async () => ({}),
      fresh: async () => ({}),
    },
  ];

  /** A session body naming the week's revision now, as the week editor does. */
  const sessionOf = async (hour: number) => ({
    ...sessionBody(week.id, week.week_start, hour),
    baseRevision: await weekRevision(app, week.id),
  });

  return {
    actors,
    willow,
    oak,
    pupilId,
    familyId,
    noticeId,
    submissionId,
    pageId,
    packId,
    paperRequestId,
    week,
    contactEntryId,
    settings,
    staffIds,
    adminCookie,
    asAdmin,
    /** A fresh join code of the family (for revoking). */
    issue,
    /** A fresh phone of the family (for revoking). */
    newPhone: async () => (await join_(app, await issue(), 'Another phone')).deviceId,
    made: {
      schedule: async () => {
        const id = uuid();
        const { revision: _r, deleted: _d, ...body } = scheduleBody(pupilId);
        await expectOk(
          app,
          asAdmin({ method: 'PUT', url: `/api/v1/staff/visual-schedules/${id}`, payload: body }),
          'schedule',
        );
        return id;
      },
      session: async (hour: number) => {
        const id = uuid();
        await expectOk(
          app,
          asAdmin({
            method: 'PUT',
            url: `/api/v1/staff/timetable-sessions/${id}`,
            payload: await sessionOf(hour),
          }),
          'session',
        );
        return id;
      },
      pack: async () => {
        const id = uuid();
        await expectOk(
          app,
          asAdmin({ method: 'PUT', url: `/api/v1/staff/packs/${id}`, payload: packBody(willow) }),
          'pack',
        );
        return id;
      },
      packFile: async () => {
        const fileId = uuid();
        await expectOk(
          app,
          asAdmin({
            method: 'PUT',
            url: `/api/v1/staff/packs/${packId}/files/${fileId}?name=sheet.pdf`,
            headers: { 'content-type': 'application/pdf' },
            payload: tinyPdf(fileId),
          }),
          'pack file',
        );
        return fileId;
      },
      /**
       * A saved feedback phrase of the caller's own (phrases are each member's), or an id
       * that never existed when the caller may not save one.
       */
      phrase: async (a: Actor, n: number) => {
        if (!a.role || !may(a.role, 'support')) return uuid();
        const res = await expectOk(
          app,
          {
            method: 'POST',
            url: '/api/v1/staff/feedback-phrases',
            headers: await a.headers(),
            payload: { text: `Phrase to delete ${n}` },
          },
          'phrase',
        );
        return res.json().phrase.id as string;
      },
      /**
       * A finished tus upload of a PDF by the caller (only its maker may commit one), or an
       * id that never existed when the caller may not upload.
       */
      upload: async (a: Actor) => {
        if (!a.role || !may(a.role, 'publish')) return uuid();
        const headers = { ...(await a.headers()), ...tusVersion };
        const pdf = tinyPdf(uuid());
        const created = await expectOk(
          app,
          {
            method: 'POST',
            url: staffUploadsPath,
            headers: { ...headers, 'upload-length': String(pdf.length) },
          },
          'staff upload',
        );
        const id = uploadIdOf(created.headers.location);
        await expectOk(
          app,
          {
            method: 'PATCH',
            url: `${staffUploadsPath}/${id}`,
            headers: {
              ...headers,
              'upload-offset': '0',
              'content-type': 'application/offset+octet-stream',
            },
            payload: pdf,
          },
          'staff upload bytes',
        );
        return id;
      },
      media: async () => {
        const res = await expectOk(
          app,
          asAdmin({
            method: 'POST',
            url: `/api/v1/staff/media?pupilId=${pupilId}`,
            headers: { 'content-type': 'image/png' },
            payload: await pngBytes(),
          }),
          'media',
        );
        return res.json().media.id as string;
      },
    },
    bodies: {
      schedule: () => {
        const { revision: _r, deleted: _d, ...body } = scheduleBody(pupilId);
        return body;
      },
      chart: () => {
        const { revision: _r, ...body } = chartBody(pupilId);
        return body;
      },
      session: (hour: number) => sessionOf(hour),
    },
  };
}

/**
 * A session on the week's Saturday (the demo's sessions are on school days, so nothing else
 * is then), half an hour from `hour` (distinct hours never overlap).
 */
function sessionBody(weekId: string, monday: string, hour: number) {
  const hh = (h: number) => String(h).padStart(2, '0');
  const saturday = new Date(Date.parse(`${monday}T00:00:00Z`) + 5 * 86_400_000)
    .toISOString()
    .slice(0, 10);
  return {
    weekId,
    pupilId: null,
    date: saturday,
    startTime: `${hh(hour)}:00`,
    endTime: `${hh(hour)}:30`,
    subject: 'Role test',
    kind: 'independent',
    details: '',
    liveUrl: null,
  };
}
