// Server time of the school's daily views, in process (buildApp + inject: routing,
// queries and serialization, no network), on a synthetic school of 1,000 pupils in 40
// classes with three weeks of work (bench/school-day/seed.ts):
//   engagementDayMs   GET /staff/engagement?date=  the whole school's day, "needs a call"
//                     over three school days included (median of 20 after 3 warm-ups)
//   inboxFirstPageMs  GET /staff/submissions?classId=&limit=50  a class holding 500
//                     submissions with pages and feedback (median of 20)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuid } from 'uuid';
import { buildApp } from '../../src/server/app.ts';
import { hashPassword } from '../../src/server/lib/crypto.ts';
import type { Measure } from '../lib/context.ts';
import { median, round } from '../lib/stats.ts';
import { seedSyntheticSchool } from '../school-day/seed.ts';

const runs = 20;
const warmUps = 3;

export const schoolDay: Measure = {
  name: 'school-day',
  title: 'School day views (server time, 1,000 pupils)',
  async run() {
    const dataDir = mkdtempSync(join(tmpdir(), 'homeward-bench-day-'));
    // Thursday of the third week: the views read that day and the two before.
    const now = new Date('2026-11-26T12:00:00.000Z');
    const app = await buildApp({ distDir: false, dataDir, now: () => now, logger: false });
    try {
      const schoolId = uuid();
      const staffId = uuid();
      const password = 'bench-admin-password';
      await app.db
        .insertInto('schools')
        .values({
          id: schoolId,
          name: 'Bench',
          contact_hours: '',
          contacts: '[]',
          time_zone: 'Europe/London',
          updated_at: '',
        })
        .execute();
      await app.db
        .insertInto('staff')
        .values({
          id: staffId,
          school_id: schoolId,
          email: 'head@bench.example.org',
          name: 'Head',
          role: 'admin',
          password_hash: await hashPassword(password),
          created_at: '',
        })
        .execute();
      const seedStarted = performance.now();
      const school = await seedSyntheticSchool(app.db, {
        schoolId,
        staffId,
        firstMonday: '2026-11-09',
        weeks: 3,
      });
      const seedMs = performance.now() - seedStarted;
      const signIn = await app.inject({
        method: 'POST',
        url: '/api/v1/staff/session',
        payload: { email: 'head@bench.example.org', password },
      });
      const cookie = `hw_staff=${signIn.cookies.find((c) => c.name === 'hw_staff')?.value ?? ''}`;

      const time = async (url: string) => {
        const samples: number[] = [];
        let last = { status: 0, bytes: 0 };
        for (let i = 0; i < warmUps + runs; i++) {
          const started = performance.now();
          const res = await app.inject({ method: 'GET', url, headers: { cookie } });
          const ms = performance.now() - started;
          if (res.statusCode !== 200)
            throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
          if (i >= warmUps) samples.push(ms);
          last = { status: res.statusCode, bytes: res.rawPayload.length };
        }
        return { median: median(samples), max: Math.max(...samples), ...last };
      };
      const day = await time('/api/v1/staff/engagement?date=2026-11-26');
      const inbox = await time(`/api/v1/staff/submissions?classId=${school.inboxClassId}&limit=50`);
      const counts = await app.db
        .selectFrom('submissions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return {
        values: {
          engagementDayMs: round(day.median, 1),
          inboxFirstPageMs: round(inbox.median, 1),
        },
        details: [
          `seeded ${school.classIds.length} classes, 1,000 pupils, ${counts.n} submissions in ${Math.round(seedMs)} ms`,
          `engagement day: median ${round(day.median, 1)} ms, max ${round(day.max, 1)} ms, ${day.bytes} B`,
          `inbox first page (50 of 500): median ${round(inbox.median, 1)} ms, max ${round(inbox.max, 1)} ms, ${inbox.bytes} B`,
        ],
      };
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
