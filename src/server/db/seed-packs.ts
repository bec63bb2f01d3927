// The demo's learning packs, for this week's and next week's timetables:
//   - Year 4 Oak, this week: a maths pack with a three-page worksheet PDF and a number-line
//     picture, four activities, linked to the week's maths sessions
//   - Year 4 Oak, this week: reading and the Romans topic, instructions in Markdown and links
//   - Yusuf (Year 1 Willow, visualSupport), this week: shapes to colour, linked to his
//     "Get my school pack" routine step and Wednesday's maths session
//   - Year 4 Oak, next week: measuring (it reuses the number line: stored once)
//   - Year 4 Oak, next week: a draft no family sees
// Files come from seed-pack-files.ts and are stored like a staff upload (db/blobs.ts).
import type { Transaction } from 'kysely';
import { v7 as uuid } from 'uuid';
import type { PackActivity, PackLink, StaffPackBody } from '../../shared/packs.ts';
import type { ScheduleStep } from '../../shared/schedules.ts';
import { canonicalHash } from '../lib/canonical.ts';
import { addDays } from '../lib/time.ts';
import type { ProcessedPackFile } from '../lib/pack-files.ts';
import type { FileStorage } from '../storage/index.ts';
import { claimBlob, stageBlob } from './blobs.ts';
import { fileColumns, packColumns } from './packs.ts';
import { demoPackFiles } from './seed-pack-files.ts';
import type { Database } from './schema.ts';

export type SeededPacks = {
  maths: string;
  reading: string;
  yusuf: string;
  nextWeek: string;
  draft: string;
};

type Ctx = {
  trx: Transaction<Database>;
  storage: FileStorage;
  at: string;
};

const activities = (...titles: string[]): PackActivity[] =>
  titles.map((title) => ({ id: uuid(), title }));

const mathsInstructions = `## This week in maths

Try **one page a day**. Print the worksheets, or copy the questions onto paper.

- Monday: column addition (page 1)
- Tuesday: the 6 and 9 times tables (page 2)
- Wednesday: fractions of shapes (page 3)
- Thursday: number line jumps (the picture)

When you finish a page, tick it off here and hand in a photo of it from the timetable.`;

const readingInstructions = `## Reading every day

Read your reading book for **20 minutes** a day and write the page you reached in your reading record.

## Romans topic

1. Look at the pictures of Roman soldiers on [BBC Bitesize](https://www.bbc.co.uk/bitesize/topics/zwmpfg8).
2. Draw and label a Roman soldier: what did he carry, and why?
3. Write **three facts** you found out.

No printer at home? Ask us for a paper copy of this pack and we will post it.`;

const yusufInstructions = `## First, then

**First** get your pack. **Then** colour the shapes.

- circle: red
- square: blue
- triangle: yellow

Stop when you are ready. Well done!`;

const measuringInstructions = `## Measuring next week

Find a ruler or a tape measure. Measure **five things** in your kitchen in centimetres.

Use the number line to count on in jumps of 10.`;

async function insertPack(
  c: Ctx,
  o: StaffPackBody & { id: string; staffId: string; files: [string, ProcessedPackFile][] },
) {
  const { id, staffId, files, ...body } = o;
  await c.trx
    .insertInto('packs')
    .values({
      id,
      ...packColumns(body),
      published_at: body.published ? c.at : null,
      // As if staff had sent this body: the same PUT again changes nothing.
      body_hash: canonicalHash(body),
      created_by: staffId,
      updated_by: staffId,
      created_at: c.at,
      updated_at: c.at,
    })
    .execute();
  for (const [position, [name, file]] of files.entries()) {
    const staged = await stageBlob(c.trx, c.storage, file);
    await claimBlob(c.trx, file, staged, c.at);
    await c.trx
      .insertInto('pack_files')
      .values({
        id: uuid(),
        pack_id: id,
        position,
        name,
        ...fileColumns(file),
        staff_id: staffId,
        updated_at: c.at,
      })
      .execute();
  }
}

async function sessionIds(
  trx: Transaction<Database>,
  weekId: string,
  subject: string,
  date?: string,
): Promise<string[]> {
  let q = trx
    .selectFrom('timetable_sessions')
    .select('id')
    .where('week_id', '=', weekId)
    .where('subject', '=', subject)
    .where('pupil_id', 'is', null);
  if (date) q = q.where('date', '=', date);
  return (await q.orderBy('date').execute()).map((r) => r.id);
}

export async function seedPacks(
  trx: Transaction<Database>,
  storage: FileStorage,
  o: {
    now: Date;
    weekStarts: [string, string];
    oak: { classId: string; weekIds: [string, string]; staffId: string };
    willow: { classId: string; weekIds: [string, string]; staffId: string };
    yusuf: { pupilId: string; routineId: string };
  },
): Promise<SeededPacks> {
  const files = await demoPackFiles();
  const c: Ctx = { trx, storage, at: o.now.toISOString() };
  const ids: SeededPacks = {
    maths: uuid(),
    reading: uuid(),
    yusuf: uuid(),
    nextWeek: uuid(),
    draft: uuid(),
  };
  const [thisWeek, nextWeek] = o.weekStarts;
  const common = { pupilId: null, stepIds: [], published: true };
  const bitesizeMaths: PackLink = {
    title: 'KS2 maths games (BBC Bitesize)',
    url: 'https://www.bbc.co.uk/bitesize/subjects/z826n39',
  };

  await insertPack(c, {
    ...common,
    id: ids.maths,
    staffId: o.oak.staffId,
    classId: o.oak.classId,
    weekStart: thisWeek,
    title: 'Maths this week: adding, times tables, fractions',
    instructions: mathsInstructions,
    links: [bitesizeMaths],
    activities: activities(
      'Page 1: column addition',
      'Page 2: the 6 and 9 times tables',
      'Page 3: fractions of shapes',
      'Number line jumps',
    ),
    sessionIds: await sessionIds(trx, o.oak.weekIds[0], 'Maths'),
    files: [
      ['Maths worksheets.pdf', files.worksheet],
      ['Number line.jpg', files.numberLine],
    ],
  });
  await insertPack(c, {
    ...common,
    id: ids.reading,
    staffId: o.oak.staffId,
    classId: o.oak.classId,
    weekStart: thisWeek,
    title: 'Reading and the Romans',
    instructions: readingInstructions,
    links: [
      {
        title: 'Free eBooks (Oxford Owl)',
        url: 'https://www.oxfordowl.co.uk/for-home/find-a-book/library-page/',
      },
      { title: 'The Romans (BBC Bitesize)', url: 'https://www.bbc.co.uk/bitesize/topics/zwmpfg8' },
    ],
    activities: activities(
      'Read for 20 minutes on three days',
      'Draw and label a Roman soldier',
      'Write three Roman facts',
    ),
    sessionIds: [
      ...(await sessionIds(trx, o.oak.weekIds[0], 'Reading')),
      ...(await sessionIds(trx, o.oak.weekIds[0], 'Independent project', thisWeek)),
    ],
    files: [],
  });

  const routine = await trx
    .selectFrom('visual_schedules')
    .select('steps')
    .where('id', '=', o.yusuf.routineId)
    .executeTakeFirstOrThrow();
  const packStep = (JSON.parse(routine.steps) as ScheduleStep[]).find(
    (s) => s.label === 'Get my school pack',
  );
  await insertPack(c, {
    ...common,
    id: ids.yusuf,
    staffId: o.willow.staffId,
    classId: o.willow.classId,
    pupilId: o.yusuf.pupilId,
    weekStart: thisWeek,
    title: 'Yusuf’s shapes',
    instructions: yusufInstructions,
    links: [],
    activities: activities('Colour the circle', 'Colour the square', 'Colour the triangle'),
    // Wednesday is the shape hunt in Year 1's maths.
    sessionIds: await sessionIds(trx, o.willow.weekIds[0], 'Maths', addDays(thisWeek, 2)),
    stepIds: packStep ? [packStep.id] : [],
    files: [['Shapes to colour.jpg', files.shapes]],
  });

  await insertPack(c, {
    ...common,
    id: ids.nextWeek,
    staffId: o.oak.staffId,
    classId: o.oak.classId,
    weekStart: nextWeek,
    title: 'Maths next week: measuring',
    instructions: measuringInstructions,
    links: [bitesizeMaths],
    activities: activities('Measure five things', 'Count on in tens on the number line'),
    sessionIds: await sessionIds(trx, o.oak.weekIds[1], 'Maths'),
    files: [['Number line.jpg', files.numberLine]],
  });
  await insertPack(c, {
    ...common,
    id: ids.draft,
    staffId: o.oak.staffId,
    classId: o.oak.classId,
    weekStart: nextWeek,
    title: 'Science: magnets (draft)',
    instructions: 'Still being written: test ten things at home with a magnet.',
    links: [],
    activities: activities('Test ten objects'),
    sessionIds: [],
    published: false,
    files: [],
  });
  return ids;
}
