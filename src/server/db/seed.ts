// Demo data for an empty database: one school, two classes, two families, six staff (the
// head, a teacher per class, a teaching assistant, the SENCo and the DSL),
// this week's and next week's published timetables, a join code for the Khan family,
// Yusuf's visual schedules and token board (seed-schedules.ts), and learning packs for
// both weeks with their files (seed-packs.ts; the files go to `storage`).
// Passwords are generated here and never stored in plain text in the database; the
// demo credentials go to `${dataDir}/demo-credentials.json` (mode 0600) for server.ts
// to print and for e2e tests to read.
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { v7 as uuid } from 'uuid';
import type { Contact } from '../../shared/entities.ts';
import type { StaffRole } from '../../shared/staff/roles.ts';
import { hashPassword, newJoinCode, newPassword } from '../lib/crypto.ts';
import { addDays, weekStartOf } from '../lib/time.ts';
import type { FileStorage } from '../storage/index.ts';
import type { Db } from './database.ts';
import { seedPacks, type SeededPacks } from './seed-packs.ts';
import { seedSchedules, type SeededSchedules } from './seed-schedules.ts';
import { ks1Day, ks2Day, weekDates, type SeedSession } from './seed-timetable.ts';

export type DemoStaff = {
  email: string;
  password: string;
  name: string;
  role: StaffRole;
  /** Names of the classes the member is assigned to. */
  classes: string[];
};
const demoStaffKeys = ['admin', 'oakTeacher', 'willowTeacher', 'ta', 'senco', 'dsl'] as const;
type DemoStaffKey = (typeof demoStaffKeys)[number];
export type DemoInfo = {
  schoolId: string;
  classes: { oak: string; willow: string };
  pupils: { amira: string; yusuf: string; maja: string };
  families: { khan: string; novak: string };
  /** Week ids by class, this week then next week. */
  weeks: { oak: [string, string]; willow: [string, string] };
  /** The head (admin), Oak's and Willow's teachers, Willow's teaching assistant, SENCo, DSL. */
  staff: Record<DemoStaffKey, DemoStaff & { id: string }>;
  /** Yusuf's (visualSupport) school-made schedules and reward chart. */
  schedules: SeededSchedules;
  /** Learning packs of this week and next (one of them a draft). */
  packs: SeededPacks;
  joinCode: string;
  joinCodeExpiresAt: string;
};

const timeZone = 'Europe/London';
const demoCodeDays = 30;

const contacts: Contact[] = [
  {
    role: 'Class teacher, Year 4 Oak',
    name: 'Mrs Priya Patel',
    phone: null,
    email: 'y4oak@oakfield.example.org',
    about: 'Questions about Year 4 work and the timetable.',
  },
  {
    role: 'Class teacher, Year 1 Willow',
    name: 'Mr Tom Evans',
    phone: null,
    email: 'y1willow@oakfield.example.org',
    about: 'Questions about Year 1 work and the timetable.',
  },
  {
    role: 'SENCo',
    name: 'Ms Grace Okafor',
    phone: '01632 960 214',
    email: 'senco@oakfield.example.org',
    about: 'Support for children with SEND, visual timetables and EHCP targets.',
  },
  {
    role: 'Designated safeguarding lead',
    name: 'Mr David Hughes',
    phone: '01632 960 200',
    email: 'dsl@oakfield.example.org',
    about: 'If you are worried about a child’s safety or wellbeing. In an emergency call 999.',
  },
  {
    role: 'School office',
    name: 'Oakfield office',
    phone: '01632 960 100',
    email: 'office@oakfield.example.org',
    about: 'Absence, paper packs, and anything else.',
  },
];

export async function isEmpty(db: Db): Promise<boolean> {
  const row = await db.selectFrom('schools').select('id').limit(1).executeTakeFirst();
  return row === undefined;
}

export async function seed(db: Db, now: Date, storage: FileStorage): Promise<DemoInfo> {
  const at = now.toISOString();
  const ids = {
    school: uuid(),
    oak: uuid(),
    willow: uuid(),
    amira: uuid(),
    yusuf: uuid(),
    maja: uuid(),
    khan: uuid(),
    novak: uuid(),
  };
  const member = (
    email: string,
    name: string,
    role: StaffRole,
    classes: string[],
  ): DemoStaff & { id: string } => ({
    id: uuid(),
    email: `${email}@oakfield.example.org`,
    password: newPassword(),
    name,
    role,
    classes,
  });
  const staff: DemoInfo['staff'] = {
    admin: member('head', 'Mrs Helen Carter', 'admin', []),
    oakTeacher: member('teacher', 'Mrs Priya Patel', 'teacher', ['Year 4 Oak']),
    willowTeacher: member('evans', 'Mr Tom Evans', 'teacher', ['Year 1 Willow']),
    ta: member('ta', 'Mr Sam Reid', 'teaching_assistant', ['Year 1 Willow']),
    senco: member('senco', 'Ms Grace Okafor', 'senco', []),
    dsl: member('dsl', 'Mr David Hughes', 'dsl', []),
  };
  const hashes = await Promise.all(demoStaffKeys.map((k) => hashPassword(staff[k].password)));
  const thisWeek = weekStartOf(now, timeZone);
  const nextWeek = addDays(thisWeek, 7);
  const weeks = {
    oak: [uuid(), uuid()] as [string, string],
    willow: [uuid(), uuid()] as [string, string],
  };
  const joinCode = newJoinCode();
  const joinCodeExpiresAt = new Date(now.getTime() + demoCodeDays * 86_400_000).toISOString();

  const { schedules, packs } = await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('schools')
      .values({
        id: ids.school,
        name: 'Oakfield Primary School (demo)',
        contact_hours: 'Monday to Friday, 08:45–15:15',
        contacts: JSON.stringify(contacts),
        time_zone: timeZone,
        updated_at: at,
      })
      .execute();
    await trx
      .insertInto('classes')
      .values([
        { id: ids.oak, school_id: ids.school, name: 'Year 4 Oak', updated_at: at },
        { id: ids.willow, school_id: ids.school, name: 'Year 1 Willow', updated_at: at },
      ])
      .execute();
    await trx
      .insertInto('pupils')
      .values([
        {
          id: ids.amira,
          class_id: ids.oak,
          display_name: 'Amira',
          key_stage: 'KS2',
          visual_support: 0,
          updated_at: at,
        },
        {
          id: ids.yusuf,
          class_id: ids.willow,
          display_name: 'Yusuf',
          key_stage: 'KS1',
          visual_support: 1,
          updated_at: at,
        },
        {
          id: ids.maja,
          class_id: ids.oak,
          display_name: 'Maja',
          key_stage: 'KS2',
          visual_support: 0,
          updated_at: at,
        },
      ])
      .execute();
    await trx
      .insertInto('families')
      .values([
        {
          id: ids.khan,
          school_id: ids.school,
          name: 'Khan family',
          scope_version: 1,
          created_at: at,
        },
        {
          id: ids.novak,
          school_id: ids.school,
          name: 'Novak family',
          scope_version: 1,
          created_at: at,
        },
      ])
      .execute();
    await trx
      .insertInto('family_pupils')
      .values([
        { family_id: ids.khan, pupil_id: ids.amira },
        { family_id: ids.khan, pupil_id: ids.yusuf },
        { family_id: ids.novak, pupil_id: ids.maja },
      ])
      .execute();
    await trx
      .insertInto('staff')
      .values(
        demoStaffKeys.map((k, i) => ({
          id: staff[k].id,
          school_id: ids.school,
          email: staff[k].email,
          name: staff[k].name,
          role: staff[k].role,
          password_hash: hashes[i] as string,
          created_at: at,
        })),
      )
      .execute();
    const classIdByName: Record<string, string> = {
      'Year 4 Oak': ids.oak,
      'Year 1 Willow': ids.willow,
    };
    await trx
      .insertInto('staff_classes')
      .values(
        demoStaffKeys.flatMap((k) =>
          staff[k].classes.map((name) => ({
            staff_id: staff[k].id,
            class_id: classIdByName[name] as string,
            created_at: at,
          })),
        ),
      )
      .execute();
    await trx
      .insertInto('join_codes')
      .values({
        code: joinCode,
        family_id: ids.khan,
        expires_at: joinCodeExpiresAt,
        revoked_at: null,
        created_at: at,
      })
      .execute();
    await trx.insertInto('meta').values({ key: 'demo_family_id', value: ids.khan }).execute();

    const classWeeks = [
      {
        classId: ids.oak,
        weekIds: weeks.oak,
        day: (d: number) =>
          ks2Day(
            d,
            'https://teams.microsoft.com/l/meetup-join/oakfield-year4-oak-register',
            ids.maja,
          ),
      },
      {
        classId: ids.willow,
        weekIds: weeks.willow,
        day: (d: number) => ks1Day(d, 'https://zoom.us/j/5550123456?pwd=willow', ids.yusuf),
      },
    ];
    for (const cw of classWeeks) {
      for (const [i, weekStart] of [thisWeek, nextWeek].entries()) {
        const weekId = cw.weekIds[i] as string;
        await trx
          .insertInto('timetable_weeks')
          .values({
            id: weekId,
            class_id: cw.classId,
            week_start: weekStart,
            note:
              i === 0
                ? 'Welcome to home learning. Do what you can; ring the office if you are stuck.'
                : '',
            published_at: at,
            updated_at: at,
          })
          .execute();
        const rows = weekDates(weekStart).flatMap((date, d) =>
          cw.day(d).map((s: SeedSession) => ({
            id: uuid(),
            week_id: weekId,
            pupil_id: s.pupil,
            date,
            start_time: s.start,
            end_time: s.end,
            subject: s.subject,
            kind: s.kind,
            details: s.details,
            live_url: s.liveUrl ?? null,
            updated_at: at,
          })),
        );
        await trx.insertInto('timetable_sessions').values(rows).execute();
      }
    }
    const madeSchedules = await seedSchedules(trx, {
      pupilId: ids.yusuf,
      weekId: weeks.willow[0],
      staffId: staff.senco.id,
      timeZone,
      now,
    });
    const madePacks = await seedPacks(trx, storage, {
      now,
      weekStarts: [thisWeek, nextWeek],
      oak: { classId: ids.oak, weekIds: weeks.oak, staffId: staff.oakTeacher.id },
      willow: { classId: ids.willow, weekIds: weeks.willow, staffId: staff.willowTeacher.id },
      yusuf: { pupilId: ids.yusuf, routineId: madeSchedules.routine },
    });
    return { schedules: madeSchedules, packs: madePacks };
  });

  return {
    schoolId: ids.school,
    classes: { oak: ids.oak, willow: ids.willow },
    pupils: { amira: ids.amira, yusuf: ids.yusuf, maja: ids.maja },
    families: { khan: ids.khan, novak: ids.novak },
    weeks,
    staff,
    schedules,
    packs,
    joinCode,
    joinCodeExpiresAt,
  };
}

/** What server.ts prints and e2e tests read: `${dataDir}/demo-credentials.json`. */
export type DemoCredentials = {
  familyId: string;
  familyName: string;
  joinCode: string;
  joinCodeExpiresAt: string;
  /** The head (an admin) first, then the teachers, the TA, the SENCo and the DSL. */
  staff: DemoStaff[];
};

export function demoCredentialsPath(dataDir: string): string {
  return join(dataDir, 'demo-credentials.json');
}

export function readDemoCredentials(dataDir: string): DemoCredentials | null {
  try {
    return JSON.parse(readFileSync(demoCredentialsPath(dataDir), 'utf8')) as DemoCredentials;
  } catch {
    return null;
  }
}

function writeDemoCredentials(dataDir: string, creds: DemoCredentials): void {
  const file = demoCredentialsPath(dataDir);
  writeFileSync(file, `${JSON.stringify(creds, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}

/**
 * Seeds an empty database and writes the credentials file (`seeded`: this call did); on
 * later starts makes sure the demo family still has a working join code (issuing and
 * recording a new one).
 */
export async function prepareDemo(
  db: Db,
  dataDir: string,
  now: Date,
  storage: FileStorage,
): Promise<{ credentials: DemoCredentials | null; seeded: boolean }> {
  if (!(await isEmpty(db)))
    return { credentials: await refreshDemo(db, dataDir, now), seeded: false };
  const info = await seed(db, now, storage);
  const credentials: DemoCredentials = {
    familyId: info.families.khan,
    familyName: 'Khan family',
    joinCode: info.joinCode,
    joinCodeExpiresAt: info.joinCodeExpiresAt,
    staff: demoStaffKeys.map((k) => {
      const { id: _id, ...rest } = info.staff[k];
      return rest;
    }),
  };
  writeDemoCredentials(dataDir, credentials);
  return { credentials, seeded: true };
}

async function refreshDemo(db: Db, dataDir: string, now: Date): Promise<DemoCredentials | null> {
  const demo = await db
    .selectFrom('meta')
    .select('value')
    .where('key', '=', 'demo_family_id')
    .executeTakeFirst();
  if (!demo) return readDemoCredentials(dataDir);
  const at = now.toISOString();
  const valid = await db
    .selectFrom('join_codes')
    .select(['code', 'expires_at'])
    .where('family_id', '=', demo.value)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', at)
    .orderBy('expires_at', 'desc')
    .executeTakeFirst();
  const creds = readDemoCredentials(dataDir);
  if (valid && creds?.joinCode === valid.code) return creds;
  let code = valid?.code;
  let expiresAt = valid?.expires_at;
  if (!code || !expiresAt) {
    code = newJoinCode();
    expiresAt = new Date(now.getTime() + demoCodeDays * 86_400_000).toISOString();
    await db
      .insertInto('join_codes')
      .values({
        code,
        family_id: demo.value,
        expires_at: expiresAt,
        revoked_at: null,
        created_at: at,
      })
      .execute();
  }
  const next: DemoCredentials = {
    familyId: demo.value,
    familyName: creds?.familyName ?? 'Khan family',
    joinCode: code,
    joinCodeExpiresAt: expiresAt,
    // Plain passwords exist only in this file; if it was deleted they are gone (reset the
    // demo by deleting the data directory).
    staff: creds?.staff ?? [],
  };
  writeDemoCredentials(dataDir, next);
  return next;
}
