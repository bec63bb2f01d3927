// Issue 5 end to end: a family downloads this week's learning packs (after seeing what it
// costs), loses the signal, opens the PDF (page 2) and the picture inside the app, ticks an
// activity off and asks for a paper copy; back online, the school has each exactly once.
// Then: an unchanged week fetched again downloads no file; a changed file downloads only
// itself. And staff text with scripts, event handlers or javascript: links renders inert.
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPhone, watchForProblems } from './browser.ts';
import { chooseChild, joinAndInstall, outboxCount } from './family.ts';
import { phonePhoto } from './photos.ts';
import { startServer, type RunningServer } from './server.ts';
import { signInStaff, type StaffClient } from './staff.ts';

let browser: Browser;
let server: RunningServer | undefined;

type StaffPack = {
  id: string;
  title: string;
  classId: string;
  weekStart: string | null;
  published: boolean;
  files: Array<{ id: string; name: string; sha256: string; bytes: number; kind: string }>;
  activities: Array<{ id: string; title: string }>;
  progress: Array<{ pupilName: string; doneActivityIds: string[] }>;
  paperRequests: Array<{ id: string; pupilName: string; note: string; postedAt: string | null }>;
};

const mathsTitle = 'Maths this week: adding, times tables, fractions';

beforeAll(async () => {
  browser = await launchBrowser();
});

afterEach(async () => {
  await server?.stop();
  server = undefined;
});

afterAll(async () => {
  await browser?.close();
});

async function staffPacks(staff: StaffClient): Promise<StaffPack[]> {
  return (await staff.get<{ packs: StaffPack[] }>('/api/v1/staff/packs')).packs;
}

/** The hashes of every published pack file of the family's children for that week. */
async function weekFiles(staff: StaffClient, week: string | null): Promise<string[]> {
  const packs = (await staffPacks(staff)).filter((p) => p.weekStart === week && p.published);
  return [...new Set(packs.flatMap((p) => p.files.map((f) => f.sha256)))].toSorted();
}

async function mathsPack(staff: StaffClient): Promise<StaffPack> {
  const pack = (await staffPacks(staff)).find((p) => p.title === mathsTitle);
  if (!pack) throw new Error('demo maths pack missing');
  return pack;
}

/** What the school holds for this family, as its own phone would sync it from scratch. */
async function familySnapshot(page: Page, origin: string) {
  const token = await page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open('homeward');
        open.addEventListener('error', () => reject(open.error));
        open.addEventListener('success', () => {
          const req = open.result.transaction('meta').objectStore('meta').get('device');
          req.addEventListener('success', () => {
            open.result.close();
            resolve((req.result as { value: { token: string } }).value.token);
          });
        });
      }),
  );
  const changes: Array<{ op: string; entity: string; data?: Record<string, unknown> }> = [];
  let since = '';
  for (;;) {
    const res = await fetch(`${origin}/api/v1/sync?since=${encodeURIComponent(since)}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await res.json()) as { changes: typeof changes; cursor: string; more: boolean };
    changes.push(...body.changes);
    since = body.cursor;
    if (!body.more) break;
  }
  return changes;
}

/** Every request the page makes for a pack file (each one is a file it did not have). */
function watchFileRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (req) => {
    const match = /\/api\/v1\/files\/([0-9a-f]{64})$/.exec(new URL(req.url()).pathname);
    if (match?.[1]) seen.push(match[1]);
  });
  return seen;
}

async function openPacks(page: Page): Promise<void> {
  await page.locator('nav a[href="/packs"]').click();
  await page.getByRole('heading', { name: 'Amira’s learning packs' }).waitFor();
}

async function downloadThisWeek(page: Page): Promise<string> {
  await page.getByTestId('download-week').first().click();
  const estimate = (await page.getByTestId('download-estimate').textContent()) ?? '';
  await page.getByTestId('download-confirm').click();
  await page.getByTestId('week-downloaded').first().waitFor({ timeout: 60_000 });
  return estimate;
}

describe('learning packs', () => {
  it('downloads the week, opens the PDF and the picture offline, and delivers a tick and a paper-copy request once', async () => {
    server = await startServer();
    const demo = server.demo();
    const staff = await signInStaff(server.url, demo.staffEmail, demo.staffPassword);
    const maths = await mathsPack(staff);
    const pdf = maths.files.find((f) => f.kind === 'pdf');
    const picture = maths.files.find((f) => f.kind === 'image');
    if (!pdf || !picture) throw new Error('the demo maths pack needs a PDF and a picture');

    const context = await newPhone(browser);
    const page = await joinAndInstall(context, server.url, demo.joinCode);
    const problems = watchForProblems(page);
    const fetched = watchFileRequests(page);
    await chooseChild(page, 'Amira');
    // The timetable's maths session leads to its pack.
    const fromSession = page.getByTestId('session-pack').filter({ hasText: mathsTitle }).first();
    await fromSession.click();
    await page.getByRole('heading', { name: mathsTitle, level: 1 }).waitFor();
    await openPacks(page);
    await page.getByTestId('pack-item').filter({ hasText: mathsTitle }).waitFor();

    // The cost first (files + the PDF reader, once), then a progress bar, then done.
    const estimate = await downloadThisWeek(page);
    expect(estimate).toMatch(/This will use about [\d.]+ (kB|MB) of data, including/);
    // The whole family's week: Amira's class packs and Yusuf's own.
    const week = await weekFiles(staff, maths.weekStart);
    expect(week).toEqual(expect.arrayContaining([pdf.sha256, picture.sha256]));
    expect(week.length).toBeGreaterThan(2);
    expect(fetched.toSorted()).toEqual(week);

    // No signal, and the app starts again from nothing but the phone.
    await context.setOffline(true);
    await page.reload();
    await chooseChild(page, 'Amira');
    await openPacks(page);
    await page.getByRole('link', { name: mathsTitle }).click();
    await page.getByRole('heading', { name: mathsTitle, level: 1 }).waitFor();

    // The PDF pages through inside the app: page 2 is on screen, and it is page 2's text.
    await page.getByTestId('pack-file').filter({ hasText: pdf.name }).getByRole('link').click();
    await page.locator('[data-testid="pdf-canvas"][data-rendered-page="1"]').waitFor();
    expect(await page.getByTestId('pdf-page').textContent()).toBe('Page 1 of 3');
    await page.getByTestId('pdf-next').click();
    await page.locator('[data-testid="pdf-canvas"][data-rendered-page="2"]').waitFor();
    expect(await page.getByTestId('pdf-page').textContent()).toBe('Page 2 of 3');
    await page.getByText('Text of this page').click();
    await expect
      .poll(() => page.getByTestId('pdf-text').textContent(), { timeout: 10_000 })
      .toContain('2');
    // Something was drawn: the canvas is not blank.
    const inked = await page.getByTestId('pdf-canvas').evaluate((c: HTMLCanvasElement) => {
      const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? [];
      let dark = 0;
      for (let i = 0; i < data.length; i += 4) if ((data[i] ?? 255) < 128) dark += 1;
      return dark;
    });
    expect(inked).toBeGreaterThan(500);

    // The picture opens and zooms.
    await page.getByRole('link', { name: /Back to/ }).click();
    await page.getByTestId('pack-file').filter({ hasText: picture.name }).getByRole('link').click();
    const image = page.getByTestId('pack-image');
    await expect
      .poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth))
      .toBeGreaterThan(0);
    await page.getByTestId('zoom-in').click();
    expect(await image.getAttribute('data-zoom')).toBe('1.5');

    // Tick an activity off and ask for a paper copy, both with no signal.
    await page.getByRole('link', { name: /Back to/ }).click();
    const activity = page.getByTestId('activity').first();
    // A controlled checkbox: it shows the mark once IndexedDB has it.
    await activity.getByTestId('activity-done').click();
    await expect.poll(() => activity.getByTestId('activity-done').isChecked()).toBe(true);
    await expect
      .poll(() => activity.getByTestId('delivery').textContent())
      .toBe('Saved on this phone');
    await page.getByTestId('paper-open').click();
    await page.getByLabel('Anything the school should know (optional)').fill('We have no printer');
    await page.getByTestId('paper-send').click();
    await page.getByTestId('paper-request').waitFor();
    expect(await outboxCount(page)).toBe(2);

    // The print view draws every page of the PDF from the phone.
    await page.getByTestId('print-pack').click();
    await page.getByTestId('print-pack-view').waitFor();
    await expect
      .poll(
        () =>
          page
            .locator('.print-pack__pdf [data-rendered-page]:not([data-rendered-page=""])')
            .count(),
        { timeout: 20_000 }, // three pages drawn on a 2-core machine
      )
      .toBe(3);
    await page.goBack();

    // Nothing reached the school yet.
    expect((await mathsPack(staff)).paperRequests).toHaveLength(0);

    await context.setOffline(false);
    await expect.poll(() => outboxCount(page), { timeout: 30_000 }).toBe(0);
    await expect
      .poll(() => activity.getByTestId('delivery').textContent(), { timeout: 10_000 })
      .toBe('Sent to school');
    const after = await mathsPack(staff);
    const amira = after.progress.find((p) => p.pupilName === 'Amira');
    expect(amira?.doneActivityIds).toEqual([maths.activities[0]?.id]);
    expect(after.paperRequests).toHaveLength(1);
    expect(after.paperRequests[0]).toMatchObject({
      pupilName: 'Amira',
      note: 'We have no printer',
    });

    // Exactly once, even after more syncs.
    await page.reload();
    await page.getByRole('heading', { name: mathsTitle, level: 1 }).waitFor();
    const changes = await familySnapshot(page, server.url);
    const ticks = changes.filter(
      (c) => c.entity === 'activityCompletion' && c.data?.packId === maths.id,
    );
    expect(ticks).toHaveLength(1);
    expect(changes.filter((c) => c.entity === 'paperRequest')).toHaveLength(1);

    // Staff post the copy; the family sees it.
    await staff.post(`/api/v1/staff/paper-requests/${after.paperRequests[0]?.id}/posted`, {});
    await page.reload();
    await expect
      .poll(() => page.getByTestId('paper-status').textContent(), { timeout: 20_000 })
      .toMatch(/^posted on /);
    expect([...problems]).toEqual([]);
    await context.close();
  });

  it('fetches nothing again for an unchanged week, and only the changed file when one changes', async () => {
    server = await startServer();
    const demo = server.demo();
    const staff = await signInStaff(server.url, demo.staffEmail, demo.staffPassword);
    const maths = await mathsPack(staff);
    // Yusuf's own pack has a picture no other pack shares: its old copy must go.
    const shapesPack = (await staffPacks(staff)).find((p) => p.title === 'Yusuf’s shapes');
    const picture = shapesPack?.files[0];
    if (!shapesPack || !picture) throw new Error('the demo pack "Yusuf’s shapes" is missing');

    const context = await newPhone(browser);
    const page = await joinAndInstall(context, server.url, demo.joinCode);
    const fetched = watchFileRequests(page);
    await chooseChild(page, 'Amira');
    await openPacks(page);
    await downloadThisWeek(page);
    const week = await weekFiles(staff, maths.weekStart);
    expect(fetched.toSorted()).toEqual(week);

    // Again: a new session, a sync, the packs screen — no file is fetched.
    fetched.length = 0;
    await page.reload();
    await chooseChild(page, 'Amira');
    await openPacks(page);
    await page.getByTestId('week-downloaded').first().waitFor();
    await page.waitForTimeout(1500); // give the after-sync check time to (not) fetch
    expect(fetched).toEqual([]);

    // The school replaces the picture: same file, new bytes.
    const replacement = await phonePhoto(1200, 800, 3);
    const res = await fetch(
      `${server.url}/api/v1/staff/packs/${shapesPack.id}/files/${picture.id}?name=${encodeURIComponent(picture.name)}&replaces=${picture.sha256}`,
      {
        method: 'PUT',
        headers: { cookie: staff.cookie, 'content-type': 'image/jpeg' },
        body: new Uint8Array(replacement),
      },
    );
    expect(res.status).toBe(200);
    const newWeek = await weekFiles(staff, maths.weekStart);
    const newPicture = (await staffPacks(staff))
      .find((p) => p.id === shapesPack.id)
      ?.files.find((f) => f.id === picture.id);
    expect(newPicture?.sha256).not.toBe(picture.sha256);
    // Every other file of the week kept its hash.
    expect(newWeek.filter((h) => h !== newPicture?.sha256)).toEqual(
      week.filter((h) => h !== picture.sha256),
    );

    // The phone syncs; the week is kept, so the new picture comes, alone.
    await page.reload();
    await expect.poll(() => fetched, { timeout: 30_000 }).toEqual([newPicture?.sha256]);
    await chooseChild(page, 'Amira');
    await openPacks(page);
    await page.getByTestId('week-downloaded').first().waitFor();
    // The old copy is gone from the phone.
    const cached = await page.evaluate(async () => {
      const cache = await caches.open('homeward-files');
      return (await cache.keys()).map((r) => new URL(r.url).pathname.split('/').pop());
    });
    expect(cached.toSorted()).toEqual(newWeek);
    expect(cached).not.toContain(picture.sha256);

    // The storage screen frees one pack's files (and stops keeping them).
    await page.getByTestId('storage-link').click();
    const shapesRow = page.getByTestId('storage-item').filter({ hasText: 'Yusuf’s shapes' });
    await shapesRow.getByTestId('storage-remove').click();
    await page.getByText(/^Freed /).waitFor();
    await expect.poll(() => shapesRow.count()).toBe(0);
    const left = await page.evaluate(async () => {
      const cache = await caches.open('homeward-files');
      return (await cache.keys()).map((r) => new URL(r.url).pathname.split('/').pop());
    });
    expect(left).not.toContain(newPicture?.sha256);
    expect(left.length).toBe(newWeek.length - 1);
    await context.close();
  });

  it('renders staff text with scripts, event handlers and javascript: links inert', async () => {
    server = await startServer();
    const demo = server.demo();
    const staff = await signInStaff(server.url, demo.staffEmail, demo.staffPassword);
    const maths = await mathsPack(staff);
    const hostile = [
      '## What to do',
      'Read **page 2** first.',
      '<script>window.__pwned = "script"</script>',
      '<img src="x" onerror="window.__pwned = \'img\'">',
      '<a href="javascript:window.__pwned = \'link\'" id="js-link">Click me</a>',
      '[Markdown link](javascript:window.__pwned=1)',
      '<p onmouseover="window.__pwned = \'hover\'" id="hover-me">Hover me</p>',
      '<iframe src="https://example.com"></iframe>',
      '<svg onload="window.__pwned = \'svg\'"></svg>',
      '[Times tables](https://www.bbc.co.uk/bitesize)',
    ].join('\n\n');
    const id = crypto.randomUUID();
    await staff.put(`/api/v1/staff/packs/${id}`, {
      classId: maths.classId,
      pupilId: null,
      weekStart: maths.weekStart,
      title: 'Careful text',
      instructions: hostile,
      links: [],
      activities: [],
      sessionIds: [],
      stepIds: [],
      published: true,
    });

    const context = await newPhone(browser);
    const page = await joinAndInstall(context, server.url, demo.joinCode);
    await chooseChild(page, 'Amira');
    await openPacks(page);
    await page.getByRole('link', { name: 'Careful text' }).click();
    const text = page.getByTestId('instructions');
    await text.waitFor();
    // What staff meant survives: a heading (under the page's own), bold, a safe link.
    expect(await text.locator('h3').textContent()).toBe('What to do');
    expect(await text.locator('strong').textContent()).toBe('page 2');
    const safe = text.getByRole('link', { name: 'Times tables' });
    expect(await safe.getAttribute('href')).toBe('https://www.bbc.co.uk/bitesize');
    expect(await safe.getAttribute('rel')).toBe('noopener noreferrer');
    // Nothing else: no script, no handler, no javascript: URL, and nothing ran.
    await page.locator('#hover-me, p:has-text("Hover me")').first().hover();
    await text.getByText('Click me').click();
    await page.waitForTimeout(300);
    const report = await text.evaluate((root) => ({
      pwned: (window as { __pwned?: unknown }).__pwned ?? null,
      dangerous: root.querySelectorAll('script, iframe, img, svg, object, embed, form').length,
      handlers: [...root.querySelectorAll('*')].flatMap((el) =>
        el.getAttributeNames().filter((n) => n.startsWith('on')),
      ),
      hrefs: [...root.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')),
    }));
    expect(report.pwned).toBeNull();
    expect(report.dangerous).toBe(0);
    expect(report.handlers).toEqual([]);
    for (const href of report.hrefs) expect(href).toMatch(/^https:/);
    expect(page.url()).toMatch(/\/packs\//);
    await context.close();
  });

  it('plays a pack’s sound file with no signal', async () => {
    server = await startServer();
    const demo = server.demo();
    const staff = await signInStaff(server.url, demo.staffEmail, demo.staffPassword);
    const maths = await mathsPack(staff);

    const context = await newPhone(browser);
    const page = await joinAndInstall(context, server.url, demo.joinCode);
    // A real clip, as a teacher's phone records one: a tone through MediaRecorder (WebM).
    const clip = await page.evaluate(async () => {
      const audio = new AudioContext();
      const tone = audio.createOscillator();
      const out = audio.createMediaStreamDestination();
      tone.connect(out);
      tone.start();
      const recorder = new MediaRecorder(out.stream, { mimeType: 'audio/webm' });
      const parts: Blob[] = [];
      recorder.addEventListener('dataavailable', (e) => parts.push(e.data));
      const stopped = new Promise((resolve) => recorder.addEventListener('stop', resolve));
      recorder.start();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      recorder.stop();
      await stopped;
      tone.stop();
      const bytes = new Uint8Array(await new Blob(parts).arrayBuffer());
      let binary = '';
      for (const b of bytes) binary += String.fromCharCode(b);
      return btoa(binary);
    });
    const fileId = crypto.randomUUID();
    const res = await fetch(
      `${server.url}/api/v1/staff/packs/${maths.id}/files/${fileId}?name=${encodeURIComponent('Times tables song.webm')}`,
      {
        method: 'PUT',
        headers: { cookie: staff.cookie, 'content-type': 'audio/webm' },
        body: new Uint8Array(Buffer.from(clip, 'base64')),
      },
    );
    expect(res.status).toBe(201);

    await page.reload();
    await chooseChild(page, 'Amira');
    await openPacks(page);
    await page.getByRole('link', { name: mathsTitle }).click();
    const song = page.getByTestId('pack-file').filter({ hasText: 'Times tables song.webm' });
    await song.waitFor({ timeout: 20_000 });
    // Opened once with signal (kept: the data is spent), then with none.
    await song.getByRole('link').click();
    await page.getByTestId('pack-audio').waitFor();
    await page.goBack();
    await context.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { name: mathsTitle, level: 1 }).waitFor();
    await song.getByRole('link').click();
    const audio = page.getByTestId('pack-audio');
    await audio.waitFor();
    const played = await audio.evaluate(async (el: HTMLAudioElement) => {
      el.muted = true; // no speakers on the test machine; playing is what counts
      if (el.readyState < 1) {
        await new Promise((resolve) =>
          el.addEventListener('loadedmetadata', resolve, { once: true }),
        );
      }
      await el.play();
      await new Promise((resolve) => setTimeout(resolve, 500));
      return { time: el.currentTime, error: el.error?.code ?? null };
    });
    expect(played.error).toBeNull();
    expect(played.time).toBeGreaterThan(0);
    await context.close();
  });
});
