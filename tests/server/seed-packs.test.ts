// The demo's learning packs: a family's first sync has this week's and next week's packs
// (never the draft), with a real three-page PDF that pdf.js opens and a worksheet picture,
// Markdown instructions and links, and Yusuf's own pack linked to his routine step; and a
// fresh seed stores the same bytes every time.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, weekStartOf } from '../../src/server/lib/time.ts';
import type { Pack } from '../../src/shared/packs.ts';
import { bearer, startApp, twoFamilies, type TestApp } from './helpers.ts';
import { synced } from './schedule-fixtures.ts';
import { sha256Hex } from './tus.ts';

let t: TestApp;
let f: Awaited<ReturnType<typeof twoFamilies>>;
let packs: Pack[];
const thisWeek = weekStartOf(new Date(), 'Europe/London');

beforeAll(async () => {
  t = await startApp();
  f = await twoFamilies(t);
  packs = await synced(t.app, f.khan.token, 'pack');
});
afterAll(() => t.close());

const fetchFile = async (sha256: string) => {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/files/${sha256}`,
    headers: bearer(f.khan.token),
  });
  expect(res.statusCode).toBe(200);
  expect(sha256Hex(res.rawPayload)).toBe(sha256);
  return res.rawPayload;
};

/** sha256 and bytes of every file of this week's packs, in a stable order. */
async function thisWeeksFiles(app: TestApp['app']) {
  const rows = await app.db
    .selectFrom('pack_files as f')
    .innerJoin('packs as p', 'p.id', 'f.pack_id')
    .select(['f.name', 'f.sha256', 'f.bytes'])
    .where('p.week_start', '=', thisWeek)
    .orderBy('f.name')
    .execute();
  return rows;
}

describe('the demo packs', () => {
  it('sync this week’s and next week’s published packs to the family, not the draft', async () => {
    const weeks = packs.map((p) => p.weekStart);
    expect(weeks.filter((w) => w === thisWeek)).toHaveLength(3);
    expect(weeks.filter((w) => w === addDays(thisWeek, 7))).toHaveLength(1);
    expect(packs.some((p) => /draft/i.test(p.title))).toBe(false);
    const all = await t.app.db.selectFrom('packs').select(['title', 'published_at']).execute();
    expect(all.filter((p) => p.published_at === null).map((p) => p.title)).toEqual([
      'Science: magnets (draft)',
    ]);
  });

  it('has a maths pack with a real three-page PDF and a worksheet picture, linked to maths', async () => {
    const maths = packs.find((p) => p.weekStart === thisWeek && p.files.length === 2)!;
    expect(maths.title).toMatch(/^Maths/);
    expect(maths.activities.length).toBeGreaterThanOrEqual(2);
    expect(maths.activities.length).toBeLessThanOrEqual(4);
    const [pdfFile, picture] = maths.files;
    expect(pdfFile).toMatchObject({ kind: 'pdf', name: 'Maths worksheets.pdf' });
    const pdf = await fetchFile(pdfFile!.sha256);
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-')).toBe(true);
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
    expect(text.match(/\/Type \/Page(?!s)/g)).toHaveLength(3);

    // pdf.js (what the phone renders with) opens it; each page says which page it is.
    const task = getDocument({ data: new Uint8Array(pdf), verbosity: 0 });
    const doc = await task.promise;
    expect(doc.numPages).toBe(3);
    for (const n of [1, 2, 3]) {
      const page = await doc.getPage(n);
      const words = (await page.getTextContent()).items.map((i) => ('str' in i ? i.str : ''));
      expect(words).toContain(`Page ${n} of 3`);
    }
    await task.destroy();

    expect(picture).toMatchObject({ kind: 'image', contentType: 'image/jpeg' });
    const meta = await sharp(await fetchFile(picture!.sha256)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 1000, 700]);

    const sessions = (await synced(t.app, f.khan.token, 'timetableSession')).filter((s) =>
      maths.sessionIds.includes(s.id),
    );
    expect(sessions).toHaveLength(5);
    expect(sessions.every((s) => s.subject === 'Maths')).toBe(true);
  });

  it('has a reading pack with Markdown instructions (sent as HTML) and https links', async () => {
    const reading = packs.find((p) => p.title === 'Reading and the Romans')!;
    expect(reading.instructionsHtml).toMatch(/<h2>/);
    expect(reading.instructionsHtml).toMatch(/<li>/);
    expect(reading.instructionsHtml).toMatch(/<strong>[^<]+<\/strong>/);
    expect(reading.instructionsHtml).toMatch(/<a href="https:\/\/[^"]+"/);
    expect(reading.links.length).toBeGreaterThanOrEqual(1);
    expect(reading.links.every((l) => l.url.startsWith('https://'))).toBe(true);
  });

  it('has Yusuf’s own pack, linked to his “Get my school pack” step, for his households only', async () => {
    const yusuf = f.pupils.Yusuf!.id;
    const his = packs.find((p) => p.pupilId === yusuf)!;
    expect(his.files).toMatchObject([{ kind: 'image', name: 'Shapes to colour.jpg' }]);
    const routine = (await synced(t.app, f.khan.token, 'visualSchedule')).find(
      (s) => s.title === 'Getting ready for school work',
    )!;
    const step = routine.steps.find((s) => s.label === 'Get my school pack')!;
    expect(his.stepIds).toEqual([step.id]);
    expect(his.sessionIds).toHaveLength(1);
    const novakSees = await synced(t.app, f.novak.token, 'pack');
    expect(novakSees.some((p) => p.pupilId === yusuf)).toBe(false);
    expect(novakSees.map((p) => p.title).toSorted()).toEqual(
      packs
        .filter((p) => p.classId === f.pupils.Maja!.class_id)
        .map((p) => p.title)
        .toSorted(),
    );
  });

  it('stores the same bytes for this week’s files on every fresh seed, once per content', async () => {
    const again = await startApp();
    try {
      const mine = await thisWeeksFiles(t.app);
      expect(mine.map((r) => r.name)).toEqual([
        'Maths worksheets.pdf',
        'Number line.jpg',
        'Shapes to colour.jpg',
      ]);
      expect(await thisWeeksFiles(again.app)).toEqual(mine);
      // Next week reuses the number line: three blobs for four files.
      const blobs = await t.app.db.selectFrom('file_blobs').select('sha256').execute();
      expect(blobs).toHaveLength(3);
    } finally {
      await again.close();
    }
  });
});
