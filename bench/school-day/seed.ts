// A synthetic school for the school-day measures: 40 classes of 25 pupils (1,000), a
// household each (one in ten children has two), a phone per household that reports its
// outbox, three weeks of timetable, and for every school day most children's signs of
// work: a photo handed in, sessions marked done (some undone), stars; absence notices for
// some. One class (the first) also holds the inbox's 500 submissions with pages and some
// feedback. Rows go straight into the tables, in batches, in one transaction.
import { v7 as uuid } from 'uuid';
import type { Db } from '../../src/server/db/database.ts';
import { addDays, zonedInstant } from '../../src/server/lib/time.ts';

export type SyntheticSchool = { schoolId: string; classIds: string[]; inboxClassId: string };

/** Deterministic pseudo-random numbers (the same school every run). */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

async function insertAll<T extends Record<string, unknown>>(
  db: Db,
  table: Parameters<Db['insertInto']>[0],
  rows: T[],
) {
  const columns = rows[0] ? Object.keys(rows[0]).length : 1;
  const batch = Math.max(1, Math.floor(30_000 / columns));
  for (let i = 0; i < rows.length; i += batch) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + batch) as never)
      .execute();
  }
}

export async function seedSyntheticSchool(
  db: Db,
  input: { schoolId: string; staffId: string; firstMonday: string; weeks: number },
): Promise<SyntheticSchool> {
  const rand = random(14);
  const tz = 'Europe/London';
  const classes: Record<string, unknown>[] = [];
  const pupils: { id: string; class_id: string }[] = [];
  const families: Record<string, unknown>[] = [];
  const links: Record<string, unknown>[] = [];
  const devices: { id: string; family_id: string }[] = [];
  const weeks: Record<string, unknown>[] = [];
  const sessions: { id: string; week_id: string; date: string; class_id: string }[] = [];
  const byPupil = new Map<string, { family: string; device: string }>();
  const days: string[] = [];
  for (let w = 0; w < input.weeks; w++) {
    for (let d = 0; d < 5; d++) days.push(addDays(input.firstMonday, w * 7 + d));
  }

  for (let c = 0; c < 40; c++) {
    const classId = uuid();
    classes.push({
      id: classId,
      school_id: input.schoolId,
      name: `Class ${String(c + 1).padStart(2, '0')}`,
      updated_at: '',
    });
    for (let w = 0; w < input.weeks; w++) {
      const weekId = uuid();
      const monday = addDays(input.firstMonday, w * 7);
      weeks.push({
        id: weekId,
        class_id: classId,
        week_start: monday,
        note: '',
        published_at: '2026-01-01T00:00:00.000Z',
        updated_at: '',
      });
      for (let d = 0; d < 5; d++) {
        for (let s = 0; s < 4; s++) {
          sessions.push({
            id: uuid(),
            week_id: weekId,
            date: addDays(monday, d),
            class_id: classId,
          });
        }
      }
    }
    for (let p = 0; p < 25; p++) {
      const pupilId = uuid();
      pupils.push({ id: pupilId, class_id: classId });
      const households = rand() < 0.1 ? 2 : 1;
      for (let h = 0; h < households; h++) {
        const familyId = uuid();
        const deviceId = uuid();
        families.push({
          id: familyId,
          school_id: input.schoolId,
          name: `Family ${c}-${p}-${h}`,
          scope_version: 1,
          created_at: '',
        });
        links.push({ family_id: familyId, pupil_id: pupilId });
        devices.push({ id: deviceId, family_id: familyId });
        if (h === 0) byPupil.set(pupilId, { family: familyId, device: deviceId });
      }
    }
  }

  const submissions: Record<string, unknown>[] = [];
  const marks: Record<string, unknown>[] = [];
  const stars: Record<string, unknown>[] = [];
  const notices: Record<string, unknown>[] = [];
  const charts: Record<string, unknown>[] = [];
  const sessionsByClassDay = new Map<string, string[]>();
  for (const s of sessions) {
    const key = `${s.class_id}|${s.date}`;
    sessionsByClassDay.set(key, [...(sessionsByClassDay.get(key) ?? []), s.id]);
  }
  const submission = (pupilId: string, at: string) => {
    const own = byPupil.get(pupilId)!;
    const id = uuid();
    submissions.push({
      id,
      family_id: own.family,
      pupil_id: pupilId,
      session_id: null,
      note: '',
      created_at: at,
      received_at: at,
      seen_at: null,
      body_hash: id,
      device_id: own.device,
    });
    return id;
  };
  for (const pupil of pupils) {
    const own = byPupil.get(pupil.id)!;
    const chartId = uuid();
    charts.push({
      id: chartId,
      pupil_id: pupil.id,
      family_id: null,
      made_by: 'school',
      title: 'Stars',
      goal: 5,
      reward: '{}',
      reward_label: '',
      token_per_step: 0,
      archived: 0,
      revision: 1,
      body_hash: chartId,
      device_id: null,
      staff_id: input.staffId,
      created_at: '',
      updated_at: '',
    });
    for (const day of days) {
      const r = rand();
      if (r < 0.05) {
        const id = uuid();
        notices.push({
          id,
          family_id: own.family,
          pupil_id: pupil.id,
          reason: 'ill',
          from_date: day,
          to_date: day,
          note: '',
          revision: 1,
          withdrawn_reason: null,
          created_at: `${day}T07:00:00.000Z`,
          received_at: `${day}T07:00:00.000Z`,
          acknowledged_at: null,
          acknowledged_by: null,
          acknowledged_by_staff_id: null,
          body_hash: id,
          device_id: own.device,
        });
        continue;
      }
      if (r > 0.85) continue; // a quiet day
      const base = zonedInstant(day, '09:00', tz).getTime();
      const at = (minutes: number) => new Date(base + minutes * 60_000).toISOString();
      if (rand() < 0.6) submission(pupil.id, at(60 + Math.floor(rand() * 300)));
      for (const [i, sessionId] of (
        sessionsByClassDay.get(`${pupil.class_id}|${day}`) ?? []
      ).entries()) {
        if (rand() < 0.7) {
          marks.push({
            id: uuid(),
            session_id: sessionId,
            pupil_id: pupil.id,
            done: rand() < 0.95 ? 1 : 0,
            at: at(i * 60 + 50),
            revision: 1,
            device_id: own.device,
            body_hash: '',
            received_at: at(i * 60 + 51),
          });
        }
      }
      for (let k = 0; k < Math.floor(rand() * 4); k++) {
        stars.push({
          id: uuid(),
          chart_id: chartId,
          pupil_id: pupil.id,
          type: 'token',
          undoes: null,
          by: rand() < 0.5 ? 'child' : 'parent',
          step_id: null,
          at: at(30 * k),
          device_id: own.device,
          body_hash: '',
          received_at: at(30 * k),
        });
      }
    }
  }
  // The inbox: the first class's 500 submissions (topped up), two pages each, a third with feedback.
  const inboxClassId = classes[0]!.id as string;
  const inboxPupils = pupils.filter((p) => p.class_id === inboxClassId);
  let have = submissions.filter((s) => inboxPupils.some((p) => p.id === s.pupil_id)).length;
  for (let i = 0; have < 500; i++, have++) {
    submission(
      inboxPupils[i % inboxPupils.length]!.id,
      new Date(zonedInstant(input.firstMonday, '08:00', tz).getTime() + i * 97_000).toISOString(),
    );
  }
  const inboxIds = new Set(inboxPupils.map((p) => p.id));
  const pages: Record<string, unknown>[] = [];
  const feedback: Record<string, unknown>[] = [];
  for (const s of submissions) {
    if (!inboxIds.has(s.pupil_id as string)) continue;
    for (let idx = 0; idx < 2; idx++) {
      pages.push({
        id: uuid(),
        submission_id: s.id,
        idx,
        file_key: uuid(),
        thumb_key: uuid(),
        width: 1200,
        height: 1600,
        bytes: 200_000,
        thumb_bytes: 20_000,
        original_bytes: 300_000,
        original_sha256: '0'.repeat(64),
      });
    }
    if (rand() < 0.33) {
      feedback.push({
        id: uuid(),
        submission_id: s.id,
        pupil_id: s.pupil_id,
        staff_id: input.staffId,
        staff_name: 'Bench teacher',
        text: 'Well done',
        created_at: s.received_at,
      });
    }
  }

  await db.transaction().execute(async (trx) => {
    const t = trx as unknown as Db;
    await insertAll(t, 'classes', classes);
    await insertAll(
      t,
      'pupils',
      pupils.map((p, i) => ({
        ...p,
        display_name: `Pupil ${String(i).padStart(4, '0')}`,
        key_stage: 'KS2',
        visual_support: 0,
        updated_at: '',
      })),
    );
    await insertAll(t, 'families', families);
    await insertAll(t, 'family_pupils', links);
    await insertAll(
      t,
      'devices',
      devices.map((d, i) => ({
        ...d,
        name: 'Phone',
        token_hash: d.id,
        created_at: '',
        last_seen_at: zonedInstant(days.at(-1)!, '08:00', tz).toISOString(),
        revoked_at: null,
        outbox_count: i % 7 === 0 ? 3 : 0,
        outbox_since: i % 7 === 0 ? zonedInstant(days.at(-2)!, '18:00', tz).toISOString() : null,
        outbox_reported_at: null,
      })),
    );
    await insertAll(t, 'timetable_weeks', weeks);
    await insertAll(
      t,
      'timetable_sessions',
      sessions.map(({ class_id: _c, ...s }) => ({
        ...s,
        pupil_id: null,
        start_time: '09:00',
        end_time: '10:00',
        subject: 'Maths',
        kind: 'independent',
        details: '',
        live_url: null,
        updated_at: '',
      })),
    );
    await insertAll(t, 'submissions', submissions);
    await insertAll(t, 'submission_pages', pages);
    await insertAll(t, 'submission_feedback', feedback);
    await insertAll(t, 'session_completions', marks);
    await insertAll(t, 'reward_charts', charts);
    await insertAll(t, 'reward_events', stars);
    await insertAll(t, 'absence_notices', notices);
  });
  return { schoolId: input.schoolId, classIds: classes.map((c) => c.id as string), inboxClassId };
}
